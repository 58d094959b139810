"""Recognise the structure of a pasted legal text: sections, chapters, articles, points, sub-points, annexes, tables.

Keys are stable, URL-safe addresses that comments attach to:
- articles `art-5`, points `p-3`; inside an annex the printed annex number is a prefix (`annex2-p-4`);
- a superscript number flattened by copying ("271-modda" between 27 and 28) is read as 27¹ and keyed
  `art-27-1`; a repeated number gets a counter suffix (`p-1-2`) when that key is still free;
- sub-points `1)`, `a)`, `а)` hang under their point or article after a dot: `p-2.a`, `art-5.1`, and
  under a numbered part of an article `art-4.2.a`; Cyrillic letters are keyed in Latin (`а)` is `a`).
  The dot cannot occur in the other keys, so a sub-point never collides with a superscript article.
  A list of `1)` with no point open is itself the list of points (`p-1`, `p-2`). Letters after a numbered
  item that ends with a colon ("1) qonunchilikka muvofiq:") are nested under it: `art-374.1.a`. A flattened
  superscript item ("41)" between "4)" and "5)") is 4¹, keyed `.4-1`; so is a number that opens an excerpt
  ("1264-modda" before "127-modda" is 126⁴).
- a list item that ends with a dash ("sodir etilgan boʻlsa, —") ends its list: the penalty line that follows
  belongs to the article; so does an item whose line already began a new sentence.
- "1-kichik boʻlim" (a sub-section) and "1-§" headings end the provision before them; a chapter heading or a
  list item glued to the end of a line by a lost line break ("... qiladi. X bob. ...", "...; 20) ...") is
  split off.
A table is a run of lines whose cells are separated by TAB characters (what pasting a Word table
gives); its rows are not points. A sentence whose words a justified PDF spaced with tabs is text.
Page furniture copied from the legislation database ("Kuchga kirish sanasi", "Oldingi tahrirga
qarang.", amendment notes) becomes `note` blocks, kept out of provisions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .numbering import (
    ORDINAL,
    ROMAN,
    latin_roman,
    leading_flattened,
    letter_key,
    ordinal_value,
    resolve_flattened,
    superscript,
)
from .orthography import normalize_apostrophes


@dataclass(frozen=True)
class Provision:
    """An addressable article, point or sub-point of the document."""

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
    parent: str = ""


@dataclass(frozen=True)
class Block:
    """One displayable piece of the text, in document order."""

    kind: str
    text: str
    key: str = ""
    # The printed number of a section, chapter or annex; not part of equality, so tests and callers
    # that compare blocks by kind, text and key keep working.
    number: str = field(default="", compare=False)

    @property
    def rows(self) -> list[list[str]]:
        """A table's cells, row by row (empty for other blocks)."""
        return [row.split("\t") for row in self.text.split("\n")] if self.kind == "table" else []


@dataclass(frozen=True)
class Structure:
    """The parsed document: its provisions and all of its blocks."""

    provisions: list[Provision]
    blocks: list[Block]
    # A code has thousands of provisions and pages look each one up: an index, not a scan.
    _by_key: dict[str, Provision] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {p.key: p for p in self.provisions})

    def provision(self, key: str) -> Provision | None:
        """Return the provision with this key, or None."""
        return self._by_key.get(key)


# Headings longer than this are sentences that happen to start like a heading.
_MAX_HEADING = 200

_NUM = rf"\d+(?:[.\-–]\d+)*|{ROMAN}\d?"


def _heading_re(keywords: str) -> re.Pattern[str]:
    # "1-bob" / "II BOB" / "Глава 1" / "Chapter II" orders occur in every language, and sections are
    # also counted in words: "IKKINCHI BOʻLIM", "РАЗДЕЛ ПЕРВЫЙ".
    return re.compile(
        rf"^(?P<label>(?P<n1>{_NUM})\s*[-–—]?\s*(?:{keywords})|(?:{keywords})\s+(?P<n2>{_NUM})"
        rf"|(?P<o1>{ORDINAL})\s+(?:{keywords})|(?:{keywords})\s+(?P<o2>{ORDINAL}))"
        r"(?!\w)\s*(?P<sep>[.:]?)\s*(?P<rest>.*)$",
        re.IGNORECASE,
    )


_SECTION = _heading_re(r"boʻ?lim|бўлим|раздел|section|part")
_CHAPTER = _heading_re(r"bob|боб|глава|chapter")
_ARTICLE = _heading_re(r"modda|модда|статья|article")
# Older resolutions and their Nizom title chapters "I. Umumiy qoidalar" without the word bob/глава.
_ROMAN_CHAPTER = re.compile(rf"^(?P<label>(?P<n1>{ROMAN}\d?)\.)\s+(?P<rest>[^\W\d_].{{0,150}})$")
# Text must follow the space, so "2024." or "12.03.2024 y." are not points; it may start with a
# date or a number, as in "1. 2026-yil 1-yanvardan boshlab ...".
_POINT = re.compile(r"^(?P<label>(?P<n1>\d{1,3})\.)\s+(?=[«\"“„(]?[^\W_])")
_SUBPOINT = re.compile(r"^(?P<label>(?P<n1>\d{1,3}|[^\W\d_])\))\s+(?=\S)")

_ANNEX_WORD = r"ilova|илова|приложение|annex|appendix"
_ANNEX = re.compile(
    rf"(?:^|\s)(?:\d+\s*[-–]\s*)?(?:{_ANNEX_WORD})(?:\s*(?:№|N)?\s*\d+)?\s*[.:]?$"
    rf"|^(?:{_ANNEX_WORD})\s*(?:№|N)?\s*\d+(?!\w)",
    re.IGNORECASE,
)
_ANNEX_NUMBER = re.compile(rf"(\d+)\s*[-–]\s*(?:{_ANNEX_WORD})|(?:{_ANNEX_WORD})\s*(?:№|N)?\s*(\d+)", re.IGNORECASE)
# The lines of a caption above "2-ILOVA": who issued the act, when, under which number, "...ga".
_CAPTION_PART = re.compile(
    r"(?:qaroriga|qarorga|farmoniga|farmoyishiga|buyrugʻiga|қарорига|фармонига|фармойишига|буйруғига"
    r"|постановлению|указу|распоряжению|приказу|решению|ning|нинг|ларнинг)[,]?$"
    r"|\d{4}\s*(?:-?\s*yil|йил|г\.|года)|^от\s+\d|-son\b|-сон\b|№"
    r"|roʻyxatga olingan|рўйхатга олинган|зарегистрирован|vazirligi|вазирлиги|министерств"
    r"|^(?:Oʻzbekiston Respublikasi|Ўзбекистон Республикаси|Республики Узбекистан)$",
    re.IGNORECASE,
)

# What copying from the legislation database brings along: links to other editions, the entry into
# force box, the language switcher, and the amendment notes in parentheses under a changed provision.
_FURNITURE = re.compile(
    r"^(?:oldingi|keyingi) tahrirga (?:qarang|havola)\.?$|^(?:олдинги|кейинги) таҳрирга қаранг\.?$"
    r"|^см\.? (?:предыдущую|следующую) редакцию\.?$|^lexuz (?:sharhi|шарҳи)$|^комментарий lexuz$"
    r"|^(?:kuchga kirish sanasi|кучга кириш санаси|дата вступления в силу)$"
    r"|^(?:hujjat kuchini yoʻqotgan|ҳужжат кучини йўқотган|документ утратил силу)\b"
    r"|^(?:рус|ўзб|oʻzb|eng|uzb)$|^амалдаги версияга ўтиш$|^amaldagi versiyaga oʻtish$"
    r"|qonunchilik maʼlumotlari milliy bazasi$|қонунчилик маълумотлари миллий базаси$"
    r"|^национальная база данных законодательства|^doʻstlaringiz bilan baham:"
    r"|^\(.*(?:tahririda|kiritilgan|chiqarilgan|kuchini yoʻqotgan|toʻldirilgan|таҳририда|киритилган"
    r"|чиқарилган|кучини йўқотган|тўлдирилган|в редакции|утратил|дополнен|исключ|введен).*\)?$"
    # The same notes cut short still open with what they annotate: "(9-bandning ...", "(пункт 2 ...".
    r"|^\((?:\d+-(?:band|modda|bob|boʻlim|qism|ilova|банд|модда|боб|бўлим|илова)|пункт|стать|глав|раздел"
    r"|приложени|qaror nomi|ilova nomi|қарор номи|илова номи)",
    re.IGNORECASE,
)
# "Toshkent sh., 2024-yil 10-may" and "г. Ташкент,": the place-and-date line that ends the text.
_PLACE_DATE = re.compile(r"^(?:[^\W\d_]+ (?:sh|ш)\.,|г\. [^\W\d_]+,)")

# "Viloyat hokimi  A. Karimov": a title followed by initials and a surname closes the text,
# so it must not be glued to the last point.
_UPPER = "A-ZА-ЯЁЎҚҒҲ"
_SIGNATURE = re.compile(rf"^[^\W\d_][^\d;:()]{{0,80}}?\s(?:[{_UPPER}][a-zʻ]?\.\s?){{1,2}}[{_UPPER}][^\s\d.,;:]+$")
_BULLET = re.compile(r"^[•▪◦·]\s+")
# "1-kichik boʻlim. ..." (a sub-section of a code) and "1-§. ..." (a paragraph group in a chapter): headings
# between the numbered divisions. They are no unit of their own, but they end the provision before them.
_SUBDIVISION = re.compile(
    r"^(?:\d+\s*-\s*(?:kichik\s+boʻ?lim|кичик\s+бўлим)|\d+\s*-\s*§|§\s*\d+|подраздел\s+\d+)(?!\w)", re.I
)
# A copy that lost a line break glues a chapter heading to the sentence before it: "... qiladi. X bob. Title".
_GLUED_CHAPTER = re.compile(
    rf"^(?P<head>.*\S\.)\s+(?P<tail>{ROMAN}\d?\s+(?:bob|боб|глава)\.\s+[^\W\d_][^.]{{2,150}})$", re.I
)
_LIST_ITEM_START = re.compile(r"^(\d{1,3})\)\s")
# A sentence that ends and a capitalised one that begins on the same line of a list item.
_NEW_SENTENCE = re.compile(rf"[a-zа-яёўқғҳ]\.\s+[{_UPPER}]")
_ENTRY_INTO_FORCE = re.compile(r"kuchga kirish sanasi|кучга кириш санаси|дата вступления в силу", re.IGNORECASE)
_BARE_DATE = re.compile(r"^\d{2}\.\d{2}\.\d{4}$")


def _tabbed_prose(line: str) -> bool:
    """A sentence whose words are spaced with tabs (copied from a justified PDF), not a table row."""
    if "\t" not in line:
        return False
    cells = [cell.strip() for cell in line.strip().split("\t")]
    words = [cell for cell in cells if re.fullmatch(r"[^\W\d_][\w\-ʻʼ’‘'`]*[.,;:]?", cell)]
    lowercase = [cell for cell in cells[1:] if cell[:1].islower()]
    spaced_words = len(cells) >= 5 and len(words) >= 0.7 * len(cells)
    sentence = len(lowercase) >= 0.3 * len(cells) or line.rstrip().endswith((".", ";", ":", ","))
    # Justification also leaves a space before the tab, inside a run of running text.
    justified = " \t" in line.strip() and max(len(cell.split()) for cell in cells) >= 4
    return (spaced_words and sentence) or justified


def _normalize(line: str) -> str:
    # Length-preserving, so match offsets can be used to slice the original line.
    return re.sub(r"\s", " ", normalize_apostrophes(line))


def _classify(line: str, norm: str) -> tuple[str, re.Match[str] | None]:
    if "\t" in line.strip():
        return "table", None
    # Furniture lines are short; skipping long paragraphs keeps a 1.5 MB code fast to parse.
    if len(norm) < 400 and _FURNITURE.search(norm):
        return "note", None
    short = len(norm) < _MAX_HEADING
    if short and _SUBDIVISION.match(norm):
        return "subdivision", None
    for kind, pattern in (("section", _SECTION), ("chapter", _CHAPTER), ("article", _ARTICLE)):
        match = pattern.match(norm)
        # "5-modda talablariga ..." or "Статья 5 настоящего ..." are references, not headings.
        if match and (short or kind == "article") and (match["sep"] or not match["rest"][:1].islower()):
            return kind, match
    # A space in the title keeps out an initial and a surname such as "I. Karimov".
    if (match := _ROMAN_CHAPTER.match(norm)) and " " in match["rest"] and not match["rest"].endswith((";", ",")):
        return "chapter", match
    if match := _POINT.match(norm):
        return "point", match
    if match := _SUBPOINT.match(norm):
        return "subpoint", match
    if short and _ANNEX.search(norm):
        return "annex", None
    if _SIGNATURE.match(norm) or _PLACE_DATE.match(norm):
        return "signature", None
    return "paragraph", None


def _printed_number(match: re.Match[str]) -> tuple[str, int]:
    """The number as printed ("5", "XXIV", "1" for a word) and its integer value for sequences (0 if Roman)."""
    groups = match.groupdict()
    if words := groups.get("o1") or groups.get("o2"):
        value = ordinal_value(words)
        return str(value), value
    number = groups.get("n1") or groups.get("n2") or ""
    if number.isdigit():
        return number, int(number)
    return number, 0


@dataclass
class _Line:
    text: str
    norm: str
    kind: str
    match: re.Match[str] | None
    number: str = ""  # as displayed: "27¹", "XVIII¹", "1"
    key_number: str = ""  # as keyed: "27-1"
    annex: int = 0


def _read_numbers(lines: list[_Line]) -> None:
    """Give every heading and provision its number, reading flattened superscripts from the neighbours."""
    for kind in ("section", "chapter", "article", "point"):
        by_annex: dict[int, list[_Line]] = {}
        for line in lines:
            if line.kind == kind:
                by_annex.setdefault(line.annex, []).append(line)
        for units in by_annex.values():
            previous: tuple[int, int] | None = None
            for i, line in enumerate(units):
                printed, value = _printed_number(line.match)
                if not value:
                    # A Roman numeral never contains a digit: "XVIII1 BOʻLIM" is XVIII¹.
                    roman = re.fullmatch(rf"({ROMAN})(\d)?", printed)
                    base = latin_roman(roman[1]) if roman else printed
                    sup = int(roman[2]) if roman and roman[2] else 0
                    # Dots are kept for sub-point keys, so "4.1-modda" is keyed art-4_1.
                    keyed = base.replace(".", "_")
                    line.number, line.key_number = superscript(base, sup), f"{keyed}-{sup}" if sup else keyed
                    previous = None
                    continue
                following = next((_printed_number(u.match)[1] or None for u in units[i + 1 : i + 2]), None)
                # An excerpt may open on a flattened superscript ("1264-modda" before "127-modda"): the first
                # later number below it tells, as "28" tells after a lone "271".
                later = (_printed_number(u.match)[1] for u in units[i + 1 :]) if previous is None else iter(())
                lead = leading_flattened(value, next((v for v in later if v and v < value), None))
                base, sup = lead or resolve_flattened(value, previous, following)
                previous = (base, sup)
                line.number = superscript(str(base), sup)
                line.key_number = f"{base}-{sup}" if sup else str(base)


def _mark_captions(lines: list[_Line]) -> None:
    """A caption's lines above "2-ILOVA" belong to the annex, not to the point before it."""
    for i, line in enumerate(lines):
        if line.kind != "annex":
            continue
        j = i - 1
        while j >= 0 and lines[j].kind == "paragraph" and len(lines[j].norm) <= 100:
            if not _CAPTION_PART.search(lines[j].norm.rstrip()):
                break
            lines[j].kind = "annex"
            j -= 1


def _mark_unworded_chapters(lines: list[_Line]) -> None:
    """ "1. Umumiy qoidalar" right above "1. Ushbu Reglament ..." is a chapter title, not a point."""
    for line, after in zip(lines, lines[1:], strict=False):
        rest = line.norm[line.match.end() :] if line.kind == "point" else ""
        if (
            rest
            and after.kind == "point"
            and after.match["n1"] in ("1", line.match["n1"])
            and len(rest) <= 80
            and rest[:1].isupper()
            and not rest.rstrip().endswith((".", ";", ":", ","))
        ):
            line.kind = "chapter"


def _number_annexes(lines: list[_Line]) -> None:
    """Annexes keep their printed numbers; a caption repeated over a table opens no new annex."""
    current, highest, seen = 0, 0, set()
    for i, line in enumerate(lines):
        if line.kind == "annex" and (i == 0 or lines[i - 1].kind != "annex"):
            caption = [line.norm]
            for after in lines[i + 1 :]:
                if after.kind != "annex":
                    break
                caption.append(after.norm)
            text = " ".join(caption)
            printed = _ANNEX_NUMBER.search(text)
            number = int(printed[1] or printed[2]) if printed else highest + 1
            if number == current or text in seen:
                for repeated in lines[i : i + len(caption)]:
                    repeated.kind = "paragraph"
            else:
                current, highest = number, max(highest, number)
                seen.add(text)
                line.number = str(number)
        line.annex = current


class _Builder:
    """Accumulates blocks and provisions while walking the lines in order."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.drafts: list[tuple[dict[str, object], list[str]]] = []
        self.taken: set[str] = set()
        self.open: list[tuple[str, list[str]]] = []  # (key, body) of the provision and sub-point being read
        self.chapter = self.section = ""
        self.annex = 0
        self.part = ""  # the numbered part of the current article, for sub-point keys
        self.point_style = ""  # "." or ")" for the points of the current segment

    def add_block(self, block: Block) -> None:
        previous = self.blocks[-1] if self.blocks else None
        if block.kind in ("annex", "table") and previous and previous.kind == block.kind:
            # A caption split over several lines is one annex; consecutive rows are one table.
            self.blocks[-1] = Block(block.kind, f"{previous.text}\n{block.text}", number=previous.number)
        else:
            self.blocks.append(block)

    def start_annex(self, line: _Line) -> None:
        if line.number:
            self.annex, self.chapter, self.section, self.open, self.point_style = line.annex, "", "", [], ""
        self.add_block(Block("annex", line.text, number=line.number))

    def division(self, kind: str, text: str, number: str) -> None:
        repeated = next(
            (b for b in reversed(self.blocks) if b.kind in ("section", "chapter", "article", "point")), None
        )
        if repeated and repeated.kind == kind and repeated.number == number and not self.open:
            # The same heading again before any provision (a page title, a page break): keep the second.
            self.blocks[self.blocks.index(repeated)] = Block("paragraph", repeated.text)
        if kind == "section":
            self.section, self.chapter = text, ""
        else:
            self.chapter = text
        self.open, self.part = [], ""
        self.blocks.append(Block(kind, text, number=number))

    def provision(self, kind: str, line: _Line, label: str, heading: str, body: list[str]) -> None:
        prefix = f"annex{self.annex}-" if self.annex else ""
        nested = kind == "subpoint" and self._nested(line)
        if kind == "subpoint":
            # The item's line is part of its parent's text, and of the numbered item holding a nested list.
            for _, text in self.open[: 2 if nested else 1]:
                text.append(line.text)
            parent = self.open[1 if nested else 0][0]
            part = f".{self.part}" if self.part and not nested else ""
            base = f"{parent}{part}.{line.key_number or letter_key(line.match['n1'])}"
        else:
            parent = ""
            base = f"{prefix}{'art' if kind == 'article' else 'p'}-{line.key_number}"
        key, n = base, 1
        while key in self.taken:
            n += 1
            key = f"{base}-{n}"
        self.taken.add(key)
        # The number of a sub-point is its key part, the same in both scripts ("а)" and "a)" are "a").
        number = (line.number or letter_key(line.match["n1"])) if kind == "subpoint" else line.number
        if kind == "article" or (kind == "subpoint" and line.number):
            label = label.replace(line.match["n1"] or line.match["n2"] or "", line.number, 1)
        fields = {
            "key": key,
            "kind": kind,
            "number": number,
            "label": label,
            "heading": heading,
            "chapter": self.chapter,
            "section": self.section,
            "annex": self.annex,
            "position": len(self.drafts),
            "parent": parent,
        }
        self.drafts.append((fields, body))
        self.open = [*self.open[: 2 if nested else 1], (key, body)] if kind == "subpoint" else [(key, body)]
        if kind == "article":
            self.part = ""
        self.blocks.append(Block(kind, line.text, key))

    def _nested(self, line: _Line) -> bool:
        """A lettered item under a numbered item that ends with a colon: "1) qonunchilikka muvofiq:" then "a) ...".

        The letters stay nested until the next numbered item.
        """
        if line.match["n1"].isdigit() or len(self.open) < 2:
            return False
        holder_key, holder_text = self.open[1]
        numbered = holder_key.rsplit(".", 1)[-1][:1].isdigit()
        return numbered and (len(self.open) > 2 or bool(holder_text) and holder_text[-1].rstrip().endswith(":"))

    def paragraph(self, text: str, kind: str = "paragraph") -> None:
        if kind == "signature":
            self.open = []
        elif kind != "note":
            last = self.open[-1][1][-1].rstrip() if len(self.open) > 1 and self.open[-1][1] else ""
            if last.endswith((".", "—", "–")) or _NEW_SENTENCE.search(last):
                # A list item that ends a sentence closes the list: what follows is the parent's again. So does
                # one that ends with a dash: "v) ... sodir etilgan boʻlsa, —" is followed by the penalty of the
                # whole part, which belongs to the article, not to its last item. And one whose line lost its
                # break ("... amalga oshiradi. Spikeri farmoyishlar") has begun the parent's next sentence.
                self.open = self.open[:1]
            for _, body in self.open:
                body.append(text)
        self.blocks.append(Block("paragraph" if kind == "signature" else kind, text))

    def result(self) -> Structure:
        for fields, body in self.drafts:
            if fields["kind"] == "article" and not body and fields["heading"]:
                # An article has text: with nothing under its heading line, that line was the text.
                body.append(fields["heading"])
                fields["heading"] = ""
        provisions = [Provision(text="\n".join(body), **fields) for fields, body in self.drafts]
        return Structure(provisions=provisions, blocks=self.blocks)


def _join_title(lines: list[_Line], i: int, line: _Line) -> tuple[str, int]:
    # "1-BOB." with "UMUMIY QOIDALAR" on the next line is one heading.
    rest = line.match["rest"] if line.match and "rest" in line.match.groupdict() else "x"
    if not rest and i < len(lines) and lines[i].kind == "paragraph" and lines[i].norm.isupper():
        return f"{line.text} {lines[i].text}", i + 1
    return line.text, i


def _split_glued(raw: list[str]) -> list[str]:
    """Undo lost line breaks: "... qiladi. X bob. Title" and "19) ...; 20) ..." become lines of their own.

    A list item is split off only where the next number of the list being read follows "; ", so a
    reference such as "1 va 2-bandlarida" or a sentence that merely contains "2)" stays whole.
    """
    out: list[str] = []
    last = None  # the number of the list item read last, while a list of "1)" items is open
    for line in raw:
        norm = _normalize(line)
        if (glued := _GLUED_CHAPTER.match(norm)) and not glued["tail"].rstrip().endswith("."):
            out += [line[: glued.end("head")], line[glued.start("tail") :]]
            last = None
            continue
        if _ARTICLE.match(norm) or _CHAPTER.match(norm) or _SECTION.match(norm):
            last = None
        if item := _LIST_ITEM_START.match(line):
            last = int(item[1])
        while last is not None and (nxt := re.search(rf";\s+(?={last + 1}\)\s+\S)", line)):
            out.append(line[: nxt.start() + 1])
            line, last = line[nxt.end() :], last + 1
        out.append(line)
    return out


def _read_subpoint_numbers(lines: list[_Line]) -> None:
    """Number the "1)" items of each list, reading flattened superscripts: "41)" between "4)" and "5)" is 4¹."""
    groups: list[list[_Line]] = [[]]
    for line in lines:
        if line.kind in ("section", "chapter", "article", "point", "part", "annex", "subdivision"):
            groups.append([])
        elif line.kind == "subpoint" and line.match["n1"].isdigit():
            if line.match["n1"] == "1":
                groups.append([])
            groups[-1].append(line)
    for group in groups:
        previous: tuple[int, int] | None = None
        for i, line in enumerate(group):
            following = int(group[i + 1].match["n1"]) if i + 1 < len(group) else None
            base, sup = resolve_flattened(int(line.match["n1"]), previous, following)
            previous = (base, sup)
            if sup:
                line.number, line.key_number = superscript(str(base), sup), f"{base}-{sup}"


def parse(text: str) -> Structure:
    """Split a legal text into ordered blocks and addressable provisions."""
    # Tabs separate table cells, so a row keeps its leading empty cell; other lines lose their indent.
    raw = [_BULLET.sub("", line.strip(" \r\n\u00a0\ufeff\u200b")) for line in text.lstrip("\ufeff").splitlines()]
    raw = [re.sub(r"[ \t]+", " ", line) if _tabbed_prose(line) else line for line in raw]
    raw = _split_glued([line if "\t" in line.strip() else line.strip() for line in raw if line.strip()])
    lines = [_Line(line, norm, *_classify(line, norm)) for line in raw for norm in (_normalize(line),)]
    for before, line in zip(lines, lines[1:], strict=False):
        # The date under "Kuchga kirish sanasi" belongs to the box, not to the text.
        if before.kind == "note" and _ENTRY_INTO_FORCE.search(before.norm) and _BARE_DATE.match(line.norm):
            line.kind = "note"
    _mark_captions(lines)
    _mark_unworded_chapters(lines)
    _number_annexes(lines)
    # Where articles exist, "1. ..." lines are numbered parts of an article, not points.
    with_articles = {line.annex for line in lines if line.kind == "article"}
    for line in lines:
        if line.kind == "point" and line.annex in with_articles:
            line.kind = "part"
    _read_numbers(lines)
    _read_subpoint_numbers(lines)

    builder = _Builder()
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        kind, match = line.kind, line.match
        if kind == "annex":
            builder.start_annex(line)
        elif kind == "table":
            builder.add_block(Block("table", line.text))
        elif kind == "subdivision":
            builder.open, builder.part = [], ""
            builder.blocks.append(Block("paragraph", line.text))
        elif kind in ("section", "chapter"):
            title, i = _join_title(lines, i, line)
            builder.division(kind, title, line.number)
        elif kind == "article":
            label = line.text[match.start("label") : match.end("label")]
            rest = line.text[match.start("rest") :]
            # Titles carry no full stop; a long sentence after "2-modda." is the article's text, copied
            # onto the heading line (the Constitution's articles have no titles).
            opens_text = len(rest) > 60 and rest.endswith(".")
            builder.provision(kind, line, label, "" if opens_text else rest, [rest] if opens_text else [])
        elif kind == "point" or (kind == "subpoint" and not builder.open and line.annex not in with_articles):
            # "1)" with no point open is a point too, in the style of the whole list.
            line.number = line.number or match["n1"]
            line.key_number = line.key_number or letter_key(match["n1"])
            label = line.text[match.start("label") : match.end("label")]
            builder.point_style = builder.point_style or label[-1]
            builder.provision("point", line, label, "", [line.text[match.end() :]])
        elif kind == "subpoint" and builder.open:
            label = line.text[match.start("label") : match.end("label")]
            if builder.point_style == ")" and match["n1"].isdigit():
                # In a list of "1)" points a further "2)" is the next point, not a sub-point.
                line.number, line.key_number = line.number or match["n1"], line.key_number or match["n1"]
                builder.provision("point", line, label, "", [line.text[match.end() :]])
                continue
            builder.provision("subpoint", line, label, "", [line.text[match.end() :]])
        else:
            if kind == "part":
                builder.part, builder.open = match["n1"], builder.open[:1]
            builder.paragraph(line.text, kind if kind in ("note", "signature") else "paragraph")
    return builder.result()
