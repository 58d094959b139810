"""Word and Akoma Ntoso out: for whoever may read the text (404 otherwise), any version they may read;
the round trip docx -> draft -> docx keeps every provision, table and number; the AKN is valid."""

import io

import docx
import pytest
from lxml import etree

from drafts.labels import labels_for, long_date
from drafts.models import DraftVersion
from drafts.structure import parse
from publishing.akn import AKN, akn_schema
from tests.formats import makers

pytestmark = pytest.mark.django_db

NS = {"a": AKN}

# A resolution with everything the structure knows: a preamble, chapters, articles with numbered parts and
# sub-points, points, a table, an annex with its own points and table, the signature.
ACT = """Oʻzbekiston Respublikasi qonunlariga muvofiq viloyat hokimligi qaror qiladi:
1-BOB. UMUMIY QOIDALAR
1-modda. Asosiy tushunchalar
Ushbu qarorda quyidagi tushunchalar qoʻllaniladi:
1) obodonlashtirish — hududni tartibga keltirish;
2) yoritish — koʻchalarni kechasi yoritish.
2-modda. Qarorning maqsadi
Qarorning maqsadi viloyatni obodonlashtirishdir.
2-BOB. YAKUNIY QOIDALAR
5-modda. Moliyalashtirish
Xarajatlar quyidagicha taqsimlanadi:
Tuman\tMablagʻ\tMuddat
Chirchiq\t100 mln\t2026-yil mart
Angren\t80 mln\t2026-yil aprel
6-modda. Nazorat
Qaror ijrosini nazorat qilish oʻrinbosar zimmasiga yuklansin.
Viloyat hokimi A. Karimov
1-ILOVA
Obodonlashtirish ishlari rejasi
1. Rejani tuman hokimliklari bajaradi.
2. Hisobot har chorakda topshiriladi.
T/r\tIsh\tMasʼul
1\tYoritish\tTuman hokimligi"""


def created(send_word, data: bytes, **fields) -> dict:
    answer = send_word(data, **fields)
    assert answer.status_code == 201, answer.content
    return answer.json()


def provisions(body: str) -> list[tuple]:
    return [(p.key, p.kind, p.number, p.label, p.heading, p.text, p.chapter, p.annex) for p in parse(body).provisions]


def tables(body: str) -> list[str]:
    return [line for line in body.split("\n") if "\t" in line]


def test_round_trip_docx_draft_docx_keeps_every_provision_table_and_number(world, api, send_word):
    first = created(send_word, makers.resolution())
    exported = api(world.users["drafter"]).get(f"/api/v1/drafts/{first['id']}/docx/")
    assert exported.status_code == 200
    assert exported["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert exported["Content-Disposition"] == f'attachment; filename="draft-{first["id"]}-v1.docx"'
    second = created(send_word, exported.content, name="qayta.docx")
    # The header our export writes is left out again: the same text, the same title.
    assert second["body"] == first["body"] and second["title"] == first["title"]
    assert provisions(second["body"]) == provisions(first["body"])
    assert (
        tables(second["body"])
        == tables(first["body"])
        == [
            "T/r\tIshlar\tMuddat",
            "1\tYoritish\t2026-yil mart",
            "2\tDaraxt ekish\t2026-yil aprel",
        ]
    )

    # And a text typed in: every article, point, number and table survives docx out and in.
    typed = api(world.users["drafter"]).patch(f"/api/v1/drafts/{first['id']}/", {"body": ACT}, format="json")
    assert typed.status_code == 200
    out = api(world.users["drafter"]).get(f"/api/v1/drafts/{first['id']}/docx/").content
    back = created(send_word, out)
    assert back["body"] == ACT
    assert provisions(back["body"]) == provisions(ACT)


def test_the_word_document_is_styled_as_an_act(world, api):
    approved = world.drafts["approved"]
    answer = api(None).get(f"/api/v1/drafts/{approved.pk}/docx/")
    assert answer.status_code == 200
    assert answer["Content-Disposition"] == f'attachment; filename="act-{approved.pk}-45.docx"'
    document = docx.Document(io.BytesIO(answer.content))
    header = [p.text for p in document.paragraphs if p.style.style_id == "LegalDraftsHeader"]
    labels = labels_for(approved.language)
    # Issuing body, act type, place with the approval date and number, the title, in the act's language.
    assert header[0] == approved.issuing_body.name_uz.upper()
    assert any(
        long_date(approved.approved_on, "uz-latn") in line and labels["number"].format(n="45") in line
        for line in header
    )
    assert header[-1] == approved.title
    styles = {p.style.name for p in document.paragraphs}
    structure = parse(approved.body)
    kinds = {b.kind for b in structure.blocks}
    if "chapter" in kinds:
        assert "Heading 2" in styles
    if "article" in kinds:
        assert "Heading 3" in styles
    if "point" in kinds:
        assert "Point" in styles
    assert document.core_properties.title == approved.title
    # The signatory closes the approved act.
    assert document.paragraphs[-1].style.style_id == "LegalDraftsSignature"


def test_a_draft_is_marked_as_one_and_never_shows_a_number(world, api):
    draft = world.drafts["public_discussion"]
    document = docx.Document(io.BytesIO(api(None).get(f"/api/v1/drafts/{draft.pk}/docx/").content))
    header = [p.text for p in document.paragraphs if p.style.style_id == "LegalDraftsHeader"]
    assert header[0] == labels_for(draft.language)["draft_mark"]
    assert not any("-son" in line for line in header)


@pytest.mark.parametrize("path", ["docx", "akn"])
def test_only_readers_of_the_text_get_it(world, api, path):
    private = world.drafts["draft"]
    url = f"/api/v1/drafts/{private.pk}/{path}/"
    assert api(world.users["drafter"]).get(url).status_code == 200
    for outsider in (None, world.users["citizen"], world.users["drafter2"]):
        refused = api(outsider).get(url)
        assert refused.status_code == 404 and refused.json()["detail"]
    public = world.drafts["public_discussion"]
    versions = list(DraftVersion.objects.filter(draft=public).order_by("number"))
    internal = [v for v in versions if not v.is_public]
    published = [v for v in versions if v.is_public]
    base = f"/api/v1/drafts/{public.pk}/{path}/"
    assert api(None).get(f"{base}?version={published[-1].number}").status_code == 200
    for version in internal:
        assert api(None).get(f"{base}?version={version.number}").status_code == 404
        assert api(world.users["drafter"]).get(f"{base}?version={version.number}").status_code == 200
    assert api(None).get(f"{base}?version=99").status_code == 404
    assert api(None).get(f"{base}?version=abc").status_code == 400
    assert api(None).get(f"{base}?script=greek").status_code == 400


def valid(xml: bytes) -> etree._Element:
    root = etree.fromstring(xml)
    schema = akn_schema()
    assert schema.validate(root), "\n".join(f"{e.line}: {e.message}" for e in schema.error_log)
    return root


def test_akoma_ntoso_of_a_draft_with_chapters_articles_points_a_table_and_an_annex(world, api):
    draft = world.drafts["draft"]
    assert (
        api(world.users["drafter"]).patch(f"/api/v1/drafts/{draft.pk}/", {"body": ACT}, format="json").status_code
        == 200
    )
    answer = api(world.users["drafter"]).get(f"/api/v1/drafts/{draft.pk}/akn/")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/akn+xml; charset=utf-8"
    root = valid(answer.content)
    act = root.find("a:act", NS)
    assert act.get("name") == draft.act_type.code
    work = act.find("a:meta/a:identification/a:FRBRWork", NS)
    assert work.find("a:FRBRcountry", NS).get("value") == "uz"
    assert work.find("a:FRBRuri", NS).get("value").endswith(f"/draft-{draft.pk}")
    assert act.find("a:meta/a:identification/a:FRBRExpression/a:FRBRlanguage", NS).get("language") == "uzb"
    assert act.find("a:preface/a:longTitle/a:p/a:docTitle", NS).text == draft.title
    assert act.find("a:preamble/a:p", NS).text.startswith("Oʻzbekiston Respublikasi qonunlariga")
    chapters = act.findall("a:body/a:chapter", NS)
    assert [(c.get("eId"), c.find("a:num", NS).text, c.find("a:heading", NS).text) for c in chapters] == [
        ("chp_1", "1-BOB", "UMUMIY QOIDALAR"),
        ("chp_2", "2-BOB", "YAKUNIY QOIDALAR"),
    ]
    # eIds are the structure's keys: art-5 is art_5; the provisions and the articles agree one to one.
    keys = {p.key for p in parse(ACT).provisions}
    eids = {e.get("eId") for e in act.iter() if e.tag in (f"{{{AKN}}}article", f"{{{AKN}}}point")}
    assert eids == {key.replace("-", "_") for key in keys}
    article = act.find(".//a:article[@eId='art_5']", NS)
    assert article.find("a:heading", NS).text == "Moliyalashtirish"
    rows = [[td.findtext("a:p", namespaces=NS) for td in tr] for tr in article.findall(".//a:table/a:tr", NS)]
    assert rows[1] == ["Chirchiq", "100 mln", "2026-yil mart"]
    annex = act.find("a:attachments/a:attachment/a:doc", NS)
    assert annex.get("name") == "annex"
    assert [p.text for p in annex.findall("a:preface/a:p", NS)] == ["1-ILOVA", "Obodonlashtirish ishlari rejasi"]
    assert {p.get("eId") for p in annex.findall("a:mainBody/a:point", NS)} == {"annex1_p_1", "annex1_p_2"}
    assert annex.find(".//a:table", NS) is not None


def test_akoma_ntoso_of_an_approved_act_names_its_number_date_and_signatory(world, api):
    approved = world.drafts["approved"]
    root = valid(api(None).get(f"/api/v1/drafts/{approved.pk}/akn/").content)
    act = root.find("a:act", NS)
    work = act.find("a:meta/a:identification/a:FRBRWork", NS)
    assert work.find("a:FRBRuri", NS).get("value") == f"/akn/uz/act/qaror/{approved.approved_on.year}/45"
    assert work.find("a:FRBRnumber", NS).get("value") == "45"
    assert act.find("a:preface//a:docDate", NS).get("date") == approved.approved_on.isoformat()
    signature = act.find("a:conclusions/a:p/a:signature", NS)
    assert signature.find("a:person", NS).text == approved.issuing_body.signatory_name


@pytest.mark.parametrize(
    "state",
    ["draft", "expert_review", "public_discussion", "finalization", "approval", "approved", "rejected", "withdrawn"],
)
def test_every_demo_draft_is_valid_akoma_ntoso_in_each_script(world, api, state):
    draft = world.drafts[state]
    approver = api(world.users["approver"])
    for script in ("", "?script=latn", "?script=cyrl"):
        answer = approver.get(f"/api/v1/drafts/{draft.pk}/akn/{script}")
        assert answer.status_code == 200, answer.content
        valid(answer.content)
        assert approver.get(f"/api/v1/drafts/{draft.pk}/docx/{script}").status_code == 200
    for version in DraftVersion.objects.filter(draft=draft):
        valid(approver.get(f"/api/v1/drafts/{draft.pk}/akn/?version={version.number}").content)
