"""Recognise the structure of a pasted legal text: sections, chapters, articles, points, annexes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .orthography import normalize_apostrophes


@dataclass(frozen=True)
class Provision:
    """An addressable article or point of the document."""

    key: str
    kind: str
    number: str
    label: str
    heading: str
    text: str
    chapter: str
    section: str
    annex: int
    position: int


@dataclass(frozen=True)
class Block:
    """One displayable piece of the text, in document order."""

    kind: str
    text: str
    key: str = ""


@dataclass(frozen=True)
class Structure:
    """The parsed document: its provisions and all of its blocks."""

    provisions: list[Provision]
    blocks: list[Block]

    def provision(self, key: str) -> Provision | None:
        """Return the provision with this key, or None."""
        return next((p for p in self.provisions if p.key == key), None)


# Headings longer than this are sentences that happen to start like a heading.
_MAX_HEADING = 200

_NUM = r"\d+(?:[.\-–]\d+)*|[IVXLC]+"


def _heading_re(keywords: str) -> re.Pattern[str]:
    # Both "1-bob" / "II BOB" and "Глава 1" / "Chapter II" orders occur in every language.
    return re.compile(
        rf"^(?P<label>(?P<n1>{_NUM})\s*[-–—]?\s*(?:{keywords})|(?:{keywords})\s+(?P<n2>{_NUM}))"
        r"(?!\w)\s*(?P<sep>[.:]?)\s*(?P<rest>.*)$",
        re.IGNORECASE,
    )


_SECTION = _heading_re(r"boʻ?lim|бўлим|раздел|section|part")
_CHAPTER = _heading_re(r"bob|боб|глава|chapter")
_ARTICLE = _heading_re(r"modda|модда|статья|article")
# Text must follow the space, so "2024." or "12.03.2024 y." are not points; it may start with a
# date or a number, as in "1. 2026-yil 1-yanvardan boshlab ...".
_POINT = re.compile(r"^(?P<label>(?P<n1>\d{1,3})\.)\s+(?=[«\"“„(]?[^\W_])")

_ANNEX_WORD = r"ilova|илова|приложение|annex|appendix"
_ANNEX = re.compile(
    rf"(?:^|\s)(?:\d+\s*[-–]\s*)?(?:{_ANNEX_WORD})(?:\s*(?:№|N)?\s*\d+)?\s*[.:]?$"
    rf"|^(?:{_ANNEX_WORD})\s*(?:№|N)?\s*\d+(?!\w)",
    re.IGNORECASE,
)

# "Viloyat hokimi  A. Karimov": a title followed by initials and a surname closes the text,
# so it must not be glued to the last point.
_UPPER = "A-ZА-ЯЁЎҚҒҲ"
_SIGNATURE = re.compile(rf"^[^\W\d_][^\d;:()]{{0,80}}?\s(?:[{_UPPER}][a-zʻ]?\.\s?){{1,2}}[{_UPPER}][^\s\d.,;:]+$")


def _normalize(line: str) -> str:
    # Length-preserving, so match offsets can be used to slice the original line.
    return re.sub(r"\s", " ", normalize_apostrophes(line))


def _classify(norm: str) -> tuple[str, re.Match[str] | None]:
    short = len(norm) < _MAX_HEADING
    for kind, pattern in (("section", _SECTION), ("chapter", _CHAPTER), ("article", _ARTICLE)):
        match = pattern.match(norm)
        # "5-modda talablariga ..." or "Статья 5 настоящего ..." are references, not headings.
        if match and (short or kind == "article") and (match["sep"] or not match["rest"][:1].islower()):
            return kind, match
    if match := _POINT.match(norm):
        return "point", match
    if short and _ANNEX.search(norm):
        return "annex", None
    if _SIGNATURE.match(norm):
        return "signature", None
    return "paragraph", None


class _Builder:
    """Accumulates blocks and provisions while walking the lines in order."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.drafts: list[tuple[dict[str, object], list[str]]] = []
        self.body: list[str] | None = None  # lines of the provision being read
        self.chapter = self.section = ""
        self.annex = 0

    def start_annex(self, line: str, annex: int) -> None:
        if annex == self.annex and self.blocks and self.blocks[-1].kind == "annex":
            # A caption split over several lines is still one annex.
            self.blocks[-1] = Block("annex", f"{self.blocks[-1].text}\n{line}")
            return
        self.annex, self.chapter, self.section, self.body = annex, "", "", None
        self.blocks.append(Block("annex", line))

    def division(self, kind: str, line: str) -> None:
        if kind == "section":
            self.section, self.chapter = line, ""
        else:
            self.chapter = line
        self.body = None
        self.blocks.append(Block(kind, line))

    def provision(self, kind: str, line: str, match: re.Match[str]) -> None:
        prefix = f"annex{self.annex}-" if self.annex else ""
        groups = match.groupdict()
        number = groups["n1"] or groups.get("n2")
        base = f"{prefix}{'art' if kind == 'article' else 'p'}-{number}"
        key, n = base, 1
        taken = {fields["key"] for fields, _ in self.drafts}
        while key in taken:
            n += 1
            key = f"{base}-{n}"
        self.body = [] if kind == "article" else [line[match.end() :]]
        fields = {
            "key": key,
            "kind": kind,
            "number": number,
            "label": line[match.start("label") : match.end("label")],
            "heading": line[match.start("rest") :] if kind == "article" else "",
            "chapter": self.chapter,
            "section": self.section,
            "annex": self.annex,
            "position": len(self.drafts),
        }
        self.drafts.append((fields, self.body))
        self.blocks.append(Block(kind, line, key))

    def paragraph(self, line: str, closes: bool = False) -> None:
        if closes:
            self.body = None
        elif self.body is not None:
            self.body.append(line)
        self.blocks.append(Block("paragraph", line))

    def result(self) -> Structure:
        provisions = [Provision(text="\n".join(body), **fields) for fields, body in self.drafts]
        return Structure(provisions=provisions, blocks=self.blocks)


def parse(text: str) -> Structure:
    """Split a legal text into ordered blocks and addressable provisions."""
    lines = [line.strip() for line in text.lstrip("\ufeff").splitlines()]
    lines = [line for line in lines if line]
    norms = [_normalize(line) for line in lines]
    kinds = [_classify(norm) for norm in norms]

    # Segment 0 is the main text, segment N the N-th annex.
    segments, segment = [], 0
    for i, (kind, _) in enumerate(kinds):
        if kind == "annex" and (i == 0 or kinds[i - 1][0] != "annex"):
            segment += 1
        segments.append(segment)
    # Where articles exist, "1. ..." lines are numbered parts of an article, not points.
    with_articles = {seg for seg, (kind, _) in zip(segments, kinds, strict=True) if kind == "article"}

    builder = _Builder()
    i = 0
    while i < len(lines):
        line, (kind, match), segment = lines[i], kinds[i], segments[i]
        i += 1
        if kind == "annex":
            builder.start_annex(line, segment)
        elif kind in ("section", "chapter"):
            # "1-BOB." with "UMUMIY QOIDALAR" on the next line is one heading.
            if not match["rest"] and i < len(lines) and kinds[i][0] == "paragraph" and norms[i].isupper():
                line = f"{line} {lines[i]}"
                i += 1
            builder.division(kind, line)
        elif kind == "article" or (kind == "point" and segment not in with_articles):
            builder.provision(kind, line, match)
        else:
            builder.paragraph(line, closes=kind == "signature")
    return builder.result()
