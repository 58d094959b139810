"""Hostile and faulty uploads through the API: each refused with its reason and nothing stored, or accepted safely."""

import pytest

from drafts.models import DraftAttachment
from tests.attachments.conftest import body
from tests.files import makers

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"

# (case, file name, bytes, attachment kind, status, words the reason holds)
REFUSED = [
    ("content_not_its_extension", "jadval.xlsx", makers.pdf(), "table", 400, "not what its name says"),
    ("html_named_jpg", "photo.jpg", HTML, "photo", 400, "not what its name says"),
    ("markup_in_a_pdf", "note.pdf", b"%PDF-1.4\n" + HTML + makers.pdf()[9:], "annex", 400, "web page markup"),
    (
        "polyglot_picture_and_zip",
        "photo.jpg",
        makers.jpeg_with_gps(64, 48) + makers.zip_archive(),
        "photo",
        400,
        "hidden",
    ),
    ("zip_bomb_in_docx", "annex.docx", makers.docx_bomb(), "annex", 400, "unpacks"),
    ("zip_named_docx", "annex.docx", makers.zip_archive(), "annex", 400, "not a valid"),
    ("executable_extension", "setup.exe", b"MZ" + b"\0" * 64, "other", 400, "not accepted here"),
    ("empty", "empty.pdf", b"", "annex", 400, "empty"),
]


@pytest.mark.parametrize(
    "name,data,kind,status,words", [case[1:] for case in REFUSED], ids=[case[0] for case in REFUSED]
)
def test_refused_with_the_reason_and_nothing_stored(world, attach, nothing_stored, name, data, kind, status, words):
    with nothing_stored():
        refused = attach(world.drafts["draft"], name, data, kind=kind)
    assert refused.status_code == status, refused.content
    answer = refused.json()
    assert answer["code"] == "invalid" and words in answer["errors"]["file"][0]
    assert not DraftAttachment.objects.filter(draft=world.drafts["draft"]).exists()


def test_an_oversized_file_is_413_and_nothing_stored(world, attach, nothing_stored, settings):
    settings.FILE_LIMITS = {**settings.FILE_LIMITS, "document": 100_000}
    with nothing_stored():
        refused = attach(world.drafts["draft"], "big.pdf", makers.pdf() + b"%" * 100_000)
    assert refused.status_code == 413 and refused.json()["code"] == "too_large"
    assert "0.1 MB" in refused.json()["detail"]


def test_a_long_and_a_hostile_file_name_are_kept_harmless(world, api, attach):
    long = attach(world.drafts["draft"], "Ilova " * 80 + ".pdf", makers.pdf(), title="Ilova").json()
    assert long["name"].endswith(".pdf") and len(long["name"]) <= 120
    hostile = "..\\..\\etc\\<img src=x onerror=alert(1)>\u202egpj.exe\u200b.pdf"
    answer = attach(world.drafts["draft"], hostile, makers.pdf(), title="Ilova").json()
    assert answer["name"].endswith(".pdf")
    for unsafe in ("/", "\\", "<", ">", "\u202e", "\u200b", ".."):
        assert unsafe not in answer["name"]
    stored = DraftAttachment.objects.get(pk=answer["id"]).stored_file
    assert stored.file.name.startswith("files/") and str(stored.key) in stored.file.name
    served = api(world.users["drafter"]).get(answer["url"])
    assert served["Content-Disposition"].startswith("attachment;") and "\n" not in served["Content-Disposition"]
    assert body(served) == makers.pdf()


def test_a_file_and_an_earlier_upload_are_not_both_taken(world, api, nothing_stored):
    client = api(world.users["drafter"])
    path = f"/api/v1/drafts/{world.drafts['draft'].pk}/attachments/"
    with nothing_stored():
        both = client.post(
            path,
            {"file": makers.upload("a.pdf", makers.pdf()), "file_id": 1, "title": "A", "kind": "annex"},
            format="multipart",
        )
        neither = client.post(path, {"title": "A", "kind": "annex"}, format="json")
        unknown = client.post(path, {"file_id": 99999, "title": "A", "kind": "annex"}, format="json")
    assert both.status_code == neither.status_code == 400 and "file" in both.json()["errors"]
    assert "file_id" in neither.json()["errors"]
    assert unknown.status_code == 400 and "file_id" in unknown.json()["errors"]
