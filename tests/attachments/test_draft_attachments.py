"""Draft attachments through the API: who sees them when, what is served how, and when they may change."""

import hashlib
import io

import pytest
from PIL import ExifTags, Image

from drafts.models import DraftAttachment
from files.models import StoredFile
from tests.attachments.conftest import body, publish, stored_names
from tests.files import makers

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
