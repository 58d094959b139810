"""Files sent with public comments: moderated with the comment, at most three, refused whole."""

import pytest

from comments.models import Comment, CommentAttachment
from tests.attachments.conftest import body
from tests.files import makers

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment_with(api, world, django_capture_on_commit_callbacks):
    """`comment_with(*uploads, user="citizen")`: the API's answer to a multipart comment on the discussion."""

    def post(*uploads, user="citizen", draft="public_discussion", text="Taklif: ilovadagi jadvalni ko‘ring."):
        with django_capture_on_commit_callbacks(execute=True):
            return api(world.users[user]).post(
                f"/api/v1/drafts/{world.drafts[draft].pk}/comments/",
                {"text": text, "files": list(uploads)},
                format="multipart",
            )

    return post


def test_a_pending_comments_files_are_seen_by_its_author_and_moderators_only(world, api, comment_with):
    created = comment_with(makers.upload("taklif.pdf", makers.pdf()), makers.upload("joy.png", makers.png()))
    assert created.status_code == 201, created.content
    comment = created.json()
    assert comment["status"] == "pending"
    files = comment["attachments"]
    assert [(f["name"], f["kind"]) for f in files] == [("taklif.pdf", "document"), ("joy.png", "image")]
    urls = [f["url"] for f in files] + [files[1]["url"] + "?variant=thumbnail"]

    for reader in ("citizen", "moderator"):
        for url in urls:
            assert api(world.users[reader]).get(url).status_code == 200, (reader, url)
    for outsider in (None, world.users["drafter"], world.users["expert"], world.users["approver"]):
        for url in urls:
            assert api(outsider).get(url).status_code == 404, (outsider, url)
    listed = api(world.users["drafter"]).get(f"/api/v1/drafts/{world.drafts['public_discussion'].pk}/comments/")
    assert comment["id"] not in [c["id"] for c in listed.json()["results"]]

    assert (
        api(world.users["moderator"])
        .post(f"/api/v1/comments/{comment['id']}/moderation/", {"decision": "publish"}, format="json")
        .status_code
        == 200
    )
    served = api(None).get(files[0]["url"])
    assert served.status_code == 200 and body(served) == makers.pdf()
    assert served["Content-Disposition"].startswith("attachment;") and served["Cache-Control"].startswith("public")
    assert api(world.users["drafter"]).get(files[1]["url"])["Content-Type"] == "image/png"


def test_a_rejected_or_withdrawn_comments_files_stay_with_its_author_and_moderators(world, api, comment_with):
    rejected = comment_with(makers.upload("a.pdf", makers.pdf()), text="Birinchi taklif.").json()
    api(world.users["moderator"]).post(
        f"/api/v1/comments/{rejected['id']}/moderation/",
        {"decision": "reject", "reason": "Mavzuga oid emas."},
        format="json",
    )
    withdrawn = comment_with(makers.upload("b.pdf", makers.pdf()), text="Ikkinchi taklif.").json()
    api(world.users["citizen"]).post(f"/api/v1/comments/{withdrawn['id']}/withdraw/")
    for comment in (rejected, withdrawn):
        url = comment["attachments"][0]["url"]
        assert api(world.users["citizen"]).get(url).status_code == 200
        assert api(world.users["moderator"]).get(url).status_code == 200
        assert api(None).get(url).status_code == api(world.users["drafter"]).get(url).status_code == 404


def test_a_fourth_file_is_refused_and_nothing_is_stored(world, comment_with, nothing_stored):
    before = Comment.objects.count()
    with nothing_stored():
        refused = comment_with(*(makers.upload(f"{n}.pdf", makers.pdf()) for n in range(4)))
        # Past Django's own count of files in one request, the answer is still the API's JSON.
        flood = comment_with(*(makers.upload(f"{n}.pdf", makers.pdf()) for n in range(101)))
    assert refused.status_code == 400 and "3" in refused.json()["errors"]["files"][0]
    assert flood.status_code == 400 and flood.json()["detail"] == "The request has too many files."
    assert Comment.objects.count() == before


def test_one_bad_file_refuses_the_comment_with_its_name_and_leaves_no_bytes(world, comment_with, nothing_stored):
    before = Comment.objects.count()
    with nothing_stored():
        refused = comment_with(
            makers.upload("good.pdf", makers.pdf()),
            makers.upload("photo.jpg", b"<html><script>alert(1)</script></html>"),
        )
        audio = comment_with(makers.upload("ovoz.wav", makers.wav(0.2)))
    assert refused.status_code == 400 and refused.json()["errors"]["files"][0].startswith("photo.jpg: ")
    assert audio.status_code == 400 and "not accepted here" in audio.json()["errors"]["files"][0]
    assert Comment.objects.count() == before and not CommentAttachment.objects.exists()


def test_expert_remarks_carry_no_files(world, comment_with, nothing_stored):
    with nothing_stored():
        refused = comment_with(makers.upload("a.pdf", makers.pdf()), user="expert", draft="expert_review")
    assert refused.status_code == 400 and "files" in refused.json()["errors"]
