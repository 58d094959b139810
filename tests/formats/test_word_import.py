"""Word in: a .docx becomes a draft's text and structure, through the API and the pages; the original is
kept as an attachment of that version; hostile documents are refused before anything is parsed or stored."""

import pytest

from drafts.models import Draft, DraftAttachment
from drafts.structure import parse
from tests.formats import makers

pytestmark = pytest.mark.django_db


def test_a_word_resolution_becomes_a_draft_with_its_numbers_footnote_table_and_annex(world, send_word):
    created = send_word(makers.resolution(), name="Obodonlashtirish.docx")
    assert created.status_code == 201, created.content
    answer = created.json()
    # The Title paragraph names the draft when no title is sent.
    assert answer["title"] == "Toshkent viloyati hokimining qarori"
    lines = answer["body"].split("\n")
    # Word's automatic numbers are printed: points 1.-4. across chapters, sub-points a) b), the annex list restarted.
    assert "1-BOB. Umumiy qoidalar" in lines
    assert "1. Obodonlashtirish dasturi tasdiqlansin. [1: Dastur 2026-yil 1-yanvardan kuchga kiradi.]" in lines
    assert lines[lines.index("2. Tuman hokimlari quyidagilarni taʼminlasin:") + 1 :][:3] == [
        "a) koʻchalarni yoritish;",
        "b) daraxt ekish;",
        "3. Moliya boshqarmasi mablagʻ ajratsin.",
    ]
    assert "4. Qaror ijrosini nazorat qilish oʻrinbosar zimmasiga yuklansin." in lines
    # A table row is one line, its cells separated by tabs.
    assert "T/r\tIshlar\tMuddat" in lines and "2\tDaraxt ekish\t2026-yil aprel" in lines
    assert lines[-2:] == ["1. Rejani tuman hokimliklari bajaradi.", "2. Hisobot har chorakda topshiriladi."]
    keys = [p["key"] for p in answer["structure"]]
    assert {"p-1", "p-2", "p-3", "p-4", "annex1-p-1", "annex1-p-2"} <= set(keys)
    assert answer["structure"][0]["chapter"] == "1-BOB. Umumiy qoidalar"

    # The original is kept with the draft, byte for byte, and served to its drafters.
    [attachment] = answer["attachments"]
    assert attachment["name"] == "Obodonlashtirish.docx" and attachment["size"] == len(makers.resolution())
    assert attachment["version"] == 0


def test_a_given_title_and_language_win(world, send_word):
    created = send_word(makers.resolution(), title="Obodonlashtirish toʻgʻrisida", language="uz-latn")
    assert created.status_code == 201, created.content
    assert created.json()["title"] == "Obodonlashtirish toʻgʻrisida"


def test_a_new_text_from_word_is_the_next_version_with_its_document_attached(world, send_word, api):
    draft = world.drafts["draft"]
    old_version = Draft.objects.get(pk=draft.pk).version
    changed = send_word(makers.resolution(), name="yangi-tahrir.docx", draft=draft)
    assert changed.status_code == 200, changed.content
    assert changed.json()["body"].startswith("Toshkent viloyati hokimining qarori\n")
    attachment = DraftAttachment.objects.get(draft=draft, stored_file__name="yangi-tahrir.docx")
    assert attachment.version == old_version
    # The text freezes as the next version when the draft leaves editing; its provisions are the document's.
    assert {"p-1", "p-2", "p-3"} <= {p.key for p in parse(changed.json()["body"]).provisions}


def test_a_word_text_and_a_body_together_are_refused(world, send_word):
    refused = send_word(makers.resolution(), draft=world.drafts["draft"], body="1. Boshqa matn.")
    assert refused.status_code == 400
    assert "body" in refused.json()["errors"]


@pytest.mark.parametrize(
    "user, draft_name, status",
    [("citizen", None, 403), ("drafter2", "draft", 404), ("drafter", "approved", 409), (None, None, 401)],
)
def test_who_may_send_a_word_text_and_when(world, send_word, nothing_stored, user, draft_name, status):
    draft = world.drafts[draft_name] if draft_name else None
    with nothing_stored():
        answer = send_word(makers.resolution(), draft=draft, user=user)
    assert answer.status_code == status, answer.content
    assert answer.json()["detail"]


HOSTILE = [
    ("not-word.docx", lambda: b"%PDF-1.4\nnot a word document\n", "not what its name says"),
    ("plain.txt", lambda: b"1. Matn.", "Word document (.docx)"),
    ("old.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048, "Word document (.docx)"),
    ("macros.docm", makers.macro_document, "Macro-enabled"),
    ("macros.docx", makers.macro_document, "macros"),
    ("laughs.docx", makers.billion_laughs, "DTD or entities"),
    ("xxe.docx", lambda: makers.external_entity("file:///etc/passwd"), "DTD or entities"),
    ("xxe-http.docx", lambda: makers.external_entity("http://127.0.0.1:9/steal"), "DTD or entities"),
    ("template.docx", lambda: makers.attached_template("http://127.0.0.1:9/t.dotm"), "attachedTemplate"),
    ("dde.docx", makers.dde_field, "DDEAUTO"),
    ("bomb.docx", makers.zip_bomb, "unpacks to far more"),
    ("broken.docx", lambda: makers.resolution()[:3000], "not a valid"),
]


@pytest.mark.parametrize("name, make, reason", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_documents_are_refused_with_a_reason_and_nothing_stored(
    world, send_word, nothing_stored, name, make, reason
):
    with nothing_stored():
        refused = send_word(make(), name=name)
    assert refused.status_code == 400, refused.content
    answer = refused.json()
    assert reason in str(answer["errors"]["file"]), answer
