"""Replies between participants through the API: one level deep under a published public comment, during the
public discussion, moderated like comments, never answered and never counted as proposals."""

import datetime

import pytest
import time_machine

from comments.models import Comment, Status
from comments.selectors import unanswered_comment_ids
from comments.services import comment_moderate, comment_submit
from tests.participation.conftest import citizen, published_by_citizen
from workflow.services import draft_transition

pytestmark = pytest.mark.django_db


def reply(api, user, comment_id, text="Qo‘shilaman, muddat juda qisqa.", **fields):
    return api(user).post(f"/api/v1/comments/{comment_id}/replies/", {"text": text, **fields}, format="json")


def publish(world, comment_id):
    comment_moderate(user=world.users["moderator"], comment_id=comment_id, decision="publish")


def replies_seen(api, user, comment_id) -> list[int]:
    response = api(user).get(f"/api/v1/comments/{comment_id}/replies/")
    assert response.status_code == 200, response.content
    return [r["id"] for r in response.json()["results"]]


def test_a_reply_waits_for_a_moderator_then_everyone_reads_it_under_its_comment(world, api):
    draft = world.drafts["public_discussion"]
    parent = published_by_citizen(draft)
    replier = citizen("javobchi", "Kamola Saidova")
    created = reply(api, replier, parent.pk, respondent_type="ngo", organisation="Toza Hudud")
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["parent"], body["status"], body["kind"]) == (parent.pk, "pending", "public")
    assert (body["respondent_type"], body["organisation"]) == ("ngo", "Toza Hudud")
    assert body["article"]["key"] == parent.article.key  # shown on its comment's provision

    assert replies_seen(api, None, parent.pk) == []
    assert replies_seen(api, replier, parent.pk) == [body["id"]]  # its author sees it pending
    moderated = api(world.users["moderator"]).post(
        f"/api/v1/comments/{body['id']}/moderation/", {"decision": "publish"}, format="json"
    )
    assert moderated.status_code == 200
    assert replies_seen(api, None, parent.pk) == [body["id"]]
    listed = api().get(f"/api/v1/drafts/{draft.pk}/comments/", {"page_size": 100}).json()["results"]
    assert {c["id"]: c["parent"] for c in listed}[body["id"]] == parent.pk


def test_a_reply_to_a_reply_is_refused_with_the_comment_to_reply_to(world, api):
    draft = world.drafts["public_discussion"]
    parent = published_by_citizen(draft)
    first = reply(api, citizen(), parent.pk).json()
    publish(world, first["id"])
    response = reply(api, citizen(), first["id"])
    assert response.status_code == 409
    assert str(parent.pk) in response.json()["detail"]
    assert Comment.objects.filter(parent_id=first["id"]).count() == 0


def test_what_takes_no_reply(world, api):
    draft = world.drafts["public_discussion"]
    someone = citizen()
    mine = comment_submit(user=someone, draft_id=draft.pk, text="Hali tekshirilmagan taklifim.")
    rejected = Comment.objects.get(draft=draft, status=Status.REJECTED)
    remark = Comment.objects.get(draft=draft, kind="expert")
    # Not visible: 404, as for anything one cannot open.
    assert reply(api, citizen(), mine.pk).status_code == 404
    assert reply(api, citizen(), rejected.pk).status_code == 404
    assert reply(api, world.users["citizen"], remark.pk).status_code == 404
    assert reply(api, someone, 10**9).status_code == 404
    # Visible but not a published public comment: 409.
    assert reply(api, someone, mine.pk).status_code == 409
    assert reply(api, world.users["citizen"], rejected.pk).status_code == 409
    assert reply(api, world.users["drafter"], remark.pk).status_code == 409
    # Not logged in.
    assert reply(api, None, published_by_citizen(draft).pk).status_code in (401, 403)
    # Bad input.
    assert reply(api, someone, published_by_citizen(draft).pk, text="   ").status_code == 400
    assert reply(api, someone, published_by_citizen(draft).pk, respondent_type="business").status_code == 400
    assert reply(api, someone, published_by_citizen(draft).pk, extra="x").status_code == 400


def test_a_hidden_comment_takes_no_reply(world, api):
    parent = published_by_citizen(world.drafts["public_discussion"])
    hidden = api(world.users["moderator"]).post(f"/api/v1/comments/{parent.pk}/hide/", {"reason": "Haqorat"})
    assert hidden.status_code == 200
    assert reply(api, citizen(), parent.pk).status_code == 409


@pytest.mark.parametrize("state", ["finalization", "approval", "approved"])
def test_no_reply_outside_the_public_discussion(world, api, state):
    parent = published_by_citizen(world.drafts[state])
    assert reply(api, citizen(), parent.pk).status_code == 409
    assert reply(api, world.users["citizen"], parent.pk).status_code == 409


def test_no_reply_after_the_deadline_even_before_the_discussion_is_closed(world, api):
    draft = world.drafts["public_discussion"]
    parent = published_by_citizen(draft)
    with time_machine.travel(draft.discussion_ends_at + datetime.timedelta(seconds=1)):
        assert reply(api, citizen(), parent.pk).status_code == 409


def test_a_repeated_reply_is_refused(world, api):
    parent = published_by_citizen(world.drafts["public_discussion"])
    someone = citizen()
    assert reply(api, someone, parent.pk, text="Bir xil matn").status_code == 201
    again = reply(api, someone, parent.pk, text="bir  xil MATN")
    assert again.status_code == 409 and "duplicate_of" in again.json()


def test_replies_are_never_answered_nor_counted_as_proposals(world, api, settings):
    settings.COMMENT_RATE_LIMIT = (1000, 600)
    draft = world.drafts["public_discussion"]
    parent = published_by_citizen(draft)
    created = reply(api, citizen(), parent.pk).json()
    publish(world, created["id"])
    assert created["id"] not in unanswered_comment_ids(draft)
    answered = api(world.users["drafter"]).post(
        f"/api/v1/comments/{created['id']}/response/", {"decision": "accepted", "text": "Ha"}, format="json"
    )
    assert answered.status_code == 409

    # The discussion closes; the drafters answer every proposal; the reply does not hold back approval.
    for pending in Comment.objects.filter(draft=draft, status=Status.PENDING):
        publish(world, pending.pk)
    with time_machine.travel(draft.discussion_ends_at + datetime.timedelta(minutes=1)):
        draft_transition(user=world.users["moderator"], draft_id=draft.pk, name="close_discussion", arguments={})
        for comment_id in unanswered_comment_ids(draft):
            api(world.users["drafter"]).post(
                f"/api/v1/comments/{comment_id}/response/", {"decision": "accepted", "text": "Ha"}, format="json"
            )
        record = draft_transition(
            user=world.users["drafter"], draft_id=draft.pk, name="submit_for_approval", arguments={}
        )
        assert record.target == "approval"
        summary = api(world.users["drafter"]).get(f"/api/v1/drafts/{draft.pk}/summary/").json()
    shown = {c["id"] for article in summary["articles"] for c in article["comments"]}
    assert parent.pk in shown and created["id"] not in shown
    assert summary["counts"]["unanswered"] == 0


def test_a_published_reply_tells_the_comments_author_naming_an_anonymous_replier_as_a_citizen(world, api, mailoutbox):
    parent = published_by_citizen(world.drafts["public_discussion"])
    created = reply(api, citizen("sirli", "Jasur Nematov"), parent.pk, anonymous=True).json()
    mailoutbox.clear()
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        publish(world, created["id"])
    to_parent = [m for m in mailoutbox if m.to == [world.users["citizen"].email]]
    assert len(to_parent) == 1
    assert "A citizen" in to_parent[0].body and "Jasur" not in to_parent[0].body + to_parent[0].subject
    assert all("Nematov" not in m.body + m.subject for m in mailoutbox)


def test_the_summary_counts_public_comments_by_who_is_speaking(world, api):
    draft = world.drafts["approved"]
    summary = api().get(f"/api/v1/drafts/{draft.pk}/summary/").json()
    counts = {row["respondent_type"]: row["count"] for row in summary["respondent_types"]}
    assert set(counts) == {"individual", "business", "ngo", "state_body", "academic"}
    assert counts["individual"] == summary["counts"]["public"]
    Comment.objects.filter(draft=draft, kind="public").update(respondent_type="business", organisation="Savdo MChJ")
    summary = api().get(f"/api/v1/drafts/{draft.pk}/summary/").json()
    counts = {row["respondent_type"]: row["count"] for row in summary["respondent_types"]}
    assert counts["business"] == summary["counts"]["public"] and counts["individual"] == 0
    line = next(c for a in summary["articles"] for c in a["comments"] if c["kind"] == "public")
    assert (line["respondent_type"], line["organisation"]) == ("business", "Savdo MChJ")


def test_a_pending_reply_is_edited_in_its_text_only_and_withdrawn_by_its_author(world, api):
    parent = published_by_citizen(world.drafts["public_discussion"])
    someone = citizen()
    created = reply(api, someone, parent.pk).json()
    path = f"/api/v1/comments/{created['id']}/"
    moved = api(someone).patch(path, {"article": ""}, format="json")
    assert moved.status_code == 400 and "article" in str(moved.json())
    edited = api(someone).patch(path, {"text": "Fikrimni aniqlashtiraman."}, format="json")
    assert edited.status_code == 200 and edited.json()["parent"] == parent.pk
    assert edited.json()["article"]["key"] == parent.article.key
    assert api(someone).post(f"{path}withdraw/").json()["status"] == "withdrawn"
