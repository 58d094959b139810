"""Akoma Ntoso out: a draft's text as an Akoma Ntoso 3.0 act (OASIS LegalDocML), valid against the
official schema shipped in publishing/schemas/ (publishing/schemas/README.md says where it comes from).

- `meta/identification`: FRBR work (the act: country `uz`, its type, year and number, or `draft-{id}`
  before approval), expression (its language and version date) and manifestation (this XML).
- `preface`: issuing body, act type, for an approved act its date and number, the title.
- `preamble`: the words before the first chapter, article or point.
- `body`: `section`, `chapter`, `article`, `point` (a sub-point is a `point` in its point), each with
  `num`, `heading` where it has one, and its text in `content` (or `intro` before its sub-points);
  eIds are the structure's keys (`art-5` is `art_5`, `p-2.a` is `p_2.a`), so they stay as stable as
  the keys comments point at; sections and chapters are numbered in order (`chp_1`), prefixed in annexes.
- tables as `table`; `conclusions`: the signature (the issuing body's signatory);
  `attachments`: each annex as a `doc` with its caption, title and text.
"""

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone, translation
from lxml import etree

from drafts.labels import labels_for, long_date
from drafts.structure import parse
from publishing.exports import ExportedBlock, ExportedText
from publishing.pdf.documents import NAMES_LANGUAGE

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
SCHEMA = Path(__file__).parent / "schemas" / "akomantoso30.xsd"
_E = f"{{{AKN}}}"
# ISO 639-2 codes, as Akoma Ntoso names languages; the script of Uzbek Cyrillic goes into the URI.
LANGUAGE = {"uz-latn": ("uzb", "uzb"), "uz-cyrl": ("uzb", "uzb-cyrl"), "ru": ("rus", "rus"), "en": ("eng", "eng")}
LEVELS = {"section": 1, "chapter": 2, "article": 3, "point": 3, "subpoint": 4}
_DIVISION_ID = {"section": "sec", "chapter": "chp"}
# "1-BOB. UMUMIY QOIDALAR", "Глава 1. Общие положения", "I. Umumiy qoidalar": the label, then the heading.
_DIVISION = re.compile(r"^(?P<num>[^.:]{1,40}?)[.:]\s+(?P<heading>\S.*)$")


def _el(parent, tag: str, text: str | None = None, **attributes):
    element = etree.SubElement(parent, f"{_E}{tag}", {k.rstrip("_"): v for k, v in attributes.items() if v})
    if text:
        element.text = text
    return element


def _slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-") or "x"


def eid_of(key: str) -> str:
    """The eId of a provision: its structure key with underscores (`art-5` is `art_5`, `annex1-p-2` is `annex1_p_2`)."""
    return re.sub(r"\s+", "", key).replace("-", "_")


@dataclass
class _Node:
    kind: str
    eid: str
    num: str = ""
    heading: str = ""
    items: list = field(default_factory=list)  # ("p", text) or ("table", rows, eid), before any child
    children: list = field(default_factory=list)


@dataclass
class _Segment:
    """The main text (annex 0) or one annex: its caption lines, loose items before any structure, its nodes."""

    annex: int
    caption: list = field(default_factory=list)
    titled: bool = False
    items: list = field(default_factory=list)
    nodes: list = field(default_factory=list)


def _segments(text: ExportedText) -> list[_Segment]:
    provisions = {p.key: p for p in parse(text.version.body).provisions}
    segments = [_Segment(annex=0)]
    stack: list[tuple[int, _Node]] = []
    counters: dict[str, int] = {}

    def new_id(kind: str, segment: _Segment) -> str:
        prefix = f"annex{segment.annex}_" if segment.annex else ""
        counters[prefix + kind] = counters.get(prefix + kind, 0) + 1
        return f"{prefix}{kind}_{counters[prefix + kind]}"

    def add_item(item, segment: _Segment) -> None:
        (stack[-1][1].items if stack else segment.items).append(item)

    for block in text.blocks:
        segment = segments[-1]
        if block.kind == "annex":
            if segment.annex and not segment.nodes and not segment.items:
                segment.caption += block.lines  # a caption over several blocks is one caption
            else:
                segments.append(_Segment(annex=len(segments), caption=list(block.lines)))
            stack = []
            continue
        if block.kind == "table":
            add_item(("table", block.rows, new_id("table", segment)), segment)
            continue
        level = LEVELS.get(block.kind)
        if level is None:
            for line in block.lines:
                if segment.annex and not segment.titled and not segment.nodes and not segment.items:
                    # The annex's title, right under its caption.
                    segment.caption.append(line)
                    segment.titled = True
                else:
                    add_item(("p", line), segment)
            continue
        node = _node(block, provisions, new_id, segment)
        while stack and stack[-1][0] >= level:
            stack.pop()
        (stack[-1][1].children if stack else segment.nodes).append(node)
        stack.append((level, node))
    return segments


def _node(block: ExportedBlock, provisions: dict, new_id, segment: _Segment) -> _Node:
    line = " ".join(block.lines)
    if block.kind in _DIVISION_ID:
        match = _DIVISION.match(line)
        num, heading = (match["num"], match["heading"]) if match else ("", line)
        return _Node(
            "section" if block.kind == "section" else "chapter", new_id(_DIVISION_ID[block.kind], segment), num, heading
        )
    provision = provisions.get(block.key)
    kind = "article" if block.kind == "article" else "point"
    eid = eid_of(block.key) if block.key else new_id(kind, segment)
    if provision is None:
        return _Node(kind, eid, items=[("p", line)])
    if kind == "article":
        return _Node(kind, eid, provision.label, provision.heading)
    rest = line[len(provision.label) :].strip() if line.startswith(provision.label) else line
    return _Node(kind, eid, provision.label, items=[("p", rest)] if rest else [])


def act_akn(text: ExportedText, *, site: str = "") -> bytes:
    """The text as an Akoma Ntoso 3.0 document, UTF-8 with an XML declaration."""
    draft = text.draft
    with translation.override(NAMES_LANGUAGE.get(draft.language, "uz")):
        root = etree.Element(f"{_E}akomaNtoso", nsmap={None: AKN})
        act = _el(root, "act", name=draft.act_type.code, contains="originalVersion")
        segments = _segments(text)
        _meta(act, text, site)
        _preface(act, text)
        main = segments[0]
        if main.items and main.nodes:
            preamble = _el(act, "preamble")
            _items(preamble, main.items)
        body = _el(act, "body")
        if not main.nodes:
            # A text with no chapter, article or point is one container of paragraphs.
            container = _el(body, "hcontainer", eId="hcontainer_1", name="text")
            _items(_el(container, "content"), main.items or [("p", "")])
        for node in main.nodes:
            _hier(body, node)
        _conclusions(act, text)
        if len(segments) > 1:
            attachments = _el(act, "attachments")
            for segment in segments[1:]:
                _annex(attachments, segment, text, site)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _hier(parent, node: _Node) -> None:
    element = _el(parent, node.kind, eId=node.eid)
    if node.num:
        _el(element, "num", node.num)
    if node.heading:
        _el(element, "heading", node.heading)
    if node.children:
        if node.items:
            _items(_el(element, "intro"), node.items)
        for child in node.children:
            _hier(element, child)
    else:
        _items(_el(element, "content"), node.items or [("p", "")])


def _items(parent, items) -> None:
    for item in items:
        if item[0] == "p":
            _el(parent, "p", item[1])
        else:
            _, rows, eid = item
            table = _el(parent, "table", eId=eid)
            for row in rows:
                tr = _el(table, "tr")
                for cell in row:
                    _el(_el(tr, "td"), "p", cell)


def _uris(text: ExportedText, component: str = "main") -> dict[str, str]:
    draft = text.draft
    if text.approved and draft.number and draft.approved_on:
        work = f"/akn/uz/act/{_slug(draft.act_type.code)}/{draft.approved_on.year}/{_slug(draft.number)}"
    else:
        work = f"/akn/uz/act/{_slug(draft.act_type.code)}/{timezone.localdate(draft.created_at).year}/draft-{draft.pk}"
    language = LANGUAGE.get(draft.language, ("uzb", "uzb"))[1]
    expression = f"{work}/{language}@{text.day.isoformat()}"
    if not text.approved:
        expression += f";v{text.version.number}"
    return {"work": work, "expression": expression, "component": component}


def _identification(meta, text: ExportedText, component: str) -> None:
    draft = text.draft
    uris = _uris(text, component)
    identification = _el(meta, "identification", source="#legaldrafts")
    work = _el(identification, "FRBRWork")
    _el(work, "FRBRthis", value=f"{uris['work']}/!{component}")
    _el(work, "FRBRuri", value=uris["work"])
    made = draft.approved_on if text.approved and draft.approved_on else timezone.localdate(draft.created_at)
    _el(work, "FRBRdate", date=made.isoformat(), name="approval" if text.approved else "draft")
    _el(work, "FRBRauthor", href="#issuer")
    _el(work, "FRBRcountry", value="uz")
    _el(work, "FRBRsubtype", value=draft.act_type.code)
    if text.approved and draft.number:
        _el(work, "FRBRnumber", value=draft.number)
    _el(work, "FRBRname", value=draft.act_type.name)
    expression = _el(identification, "FRBRExpression")
    _el(expression, "FRBRthis", value=f"{uris['expression']}/!{component}")
    _el(expression, "FRBRuri", value=uris["expression"])
    _el(expression, "FRBRdate", date=text.day.isoformat(), name="approval" if text.approved else "version")
    _el(expression, "FRBRauthor", href="#issuer")
    _el(expression, "FRBRversionNumber", value=str(text.version.number))
    _el(expression, "FRBRlanguage", language=LANGUAGE.get(draft.language, ("uzb", "uzb"))[0])
    manifestation = _el(identification, "FRBRManifestation")
    _el(manifestation, "FRBRthis", value=f"{uris['expression']}/!{component}.xml")
    _el(manifestation, "FRBRuri", value=f"{uris['expression']}.akn")
    _el(manifestation, "FRBRdate", date=timezone.localdate().isoformat(), name="generation")
    _el(manifestation, "FRBRauthor", href="#legaldrafts")
    _el(manifestation, "FRBRformat", value="application/akn+xml")


def _meta(act, text: ExportedText, site: str) -> None:
    draft = text.draft
    meta = _el(act, "meta")
    _identification(meta, text, "main")
    references = _el(meta, "references", source="#legaldrafts")
    _el(
        references,
        "TLCOrganization",
        eId="legaldrafts",
        href=f"{site.rstrip('/')}/" if site else "/ontology/organization/uz/legaldrafts",
        showAs="Legal drafts workflow",
    )
    body = draft.issuing_body
    _el(
        references,
        "TLCOrganization",
        eId="issuer",
        href=f"/ontology/organization/uz/{_slug(body.name)}",
        showAs=body.name,
    )
    if body.signatory_name:
        _el(
            references,
            "TLCPerson",
            eId="signatory",
            href=f"/ontology/person/uz/{_slug(body.signatory_name)}",
            showAs=body.signatory_name,
        )
    if body.signatory_title:
        _el(
            references,
            "TLCRole",
            eId="signatory-role",
            href=f"/ontology/role/uz/{_slug(body.signatory_title)}",
            showAs=body.signatory_title,
        )


def _preface(act, text: ExportedText) -> None:
    draft = text.draft
    labels = labels_for(draft.language)
    preface = _el(act, "preface")
    if not text.approved:
        status = _el(preface, "p", class_="status")
        _el(status, "docStatus", labels["draft_mark"])
    _el(_el(preface, "p", class_="issuer"), "docAuthority", draft.issuing_body.name)
    _el(_el(preface, "p", class_="type"), "docType", draft.act_type.name)
    if text.approved:
        dateline = _el(preface, "p", class_="dateline")
        if draft.issuing_body.place:
            dateline.text = f"{draft.issuing_body.place}, "
        date = _el(dateline, "docDate", long_date(text.day, draft.language), date=text.day.isoformat())
        if draft.number:
            date.tail = ", "
            _el(dateline, "docNumber", labels["number"].format(n=draft.number))
    _el(_el(_el(preface, "longTitle"), "p"), "docTitle", text.version.title)


def _conclusions(act, text: ExportedText) -> None:
    body = text.draft.issuing_body
    if not (body.signatory_title or body.signatory_name):
        return
    signature = _el(_el(_el(act, "conclusions"), "p"), "signature")
    if body.signatory_title:
        _el(signature, "role", body.signatory_title, refersTo="#signatory-role")
    if body.signatory_name:
        _el(signature, "person", body.signatory_name, refersTo="#signatory", as_="#signatory-role")


def _annex(attachments, segment: _Segment, text: ExportedText, site: str) -> None:
    attachment = _el(attachments, "attachment", eId=f"att_{segment.annex}")
    doc = _el(attachment, "doc", name="annex")
    _identification(_el(doc, "meta"), text, f"annex_{segment.annex}")
    if segment.caption:
        preface = _el(doc, "preface")
        for line in segment.caption:
            _el(preface, "p", line)
    main = _el(doc, "mainBody")
    _items(main, segment.items)
    for node in segment.nodes:
        _hier(main, node)
    if not segment.items and not segment.nodes:
        _el(main, "p")


@functools.cache
def akn_schema() -> etree.XMLSchema:
    """The official Akoma Ntoso 3.0 schema, read from our copy; its import of xml.xsd resolves beside it, never online."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(SCHEMA), parser))
