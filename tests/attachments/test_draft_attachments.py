"""Draft attachments through the API: who sees them when, what is served how, hostile and faulty uploads
(each refused with its reason and nothing stored, or accepted safely), and when attachments may change:
checked before submission for approval, frozen with the approved act and named in its official PDF."""

import hashlib
import io

import pytest
from django.utils import timezone
from PIL import ExifTags, Image
from pypdf import PdfReader

from comments.selectors import unanswered_comment_ids
from comments.services import comment_respond
from drafts.models import DraftAttachment
from files.kinds import Kind
from files.models import StoredFile
from files.services import stored_file_create
from tests.attachments.conftest import body, publish, stored_names
from tests.files import makers
from workflow.services import draft_transition

pytestmark = pytest.mark.django_db


def file_url(answer: dict) -> str:
    return answer["url"]


def test_a_private_drafts_attachment_is_404_to_the_public_until_publication(world, api, attach):
    draft = world.drafts["draft"]
    created = attach(draft, "Tushuntirish xati.pdf", makers.pdf(), kind="explanatory_note", title="Tushuntirish xati")
    assert created.status_code == 201, created.content
    answer = created.json()
    assert answer["status"] == "processing" and answer["kind"] == "explanatory_note"
    assert answer["sha256"] == hashlib.sha256(makers.pdf()).hexdigest() and answer["size"] == len(makers.pdf())
    url = file_url(answer)
    assert url == f"/api/v1/drafts/{draft.pk}/attachments/{answer['id']}/file/"

    mine = api(world.users["drafter"]).get(url)
    assert mine.status_code == 200 and body(mine) == makers.pdf()
    assert mine["Cache-Control"] == "private, no-cache"
    for outsider in (None, world.users["citizen"], world.users["drafter2"], world.users["moderator"]):
        client = api(outsider)
        assert client.get(url).status_code == 404
        assert client.get(f"/api/v1/drafts/{draft.pk}/attachments/{answer['id']}/").status_code == 404
        assert client.get(f"/api/v1/drafts/{draft.pk}/attachments/").status_code == 404

    publish(world, draft)
    public = api(None).get(url)
    assert public.status_code == 200 and body(public) == makers.pdf()
    assert public["Cache-Control"].startswith("public")
    listed = api(None).get(f"/api/v1/drafts/{draft.pk}/").json()["attachments"]
    assert [(a["id"], a["title"], a["status"], a["url"]) for a in listed] == [
        (answer["id"], "Tushuntirish xati", "ready", url)
    ]


def test_the_title_is_shown_in_the_readers_language_when_it_has_one(world, api, attach):
    draft = world.drafts["draft"]
    created = attach(
        draft,
        "baho.pdf",
        makers.pdf(),
        kind="impact_assessment",
        title="Ta'sirni baholash",
        title_ru="Оценка регулирующего воздействия",
    )
    assert created.status_code == 201, created.content
    path = f"/api/v1/drafts/{draft.pk}/attachments/{created.json()['id']}/"
    client = api(world.users["drafter"])
    assert client.get(path, HTTP_ACCEPT_LANGUAGE="ru").json()["title"] == "Оценка регулирующего воздействия"
    answer = client.get(path, HTTP_ACCEPT_LANGUAGE="en").json()
    assert answer["title"] == "Ta'sirni baholash"
    assert answer["titles"] == {"uz": "Ta'sirni baholash", "ru": "Оценка регулирующего воздействия"}


def test_a_picture_with_gps_is_served_re_encoded_without_its_metadata(world, api, attach):
    draft = world.drafts["draft"]
    original = makers.jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    answer = attach(draft, "hearing.jpg", original, kind="photo").json()
    attachment = api(world.users["drafter"]).get(f"/api/v1/drafts/{draft.pk}/attachments/{answer['id']}/").json()
    assert attachment["status"] == "ready" and attachment["metadata"] == {"width": 2400, "height": 1600}
    assert attachment["thumbnail_url"] == attachment["url"] + "?variant=thumbnail"

    served = api(world.users["drafter"]).get(attachment["url"])
    data = body(served)
    assert served["Content-Type"] == "image/jpeg" and served["Content-Disposition"].startswith("inline")
    assert hashlib.sha256(data).hexdigest() == attachment["sha256"] != answer["sha256"]
    exif = Image.open(io.BytesIO(data)).getexif()
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo) and ExifTags.Base.Artist not in exif
    thumbnail = api(world.users["drafter"]).get(attachment["thumbnail_url"])
    assert thumbnail["Content-Type"] == "image/webp" and max(Image.open(io.BytesIO(body(thumbnail))).size) <= 320
    assert api(world.users["drafter"]).get(attachment["url"] + "?variant=huge").status_code == 400


@pytest.mark.parametrize(
    "name,data,content_type",
    [
        ("Ilova.pdf", makers.pdf(), "application/pdf"),
        ("Ilova.docx", makers.docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_pdfs_and_office_files_are_downloads_never_inline(world, api, attach, name, data, content_type):
    answer = attach(world.drafts["draft"], name, data).json()
    served = api(world.users["drafter"]).get(answer["url"])
    assert served["Content-Type"] == content_type
    assert served["Content-Disposition"].startswith("attachment;") and name in served["Content-Disposition"]
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Security-Policy"].startswith("sandbox")


def test_a_range_request_on_a_hearings_audio_answers_206_with_those_bytes(world, api, attach):
    data = makers.wav(2.0)
    answer = attach(world.drafts["draft"], "eshituv.wav", data, kind="audio").json()
    client = api(world.users["drafter"])
    part = client.get(answer["url"], HTTP_RANGE="bytes=100-1099")
    assert part.status_code == 206 and body(part) == data[100:1100]
    assert part["Content-Range"] == f"bytes 100-1099/{len(data)}" and part["Accept-Ranges"] == "bytes"
    listed = client.get(f"/api/v1/drafts/{world.drafts['draft'].pk}/attachments/").json()
    assert listed[0]["metadata"]["duration"] == pytest.approx(2.0, abs=0.01)


def test_a_file_of_the_wrong_kind_for_the_attachment_is_refused(world, attach, nothing_stored):
    with nothing_stored():
        refused = attach(world.drafts["draft"], "eshituv.wav", makers.wav(0.2), kind="photo")
    assert refused.status_code == 400 and "jpg" in refused.json()["errors"]["file"][0]


def test_only_the_drafters_attach_and_only_while_the_draft_is_written(world, attach, nothing_stored):
    with nothing_stored():
        assert attach(world.drafts["public_discussion"], "a.pdf", makers.pdf(), user="citizen").status_code == 403
        assert attach(world.drafts["draft"], "a.pdf", makers.pdf(), user="drafter2").status_code == 404
        refused = attach(world.drafts["public_discussion"], "a.pdf", makers.pdf())
        assert refused.status_code == 409 and refused.json()["status"] == "public_discussion"
        assert attach(world.drafts["approved"], "a.pdf", makers.pdf()).status_code == 409


def test_removal_deletes_the_row_and_its_bytes(world, api, attach, django_capture_on_commit_callbacks):
    draft = world.drafts["finalization"]
    answer = attach(draft, "jadval.pdf", makers.pdf(), kind="table").json()
    stored = DraftAttachment.objects.get(pk=answer["id"]).stored_file
    assert stored.file.name in stored_names()
    path = f"/api/v1/drafts/{draft.pk}/attachments/{answer['id']}/"
    assert api(world.users["citizen"]).delete(path).status_code == 403
    assert api(None).delete(path).status_code == 401
    with django_capture_on_commit_callbacks(execute=True):
        assert api(world.users["drafter"]).delete(path).status_code == 204
    assert not StoredFile.objects.filter(pk=stored.pk).exists() and stored.file.name not in stored_names()
    assert api(None).get(answer["url"]).status_code == 404
    assert api(world.users["drafter"]).delete(path).status_code == 404


def test_an_earlier_upload_is_attached_by_its_id_once_and_only_by_its_uploader(
    world, api, django_capture_on_commit_callbacks
):
    def earlier_upload(user):
        with django_capture_on_commit_callbacks(execute=True):
            upload = makers.upload("eshituv.wav", makers.wav(0.5))
            return stored_file_create(upload, user=world.users[user], kinds=set(Kind), attached=False)

    path = f"/api/v1/drafts/{world.drafts['draft'].pk}/attachments/"
    mine, theirs = earlier_upload("drafter"), earlier_upload("drafter2")
    client = api(world.users["drafter"])
    claimed = client.post(path, {"file_id": mine.pk, "title": "Eshituv", "kind": "audio"}, format="json")
    assert claimed.status_code == 201 and claimed.json()["status"] == "ready"
    assert body(client.get(claimed.json()["url"])) == makers.wav(0.5)
    for file_id in (mine.pk, theirs.pk):
        again = client.post(path, {"file_id": file_id, "title": "Eshituv", "kind": "audio"}, format="json")
        assert again.status_code == 400 and "file_id" in again.json()["errors"]


# Hostile and faulty uploads.

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


# Frozen with the approved act.


def test_attachments_are_checked_before_approval_frozen_after_and_named_in_the_official_pdf(
    world, api, attach, django_capture_on_commit_callbacks
):
    draft, users = world.drafts["finalization"], world.users
    for comment_id in unanswered_comment_ids(draft):
        comment_respond(user=users["drafter"], comment_id=comment_id, decision="accepted", text="Qabul qilindi.")
    note = attach(draft, "Tushuntirish xati.pdf", makers.pdf(), kind="explanatory_note", title="Tushuntirish xati")
    photo = attach(draft, "Yig‘ilish.jpg", makers.jpeg_with_gps(320, 200), kind="photo", title="Yig‘ilishdan surat")
    assert note.status_code == photo.status_code == 201

    # A file still being checked holds the submission back, naming it.
    unchecked = (
        api(users["drafter"])
        .post(
            f"/api/v1/drafts/{draft.pk}/attachments/",
            {"file": makers.upload("jadval.pdf", makers.pdf()), "title": "Jadval", "kind": "table"},
            format="multipart",
        )
        .json()
    )
    refused = api(users["drafter"]).post(f"/api/v1/drafts/{draft.pk}/transitions/submit_for_approval/", format="json")
    assert refused.status_code == 409 and "Jadval" in str(refused.json())
    assert api(users["drafter"]).delete(f"/api/v1/drafts/{draft.pk}/attachments/{unchecked['id']}/").status_code == 204

    draft_transition(user=users["drafter"], draft_id=draft.pk, name="submit_for_approval", arguments={})
    with django_capture_on_commit_callbacks(execute=True):  # the official PDF is rendered after commit
        draft_transition(
            user=users["approver"],
            draft_id=draft.pk,
            name="approve",
            arguments={"number": "46", "approved_on": timezone.localdate()},
        )

    drafter = api(users["drafter"])
    removal = drafter.delete(f"/api/v1/drafts/{draft.pk}/attachments/{note.json()['id']}/")
    addition = attach(draft, "Yana.pdf", makers.pdf())
    assert removal.status_code == addition.status_code == 409
    assert removal.json()["status"] == "approved"

    listed = {a["title"]: a for a in api(None).get(f"/api/v1/drafts/{draft.pk}/").json()["attachments"]}
    pdf = api(None).get(f"/api/v1/drafts/{draft.pk}/pdf/")
    assert pdf.status_code == 200, pdf.content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(body(pdf))).pages)
    flat = "".join(text.split())
    assert "Ilova qilingan fayllar" in text
    for title, name in (("Tushuntirish xati", "Tushuntirish xati.pdf"), ("Yig‘ilishdan surat", "Yig‘ilish.jpg")):
        # "Title — name, 329 bayt": under 1 kB the size is printed in bytes.
        assert "".join(f"{title} — {name}, {listed[title]['size']}".split()) in flat
        # The SHA-256 of the bytes served: for the photo, of the picture re-encoded without its metadata.
        assert listed[title]["sha256"] in flat
    assert listed["Yig‘ilishdan surat"]["sha256"] != photo.json()["sha256"]
