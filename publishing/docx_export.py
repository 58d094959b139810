"""Word out: a draft's text as a .docx document a drafter can open, edit and send back (drafts.word_import).

The act's header (issuing body, act type, place, for an approved act its number and date, the
title; a draft is marked as one) in the paragraph style "LegalDraftsHeader", which the import
leaves out, so that a document exported here imports back to the same text. Sections, chapters
and articles in Word's heading styles (Heading 1-3, so they are in the navigation pane and the
table of contents), points and sub-points in their own styles with their label in bold, annex
captions on a new page, tables as Word tables. Numbers are written as text, never as Word's
automatic numbering, so that every number survives whatever Word does to lists.
"""

import io

import docx
from django.utils import translation
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.shared import Cm, Pt

from drafts.labels import labels_for, long_date
from drafts.word_text import HEADER_STYLE, SIGNATURE_STYLE
from publishing.exports import ExportedText
from publishing.pdf.documents import NAMES_LANGUAGE

FONT = "Times New Roman"
HEADINGS = {"section": "Heading 1", "chapter": "Heading 2", "article": "Heading 3"}
_VAL = qn("w:val")
_OWN_STYLES = ("Point", "Subpoint", "Annex caption", "Annex title", "Act text")


def docx_file_name(text: ExportedText) -> str:
    """`draft-12-v3.docx`, or `act-12-46.docx` for an approved act; `-cyrl` when transliterated."""
    shown = getattr(text.version, "shown_script", None)
    suffix = f"-{shown}" if shown else ""
    if text.approved and text.draft.number:
        number = "".join(c if c.isalnum() else "-" for c in text.draft.number)
        return f"act-{text.draft.pk}-{number}{suffix}.docx"
    return f"draft-{text.draft.pk}-v{text.version.number}{suffix}.docx"


def act_docx(text: ExportedText) -> bytes:
    """The text as a Word document (see the module's docstring)."""
    draft = text.draft
    document = docx.Document()
    _styles(document)
    core = document.core_properties
    core.title = text.version.title[:255]
    core.language = {"uz-latn": "uz-Latn", "uz-cyrl": "uz-Cyrl"}.get(draft.language, draft.language)
    core.author = core.last_modified_by = ""
    core.comments = ""
    with translation.override(NAMES_LANGUAGE.get(draft.language, "uz")):
        _header(document, text)
        _body(document, text)
        if text.approved:
            _signature(document, text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _styles(document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(4)
    for name, size in (("Heading 1", 14), ("Heading 2", 14), ("Heading 3", 13)):
        heading = styles[name]
        heading.font.name, heading.font.size, heading.font.bold = FONT, Pt(size), True
        heading.font.color.rgb = None
        heading.paragraph_format.alignment = (
            WD_ALIGN_PARAGRAPH.LEFT if name == "Heading 3" else WD_ALIGN_PARAGRAPH.CENTER
        )
        heading.paragraph_format.space_before, heading.paragraph_format.space_after = Pt(10), Pt(6)
        heading.paragraph_format.keep_with_next = True
    header = styles.add_style(HEADER_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    header.base_style = normal
    header.font.bold = True
    header.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    signature = styles.add_style(SIGNATURE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    signature.base_style = normal
    signature.font.bold = True
    signature.paragraph_format.space_before = Pt(24)
    for name, indent, level in (("Point", 0, 3), ("Subpoint", 1, 4)):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.paragraph_format.first_line_indent = Cm(1)
        style.paragraph_format.left_indent = Cm(indent)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _outline_level(style, level)
    annex = styles.add_style("Annex caption", WD_STYLE_TYPE.PARAGRAPH)
    annex.base_style = normal
    annex.font.bold = True
    annex.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _outline_level(annex, 0)
    title = styles.add_style("Annex title", WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = normal
    title.font.bold = True
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    act_text = styles.add_style("Act text", WD_STYLE_TYPE.PARAGRAPH)
    act_text.base_style = normal
    act_text.paragraph_format.first_line_indent = Cm(1)
    act_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _outline_level(style, level: int) -> None:
    """In the navigation pane at this level, like a heading, without looking like one."""
    ppr = style.element.get_or_add_pPr()
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(level))
    ppr.append(outline)


def _header(document, text: ExportedText) -> None:
    draft = text.draft
    labels = labels_for(draft.language)
    lines = []
    if not text.approved:
        lines.append((labels["draft_mark"], 12))
        version = labels["version"].format(n=text.version.number)
        lines.append((f"{labels['not_official']} — {version}, {long_date(text.day, draft.language)}", 10))
    lines += [(draft.issuing_body.name.upper(), 14), (draft.act_type.name.upper(), 14)]
    if text.approved:
        number = labels["number"].format(n=draft.number) if draft.number else ""
        dateline = ", ".join(filter(None, [draft.issuing_body.place, long_date(text.day, draft.language), number]))
        lines.append((dateline, 12))
    lines.append((text.version.title, 14))
    for line, size in lines:
        paragraph = document.add_paragraph(style=HEADER_STYLE)
        paragraph.add_run(line).font.size = Pt(size)
    document.paragraphs[-1].paragraph_format.space_after = Pt(18)


def _body(document, text: ExportedText) -> None:
    # Paragraphs are written as XML before the section properties, one append each: python-docx's
    # add_paragraph looks the section up and each style by name every time, which for a code of
    # 1,500 pages takes half a minute instead of a second.
    end = document.element.body.sectPr
    ids = {name: document.styles[name].style_id for name in (*HEADINGS.values(), *_OWN_STYLES)}
    previous = None
    for block in text.blocks:
        if block.kind == "table":
            _table(document, block.rows)
        elif block.kind in HEADINGS:
            for line in block.lines:
                _paragraph(end, ids[HEADINGS[block.kind]], [(line, False)])
        elif block.kind == "annex":
            for i, line in enumerate(block.lines):
                paragraph = _paragraph(end, ids["Annex caption"], [(line, False)])
                if i == 0 and previous != "annex":
                    paragraph.get_or_add_pPr().pageBreakBefore_val = True
        elif block.kind in ("point", "subpoint"):
            style = ids["Point" if block.kind == "point" else "Subpoint"]
            for line in block.lines:
                _paragraph(end, style, _labelled(line))
        else:
            # The paragraph right under an annex's caption is its title.
            style = ids["Annex title" if previous == "annex" else "Act text"]
            for line in block.lines:
                _paragraph(end, style, [(line, False)])
        previous = block.kind


def _paragraph(end, style_id: str, runs: list[tuple[str, bool]]):
    """A paragraph of this style and these runs (text, bold), placed before `end`."""
    paragraph = OxmlElement("w:p")
    properties, style = OxmlElement("w:pPr"), OxmlElement("w:pStyle")
    style.set(_VAL, style_id)
    properties.append(style)
    paragraph.append(properties)
    for text, bold in runs:
        paragraph.append(_run(text, bold=bold))
    end.addprevious(paragraph)
    return paragraph


def _labelled(line: str) -> list[tuple[str, bool]]:
    """A point's line as runs, its label ("1.", "a)") in bold."""
    label, _space, rest = line.partition(" ")
    if rest and len(label) <= 12 and label[-1:] in ".)":
        return [(label, True), (f" {rest}", False)]
    return [(line, False)]


def _table(document, rows: list[list[str]]) -> None:
    width = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = document.styles["Table Grid"]
    for r, (row, cells) in enumerate(zip(table._tbl.tr_lst, rows, strict=True)):
        tcs = row.tc_lst
        for tc, cell in zip(tcs, cells, strict=False):
            tc.p_lst[0].append(_run(cell, bold=r == 0))
        # A row shorter than the widest keeps its cells: the missing ones are left out, not padded.
        for extra in tcs[len(cells) :]:
            row.remove(extra)
    document.add_paragraph()


def _run(text: str, *, bold: bool):
    run = OxmlElement("w:r")
    if bold:
        run.get_or_add_rPr().b_val = True
    piece = OxmlElement("w:t")
    piece.text = text
    piece.set(qn("xml:space"), "preserve")
    run.append(piece)
    return run


def _signature(document, text: ExportedText) -> None:
    body = text.draft.issuing_body
    if not (body.signatory_title or body.signatory_name):
        return
    paragraph = document.add_paragraph(style=SIGNATURE_STYLE)
    paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(16))
    paragraph.add_run(body.signatory_title)
    paragraph.add_run().add_tab()
    paragraph.add_run(body.signatory_name)
