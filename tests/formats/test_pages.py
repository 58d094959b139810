"""Word in and out from the pages: the new-draft and edit forms take a .docx (a refusal is the file field's
error, nothing stored), the draft page and the versions page link the Word and Akoma Ntoso exports."""

import pytest

from drafts.models import Draft, DraftAttachment
from tests.files import makers as file_makers
from tests.formats import makers

pytestmark = pytest.mark.django_db


def form(world, **fields):
    return {
        "title": "Obodonlashtirish toʻgʻrisida",
        "act_type": world.act_types["qaror"].pk,
        "issuing_body": world.issuing_body.pk,
        "language": "uz-latn",
        "body": "",
        "explanatory_note": "",
        **fields,
    }


def test_a_drafter_creates_a_draft_from_a_word_document_on_the_page(world, as_user, django_capture_on_commit_callbacks):
    client = as_user("drafter")
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            "/work/drafts/new/", form(world, file=file_makers.upload("qaror.docx", makers.resolution()))
        )
    assert answer.status_code == 302
    draft = Draft.objects.get(pk=int(answer["Location"].strip("/").rsplit("/", 1)[-1]))
    assert draft.title == "Obodonlashtirish toʻgʻrisida"
    assert "1. Obodonlashtirish dasturi tasdiqlansin." in draft.body and "a) koʻchalarni yoritish;" in draft.body
    assert DraftAttachment.objects.get(draft=draft).stored_file.name == "qaror.docx"
    page = client.get(answer["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="/api/v1/drafts/{draft.pk}/docx/"' in html and f'href="/api/v1/drafts/{draft.pk}/akn/"' in html
    assert "Obodonlashtirish dasturi tasdiqlansin." in html


def test_the_preview_of_a_word_document_fills_the_text_and_shows_its_structure(world, as_user, nothing_stored):
    client = as_user("drafter")
    with nothing_stored():
        answer = client.post(
            "/work/drafts/new/",
            form(world, preview="1", file=file_makers.upload("qaror.docx", makers.resolution())),
        )
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "Recognised structure" in html
    assert "2. Tuman hokimlari quyidagilarni taʼminlasin:" in html  # in the text field
    assert 'enctype="multipart/form-data"' in html


def test_a_new_text_from_word_on_the_edit_page(world, as_user, django_capture_on_commit_callbacks):
    draft = world.drafts["draft"]
    client = as_user("drafter")
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            f"/work/drafts/{draft.pk}/edit/",
            form(world, title=draft.title, file=file_makers.upload("tahrir.docx", makers.resolution())),
        )
    assert answer.status_code == 302
    draft.refresh_from_db()
    assert draft.body.startswith("Toshkent viloyati hokimining qarori\n")


@pytest.mark.parametrize(
    "name, make, status, reason",
    [
        ("laughs.docx", makers.billion_laughs, 400, "DTD or entities"),
        ("macros.docx", makers.macro_document, 400, "macros"),
        ("notes.pdf", file_makers.pdf, 400, "Word document (.docx)"),
    ],
)
def test_a_refused_document_is_the_file_fields_error_and_nothing_is_stored(
    world, as_user, nothing_stored, name, make, status, reason
):
    with nothing_stored():
        answer = as_user("drafter").post("/work/drafts/new/", form(world, file=file_makers.upload(name, make())))
    assert answer.status_code == status
    html = answer.content.decode()
    assert reason in html and 'role="alert"' in html


def test_the_versions_page_links_each_versions_exports(world, as_user):
    draft = world.drafts["approved"]
    html = as_user(None).get(f"/drafts/{draft.pk}/versions/").content.decode()
    for version in draft.versions.filter(is_public=True):
        assert f"/api/v1/drafts/{draft.pk}/docx/?version={version.number}" in html
        assert f"/api/v1/drafts/{draft.pk}/akn/?version={version.number}" in html
