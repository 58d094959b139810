"""The text of a Word document as a draft's text: what structure recognition (drafts.structure) reads.

One line per paragraph, with the number Word prints before it (automatic list numbering
computed from numbering.xml: "1.", "2)", "a)", "IV."); one line per table row, its cells
separated by TAB characters (structure recognition turns such lines into a table); a division
label standing alone ("1-bob", "Глава 2") joined with the bold heading that follows it, as
printed acts write it on one line; footnotes and endnotes inline, where their mark stands, as
"[1: text of the note]", so that a note stays with the provision it annotates (appended at the
end, it would be read as part of the last provision). Headers, footers, comments, text boxes
and deleted revisions are not the act's text and are left out; inserted revisions are in.
Paragraphs in the styles "LegalDraftsHeader" and "LegalDraftsSignature" are the header and the
signatory our own export writes (issuing body, act type, title, number and date): they are not
the text either, so a document exported by us imports back to the same text.

Read only after drafts.word_guard has judged the file (no DTD, no macros, parts within bounds);
python-docx then parses it without resolving entities or reaching the network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.parser import parse_xml
from lxml import etree

from drafts.word_guard import DANGEROUS_FIELD

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_W = f"{{{W}}}"
# The paragraph styles our export gives the act's header and its signatory (publishing.docx_export):
# what frames the text, not the text.
HEADER_STYLE = "LegalDraftsHeader"
SIGNATURE_STYLE = "LegalDraftsSignature"
FRAME_STYLES = frozenset({HEADER_STYLE, SIGNATURE_STYLE})

# Characters Word keeps in text that no stored text may hold (kernel.text): invisible direction
# embeddings and stray controls. They carry no words, so they are dropped rather than refused.
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SPACES = re.compile(r"[ \t\r\n\u000b]+")
# A division label with nothing after it: its heading is the next (bold) paragraph.
_BARE_DIVISION = re.compile(
    r"^(?:(?:\d+|[IVXLCDMХІ]+)\s*[-–—]?\s*(?:bo[ʻ'‘’`]?lim|бўлим|bob|боб|глава|раздел|chapter|section|part)"
    r"|(?:глава|раздел|chapter|section|part)\s+(?:\d+|[IVXLCDM]+))\.?$",
    re.IGNORECASE,
)


class DangerousField(Exception):
    """A field code that makes Word reach outside the document (drafts.word_guard refuses it)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class WordText:
    """What the document says: its text as lines, and a title where the document names one."""

    text: str
    title: str


def word_text(stream) -> WordText:
    """The document's text (see the module's docstring); DangerousField on a DDE or include field."""
    document = docx.Document(stream)
    reader = _Reader(document)
    lines = reader.lines(document.element.body)
    return WordText(text="\n".join(lines), title=reader.title or (document.core_properties.title or "").strip())


# Word's letter sequence for Russian (and Uzbek Cyrillic) lists: no ё, й, ъ, ы, ь.
_RUSSIAN = "абвгдежзиклмнопрстуфхцчшщэюя"
_ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out or "0"


def _letters(n: int, alphabet: str) -> str:
    """Word's letters: a..z, then aa, bb, ... (the letter repeated), never "ba"."""
    if n < 1:
        return str(n)
    return alphabet[(n - 1) % len(alphabet)] * ((n - 1) // len(alphabet) + 1)


def format_number(n: int, fmt: str) -> str:
    """A counter as Word prints it in the number format `fmt` (w:numFmt)."""
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt in ("lowerLetter", "upperLetter"):
        letters = _letters(n, "abcdefghijklmnopqrstuvwxyz")
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("russianLower", "russianUpper"):
        letters = _letters(n, _RUSSIAN)
        return letters.upper() if fmt == "russianUpper" else letters
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    legal: bool = False
    restart: int | None = None  # w:lvlRestart: 0 never, k after level k (1-based); None: after any higher level
    suffix: str = "tab"
    style: str = ""


def _val(element, tag: str, default=None):
    child = element.find(f"{_W}{tag}") if element is not None else None
    if child is None:
        return default
    return child.get(f"{_W}val", default)


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


class _Numbering:
    """Word's list numbering: the numbers it prints, computed paragraph by paragraph in document order."""

    def __init__(self, numbering, styles: dict[str, etree._Element]):
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.links: dict[str, str] = {}  # abstractNum -> numbering style it takes its levels from
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.styles = styles
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[str] = set()
        if numbering is None:
            return
        for abstract in numbering.iterfind(f"{_W}abstractNum"):
            levels = {}
            for lvl in abstract.iterfind(f"{_W}lvl"):
                levels[_int(lvl.get(f"{_W}ilvl"), 0)] = _level(lvl)
            key = abstract.get(f"{_W}abstractNumId")
            self.abstract[key] = levels
            if (link := _val(abstract, "numStyleLink")) is not None:
                self.links[key] = link
        for num in numbering.iterfind(f"{_W}num"):
            overrides = {}
            for override in num.iterfind(f"{_W}lvlOverride"):
                level = _int(override.get(f"{_W}ilvl"), 0)
                if (start := _val(override, "startOverride")) is not None:
                    overrides[level] = _int(start, 1)
                if (lvl := override.find(f"{_W}lvl")) is not None and (start := _val(lvl, "start")) is not None:
                    overrides[level] = _int(start, 1)
            self.nums[num.get(f"{_W}numId")] = (_val(num, "abstractNumId", ""), overrides)

    def _abstract_of(self, num_id: str) -> str | None:
        abstract = self.nums.get(num_id, (None, {}))[0]
        # A list that takes its levels from a numbering style: that style's list holds them.
        for _hop in range(3):
            link = self.links.get(abstract)
            if link is None or self.abstract.get(abstract):
                break
            style_num = _style_numbering(self.styles, link)[0]
            if style_num not in self.nums:
                break
            abstract = self.nums[style_num][0]
        return abstract

    def label(self, num_id: str, level: int | None, style_id: str) -> tuple[str, str]:
        """The number Word prints for a paragraph of list `num_id` at `level` and the space after it; counters advance."""
        abstract = self._abstract_of(num_id)
        levels = self.abstract.get(abstract or "")
        if not levels:
            return "", ""
        if level is None:
            level = next((i for i, lvl in levels.items() if style_id and lvl.style == style_id), 0)
        if level not in levels:
            return "", ""
        counters = self.counters.setdefault(abstract, [None] * 10)
        overrides = self.nums[num_id][1]
        if num_id not in self.started:
            # "Restart numbering" in Word: a new list instance whose overrides start its levels again.
            self.started.add(num_id)
            for overridden in overrides:
                if 0 <= overridden < len(counters):
                    counters[overridden] = None
        start = overrides.get(level, levels[level].start)
        counters[level] = start if counters[level] is None else counters[level] + 1
        for deeper in range(level + 1, len(counters)):
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart != 0 and level < restart):
                counters[deeper] = None
        spec = levels[level]
        suffix = "" if spec.suffix == "nothing" else " "
        if spec.fmt == "bullet":
            bullet = spec.text.strip()
            # Symbol-font bullets live in the private use area: print a plain bullet instead.
            return ("•" if not bullet or any("\ue000" <= c <= "\uf8ff" for c in bullet) else bullet), " "

        def number(match: re.Match) -> str:
            k = int(match[1]) - 1
            lvl = levels.get(k, _Level())
            value = counters[k] if k < len(counters) and counters[k] is not None else overrides.get(k, lvl.start)
            # isLgl: every level's number in decimal, as legal numbering ("2.1.3") has it.
            return str(value) if spec.legal else format_number(value, lvl.fmt)

        label = re.sub(r"%([1-9])", number, spec.text).strip()
        return label, suffix if label else ""


def _level(lvl) -> _Level:
    restart = _val(lvl, "lvlRestart")
    return _Level(
        start=_int(_val(lvl, "start"), 1),
        fmt=_val(lvl, "numFmt", "decimal") or "decimal",
        text=_val(lvl, "lvlText", "") or "",
        legal=lvl.find(f"{_W}isLgl") is not None and _val(lvl, "isLgl", "1") not in ("0", "false"),
        restart=None if restart is None else _int(restart, 0),
        suffix=_val(lvl, "suff", "tab") or "tab",
        style=_val(lvl, "pStyle", "") or "",
    )


def _style_numbering(styles: dict[str, etree._Element], style_id: str) -> tuple[str | None, int | None]:
    """The list (numId, ilvl) a paragraph style numbers its paragraphs with, through its basedOn chain."""
    num_id = level = None
    seen = set()
    while style_id and style_id not in seen and style_id in styles:
        seen.add(style_id)
        style = styles[style_id]
        num_pr = style.find(f"{_W}pPr/{_W}numPr")
        if num_pr is not None:
            if num_id is None:
                num_id = _val(num_pr, "numId")
            if level is None and (ilvl := _val(num_pr, "ilvl")) is not None:
                level = _int(ilvl, 0)
        style_id = _val(style, "basedOn", "")
    return num_id, level


def _style_is_bold(styles: dict[str, etree._Element], style_id: str) -> bool:
    seen = set()
    while style_id and style_id not in seen and style_id in styles:
        seen.add(style_id)
        style = styles[style_id]
        bold = style.find(f"{_W}rPr/{_W}b")
        if bold is not None:
            return bold.get(f"{_W}val", "true") not in ("0", "false", "off")
        style_id = _val(style, "basedOn", "")
    return False


class _Reader:
    """Walks the document body in order, keeping the list counters and the notes' numbers."""

    def __init__(self, document):
        part = document.part
        self.styles: dict[str, etree._Element] = {}
        self.style_names: dict[str, str] = {}
        styles_part = _related(part, RT.STYLES)
        if styles_part is not None:
            for style in styles_part.iterfind(f"{_W}style"):
                style_id = style.get(f"{_W}styleId") or ""
                self.styles[style_id] = style
                self.style_names[style_id] = (_val(style, "name", "") or "").lower()
        self.numbering = _Numbering(_related(part, RT.NUMBERING), self.styles)
        self.notes = {kind: _notes(_related(part, rel)) for kind, rel in (("foot", RT.FOOTNOTES), ("end", RT.ENDNOTES))}
        self.note_numbers: dict[tuple[str, str], int] = {}
        self.title = ""

    # Blocks: paragraphs, tables, content controls around them.
    def lines(self, container) -> list[str]:
        lines: list[str] = []
        waiting_heading = False
        for child in container:
            tag = child.tag
            if tag == f"{_W}p":
                line, heading = self.paragraph(child)
                if line is None:
                    continue
                if waiting_heading and heading and lines:
                    lines[-1] = f"{lines[-1].rstrip('.')}. {line}"
                    waiting_heading = False
                    continue
                waiting_heading = bool(_BARE_DIVISION.match(line))
                lines.append(line)
            elif tag == f"{_W}tbl":
                lines.extend(self.table(child))
                waiting_heading = False
            elif tag in (f"{_W}sdt", f"{_W}customXml"):
                content = child.find(f"{_W}sdtContent") if tag == f"{_W}sdt" else child
                if content is not None:
                    lines.extend(self.lines(content))
        return lines

    def table(self, table) -> list[str]:
        rows = []
        for row in _children(table, "tr"):
            cells = [self.cell(cell) for cell in _children(row, "tc")]
            if any(cells):
                rows.append("\t".join(cells))
        return rows

    def cell(self, cell) -> str:
        parts = []
        for child in cell:
            if child.tag == f"{_W}p":
                line, _heading = self.paragraph(child)
                if line:
                    parts.append(line)
            elif child.tag == f"{_W}tbl":
                # A table inside a cell reads as its rows, one after another.
                parts.extend(row.replace("\t", " ") for row in self.table(child))
            elif child.tag in (f"{_W}sdt", f"{_W}customXml"):
                content = child.find(f"{_W}sdtContent") if child.tag == f"{_W}sdt" else child
                if content is not None:
                    parts.append(self.cell(content))
        return " ".join(p for p in parts if p)

    def paragraph(self, p) -> tuple[str | None, bool]:
        """The paragraph's line (None for an empty one or our own header) and whether it reads as a heading."""
        ppr = p.find(f"{_W}pPr")
        style_id = _val(ppr, "pStyle", "") or ""
        text = _clean("".join(self.inline(p)))
        if style_id in FRAME_STYLES:
            return None, False
        label, suffix = self.list_label(ppr, style_id)
        if not text and not label:
            return None, False
        line = f"{label}{suffix}{text}" if label else text
        name = self.style_names.get(style_id, "")
        if not self.title and name == "title":
            self.title = text
        heading = name.startswith("heading") or name == "title" or self.all_bold(p, style_id)
        return line, heading

    def list_label(self, ppr, style_id: str) -> tuple[str, str]:
        """The number Word prints before the paragraph (from its own list or its style's) and what follows it."""
        num_pr = ppr.find(f"{_W}numPr") if ppr is not None else None
        style_num, style_level = _style_numbering(self.styles, style_id)
        num_id = _val(num_pr, "numId") if num_pr is not None else None
        level = _val(num_pr, "ilvl") if num_pr is not None else None
        num_id = num_id if num_id is not None else style_num
        level = _int(level, 0) if level is not None else style_level
        if not num_id or num_id == "0":
            return "", ""
        return self.numbering.label(num_id, level, style_id)

    def all_bold(self, p, style_id: str) -> bool:
        runs = [r for r in p.iter(f"{_W}r") if "".join(t.text or "" for t in r.iterfind(f"{_W}t")).strip()]
        if not runs:
            return False
        style_bold = _style_is_bold(self.styles, style_id)
        for run in runs:
            bold = run.find(f"{_W}rPr/{_W}b")
            run_style = _val(run.find(f"{_W}rPr"), "rStyle", "")
            is_bold = (
                bold.get(f"{_W}val", "true") not in ("0", "false", "off")
                if bold is not None
                else style_bold or _style_is_bold(self.styles, run_style)
            )
            if not is_bold:
                return False
        return True

    # Inline content: runs and what wraps them.
    def inline(self, element):
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == f"{_W}r":
                yield from self.run(child)
            elif tag == f"{_W}fldSimple":
                self.check_field(child.get(f"{_W}instr") or "")
                yield from self.inline(child)
            elif tag in (f"{_W}del", f"{_W}moveFrom", f"{_W}pPr", f"{_W}rPr"):
                continue
            elif tag == f"{{{M}}}oMath" or tag == f"{{{M}}}oMathPara":
                yield "".join(t.text or "" for t in child.iter(f"{{{M}}}t"))
            elif tag == f"{_W}sdt":
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    yield from self.inline(content)
            else:
                # Hyperlinks, inserted revisions, smart tags, custom XML: their runs are the text.
                yield from self.inline(child)

    def run(self, run):
        for child in run:
            tag = child.tag
            if tag == f"{_W}t":
                yield child.text or ""
            elif tag in (f"{_W}tab", f"{_W}ptab", f"{_W}cr"):
                # A tab inside a paragraph is spacing, never a table's cell boundary.
                yield " "
            elif tag == f"{_W}br":
                yield "" if child.get(f"{_W}type") in ("page", "column") else " "
            elif tag == f"{_W}noBreakHyphen":
                yield "-"
            elif tag == f"{_W}sym":
                char = _symbol(child.get(f"{_W}char") or "")
                if char:
                    yield char
            elif tag == f"{_W}instrText":
                self.check_field(child.text or "")
            elif tag in (f"{_W}footnoteReference", f"{_W}endnoteReference"):
                yield self.note(child)

    def check_field(self, code: str) -> None:
        if DANGEROUS_FIELD.match(code):
            raise DangerousField(code.strip().split()[0].upper())

    def note(self, reference) -> str:
        kind = "foot" if reference.tag == f"{_W}footnoteReference" else "end"
        note_id = reference.get(f"{_W}id") or ""
        body = self.notes[kind].get(note_id)
        if body is None:
            return ""
        number = self.note_numbers.setdefault((kind, note_id), sum(1 for k, _ in self.note_numbers if k == kind) + 1)
        mark = str(number) if kind == "foot" else _roman(number)
        text = _clean(" ".join(_clean("".join(self.inline(p))) for p in body.iter(f"{_W}p")))
        return f" [{mark}: {text}] " if text else f" [{mark}] "


def _symbol(code: str) -> str:
    try:
        char = chr(int(code, 16))
    except ValueError:
        return ""
    # Symbol fonts map their glyphs to the private use area: no real character to keep.
    return "" if "\ue000" <= char <= "\uf8ff" else char


def _children(element, tag: str):
    """Direct children named `tag`, looking through content controls and custom XML wrapped around them."""
    for child in element:
        if child.tag == f"{_W}{tag}":
            yield child
        elif child.tag in (f"{_W}sdt", f"{_W}customXml"):
            content = child.find(f"{_W}sdtContent") if child.tag == f"{_W}sdt" else child
            if content is not None:
                yield from _children(content, tag)


def _clean(text: str) -> str:
    return _SPACES.sub(" ", _UNSTORABLE.sub("", text)).strip()


def _related(part, relationship: str):
    """The root element of the part the document relates to by this type, or None."""
    for rel in part.rels.values():
        if rel.reltype == relationship and not rel.is_external:
            target = rel.target_part
            element = getattr(target, "element", None)
            return element if element is not None else parse_xml(target.blob)
    return None


def _notes(root) -> dict[str, etree._Element]:
    """Footnotes or endnotes by id, without Word's separators."""
    if root is None:
        return {}
    return {
        note.get(f"{_W}id"): note
        for note in root
        if note.get(f"{_W}type") in (None, "normal") and note.get(f"{_W}id") is not None
    }
