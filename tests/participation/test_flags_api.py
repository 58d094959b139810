"""Flags through the API: anyone logged in flags a published comment or reply of someone else once, during
the public discussion; flagged items lead the moderation queue with their flags; a moderator hides (the
public reason in place of the text, out of search, still in the record) or dismisses; both resolve the flags."""

import datetime

import pytest
import time_machine

from comments.models import Comment, Flag, Status
from comments.services import comment_moderate, comment_submit
from search.indexing import apply_pending_updates, rebuild_index
from tests.participation.conftest import citizen, published_by_citizen

pytestmark = pytest.mark.django_db


def flag(api, user, comment_id, reason="insult", text=""):
    return api(user).post(f"/api/v1/comments/{comment_id}/flags/", {"reason": reason, "text": text}, format="json")


def queue(api, world) -> list[dict]:
    response = api(world.users["moderator"]).get("/api/v1/moderation/", {"page_size": 100})
    assert response.status_code == 200
    return response.json()["results"]


def test_a_flag_leads_the_queue_and_a_second_one_by_the_same_user_is_refused(world, api):
    target = published_by_citizen(world.drafts["public_discussion"])
    flagger = citizen("kuzatuvchi")
    made = flag(api, flagger, target.pk, "personal_data", "Telefon raqami yozilgan")
    assert made.status_code == 201, made.content
    assert (made.json()["reason"], made.json()["resolution"]) == ("personal_data", "")
    assert flag(api, flagger, target.pk, "spam").status_code == 409
    assert flag(api, citizen(), target.pk, "spam").status_code == 201
    items = queue(api, world)
    assert items[0]["id"] == target.pk and items[0]["status"] == "published"
    assert [f["reason"] for f in items[0]["flags"]] == ["personal_data", "spam"]
    assert all(not item["flags"] for item in items[1:])
    assert Flag.objects.filter(comment=target).count() == 2


def test_what_cannot_be_flagged(world, api):
    draft = world.drafts["public_discussion"]
    target = published_by_citizen(draft)
    pending = comment_submit(user=citizen(), draft_id=draft.pk, text="Kutilayotgan izoh")
    remark = Comment.objects.get(draft=draft, kind="expert")
    assert flag(api, None, target.pk).status_code in (401, 403)
    assert flag(api, world.users["citizen"], target.pk).status_code == 403  # one's own
    assert flag(api, citizen(), pending.pk).status_code == 404  # cannot see it
    assert flag(api, world.users["citizen"], remark.pk).status_code == 404
    assert flag(api, world.users["drafter"], remark.pk).status_code == 409
    assert flag(api, world.users["moderator"], pending.pk).status_code == 409  # sees it, not published
    assert flag(api, citizen(), target.pk, "boring").status_code == 400
    assert flag(api, citizen(), target.pk, "spam", "x" * 2001).status_code == 400
    assert flag(api, citizen(), 10**9).status_code == 404
    for state in ("finalization", "approved"):
        assert flag(api, citizen(), published_by_citizen(world.drafts[state]).pk).status_code == 409
    with time_machine.travel(draft.discussion_ends_at + datetime.timedelta(seconds=1)):
        assert flag(api, citizen(), target.pk).status_code == 409
    assert not Flag.objects.exists()


def test_a_moderator_hides_a_flagged_comment_which_stays_in_the_record(world, api):
    target = published_by_citizen(world.drafts["public_discussion"])
    flag(api, citizen(), target.pk, "insult")
    flag(api, citizen(), target.pk, "spam")
    moderator = api(world.users["moderator"])
    assert moderator.post(f"/api/v1/comments/{target.pk}/hide/", {"reason": ""}, format="json").status_code == 400
    assert api(world.users["citizen"]).post(f"/api/v1/comments/{target.pk}/hide/", {"reason": "x"}).status_code == 403
    assert api(world.users["drafter"]).post(f"/api/v1/comments/{target.pk}/hide/", {"reason": "x"}).status_code == 403
    hidden = moderator.post(f"/api/v1/comments/{target.pk}/hide/", {"reason": "Haqoratli so‘zlar"}, format="json")
    assert hidden.status_code == 200, hidden.content
    assert (hidden.json()["status"], hidden.json()["text"]) == ("hidden", target.text)  # moderators still read it
    assert set(Flag.objects.filter(comment=target).values_list("resolution", flat=True)) == {"hidden"}
    assert target.pk not in [item["id"] for item in queue(api, world)]

    for reader in (None, citizen()):
        body = api(reader).get(f"/api/v1/comments/{target.pk}/").json()
        assert (body["status"], body["text"], body["moderation_reason"]) == ("hidden", "", "Haqoratli so‘zlar")
    for reader in ("drafter", "moderator", "citizen"):  # the draft's drafter, moderators, its author
        assert api(world.users[reader]).get(f"/api/v1/comments/{target.pk}/").json()["text"] == target.text
    listed = api().get(f"/api/v1/drafts/{target.draft_id}/comments/", {"page_size": 100}).json()["results"]
    assert {c["id"]: c["text"] for c in listed}[target.pk] == ""
    # Neither supported, answered, flagged nor hidden again.
    assert moderator.post(f"/api/v1/comments/{target.pk}/hide/", {"reason": "yana"}).status_code == 409
    assert flag(api, citizen(), target.pk).status_code == 409
    assert api(citizen()).put(f"/api/v1/comments/{target.pk}/vote/", {"vote": "for"}, format="json").status_code == 409
    answer = {"decision": "accepted", "text": "Ha"}
    assert api(world.users["drafter"]).post(f"/api/v1/comments/{target.pk}/response/", answer).status_code == 409


def test_dismissing_resolves_the_flags_and_keeps_the_comment(world, api):
    target = published_by_citizen(world.drafts["public_discussion"])
    moderator = api(world.users["moderator"])
    assert moderator.post(f"/api/v1/comments/{target.pk}/flags/dismiss/").status_code == 409  # none open
    flag(api, citizen(), target.pk, "off_topic")
    assert api(world.users["drafter"]).post(f"/api/v1/comments/{target.pk}/flags/dismiss/").status_code == 403
    dismissed = moderator.post(f"/api/v1/comments/{target.pk}/flags/dismiss/")
    assert (dismissed.status_code, dismissed.json()) == (200, {"dismissed": 1})
    assert Comment.objects.get(pk=target.pk).status == Status.PUBLISHED
    assert Flag.objects.get(comment=target).resolution == "dismissed"
    assert target.pk not in [item["id"] for item in queue(api, world)]
    assert moderator.post(f"/api/v1/comments/{target.pk}/flags/dismiss/").status_code == 409


def test_a_flagged_reply_is_hidden_and_its_comment_stays(world, api):
    parent = published_by_citizen(world.drafts["public_discussion"])
    created = api(citizen()).post(f"/api/v1/comments/{parent.pk}/replies/", {"text": "Ahmoqona fikr!"}, format="json")
    comment_moderate(user=world.users["moderator"], comment_id=created.json()["id"], decision="publish")
    reply_id = created.json()["id"]
    assert flag(api, world.users["citizen"], reply_id, "insult").status_code == 201
    assert queue(api, world)[0]["id"] == reply_id and queue(api, world)[0]["parent"] == parent.pk
    assert (
        api(world.users["moderator"]).post(f"/api/v1/comments/{reply_id}/hide/", {"reason": "Haqorat"}).status_code
        == 200
    )
    replies = api().get(f"/api/v1/comments/{parent.pk}/replies/").json()["results"]
    assert [(r["id"], r["status"], r["text"]) for r in replies] == [(reply_id, "hidden", "")]
    assert Comment.objects.get(pk=parent.pk).status == Status.PUBLISHED


def test_hiding_takes_the_comment_out_of_search(world, api, settings):
    settings.SEARCH_BACKEND = "database"
    draft = world.drafts["public_discussion"]
    target = comment_submit(user=citizen(), draft_id=draft.pk, text="Qarsillaboqvoy so‘zi faqat shu izohda bor.")
    comment_moderate(user=world.users["moderator"], comment_id=target.pk, decision="publish")
    rebuild_index()

    def found() -> set:
        body = api().get("/api/v1/search/", {"q": "qarsillaboqvoy"}).json()
        return {(r["type"], r["id"]) for r in body["results"]}

    assert ("comment", target.pk) in found()
    api(world.users["moderator"]).post(f"/api/v1/comments/{target.pk}/hide/", {"reason": "Reklama"})
    apply_pending_updates()  # what the job that DRAFT_CHANGED schedules does after commit
    assert found() == set()


def test_a_hidden_comments_files_are_for_those_who_read_it(world, api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    draft = world.drafts["public_discussion"]
    author = citizen()
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "#0b4f9c").save(buffer, "PNG")
    png = buffer.getvalue()
    created = comment_submit(
        user=author, draft_id=draft.pk, text="Surat bilan", files=[SimpleUploadedFile("a.png", png, "image/png")]
    )
    comment_moderate(user=world.users["moderator"], comment_id=created.pk, decision="publish")
    attachment = created.attachments.get()
    api(world.users["moderator"]).post(f"/api/v1/comments/{created.pk}/hide/", {"reason": "Shaxsiy ma’lumot"})
    path = f"/api/v1/comments/{created.pk}/attachments/{attachment.pk}/file/"
    assert api().get(path).status_code == 404
    assert api(citizen()).get(path).status_code == 404
    assert api(world.users["drafter"]).get(path).status_code != 404
    assert api().get(f"/api/v1/comments/{created.pk}/").json()["attachments"] == []
