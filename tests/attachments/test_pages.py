"""The pages: a draft's attachments with thumbnails and players, the drafters' forms, comment files in moderation."""

import pytest

from drafts.models import DraftAttachment
from tests.files import makers

pytestmark = pytest.mark.django_db


def test_drafters_attach_and_remove_files_on_the_draft_page_and_see_refusals_there(
    world, as_user, nothing_stored, django_capture_on_commit_callbacks
):
    draft = world.drafts["draft"]
    client = as_user("drafter")
    page = client.get(f"/drafts/{draft.pk}/").content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="kind"' in page and 'value="impact_assessment"' in page

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            f"/drafts/{draft.pk}/attachments/",
            {
                "file": makers.upload("baho.pdf", makers.pdf()),
                "title": "Ta'sirni baholash",
                "kind": "impact_assessment",
            },
        )
    assert sent.status_code == 302 and sent["Location"] == f"/drafts/{draft.pk}/#attachments"
    attachment = DraftAttachment.objects.get(draft=draft)
    page = client.get(f"/drafts/{draft.pk}/").content.decode()
    assert f'href="/api/v1/drafts/{draft.pk}/attachments/{attachment.pk}/file/" download' in page
    assert "Ta&#x27;sirni baholash" in page and "329\xa0bytes" in page
    assert f'action="/drafts/{draft.pk}/attachments/{attachment.pk}/remove/"' in page

    with nothing_stored():
        refused = client.post(
            f"/drafts/{draft.pk}/attachments/",
            {
                "file": makers.upload("photo.jpg", b"<html><script>alert(1)</script></html>"),
                "title": "Surat",
                "kind": "photo",
                "next": f"/drafts/{draft.pk}/#attachments",
            },
            follow=True,
        )
    assert "is not what its name says (.jpg)" in refused.content.decode()

    assert client.post(f"/drafts/{draft.pk}/attachments/{attachment.pk}/remove/").status_code == 302
    assert not DraftAttachment.objects.filter(draft=draft).exists()
    assert as_user("citizen").post(f"/drafts/{draft.pk}/attachments/", {"title": "x"}).status_code == 404


def test_the_public_sees_thumbnails_and_players_but_no_forms(world, as_user, attach):
    draft = world.drafts["finalization"]
    photo = attach(draft, "surat.png", makers.png(), kind="photo", title="Yig‘ilish").json()
    audio = attach(draft, "eshituv.wav", makers.wav(1.0), kind="audio", title="Eshituv yozuvi").json()
    page = as_user(None).get(f"/drafts/{draft.pk}/").content.decode()
    assert f'<img src="{photo["url"]}?variant=thumbnail" alt="Yig‘ilish"' in page
    assert f'<audio controls preload="metadata" src="{audio["url"]}"' in page
    assert "/remove/" not in page and 'enctype="multipart/form-data"' not in page


def test_a_citizen_sends_files_with_a_comment_and_the_moderator_sees_them(
    world, as_user, django_capture_on_commit_callbacks
):
    draft = world.drafts["public_discussion"]
    citizen = as_user("citizen")
    page = citizen.get(f"/drafts/{draft.pk}/").content.decode()
    assert 'type="file" name="files" multiple' in page
    with django_capture_on_commit_callbacks(execute=True):
        sent = citizen.post(
            f"/drafts/{draft.pk}/comments/",
            {
                "text": "Xarita ilova qilindi.",
                "files": [makers.upload("xarita.png", makers.png()), makers.upload("hisob.pdf", makers.pdf())],
            },
        )
    assert sent.status_code == 302
    comment = draft.comments.get(text="Xarita ilova qilindi.")
    picture, document = comment.attachments.order_by("position")
    queue = as_user("moderator").get("/work/moderation/").content.decode()
    base = f"/api/v1/comments/{comment.pk}/attachments"
    assert f'<img src="{base}/{picture.pk}/file/?variant=thumbnail" alt="xarita.png"' in queue
    assert f'href="{base}/{document.pk}/file/" download>hisob.pdf</a>' in queue and "329\xa0bytes" in queue
    drafters_page = as_user("drafter").get(f"/drafts/{draft.pk}/").content.decode()
    assert base not in drafters_page
