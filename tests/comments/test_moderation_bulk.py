"""Bulk moderation: one decision and one reason for several comments, each with its own outcome;
and the queue's filters (draft, age, channel, order)."""

import datetime
import itertools

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from comments import services
from comments.models import Comment
from comments.selectors import moderation_queue
from kernel.errors import Forbidden, InvalidArguments

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def roomy_rate_limit(settings):
    settings.COMMENT_RATE_LIMIT = (100, 600)


@pytest.fixture
def discussion(world):
    return world.drafts["public_discussion"]


SERIAL = itertools.count()


def pending(world, draft, n: int) -> list[Comment]:
    return [
        services.comment_submit(user=world.users["citizen"], draft_id=draft.pk, text=f"Taklif {next(SERIAL)}.")
        for _ in range(n)
    ]


def test_a_batch_is_published_with_one_call_and_the_authors_are_told(
    world, discussion, django_capture_on_commit_callbacks
):
    comments = pending(world, discussion, 3)
    with django_capture_on_commit_callbacks(execute=True):
        outcomes = services.comment_moderate_many(
            user=world.users["moderator"], comment_ids=[c.pk for c in comments], decision="publish"
        )
    assert [o["outcome"] for o in outcomes] == ["published"] * 3
    assert set(Comment.objects.filter(pk__in=[c.pk for c in comments]).values_list("status", flat=True)) == {
        "published"
    }
    assert len([m for m in mail.outbox if "is published" in m.subject]) == 3


def test_a_batch_rejected_with_one_reason_gives_each_the_reason(world, discussion):
    comments = pending(world, discussion, 2)
    services.comment_moderate_many(
        user=world.users["moderator"],
        comment_ids=[c.pk for c in comments],
        decision="reject",
        reason="Mavzuga oid emas.",
    )
    assert (
        list(Comment.objects.filter(pk__in=[c.pk for c in comments]).values_list("moderation_reason", flat=True))
        == ["Mavzuga oid emas."] * 2
    )


def test_a_comment_decided_already_gets_its_own_refusal_and_the_others_are_decided(world, discussion):
    first, second = pending(world, discussion, 2)
    services.comment_moderate(user=world.users["moderator"], comment_id=first.pk, decision="reject", reason="Yo'q.")
    outcomes = services.comment_moderate_many(
        user=world.users["moderator"], comment_ids=[first.pk, second.pk, 987654], decision="publish"
    )
    assert [o["outcome"] for o in outcomes] == ["refused", "published", "refused"]
    assert "already rejected" in outcomes[0]["detail"]
    assert "No comment 987654" in outcomes[2]["detail"]
    first.refresh_from_db()
    assert first.status == "rejected"  # never published twice, nor re-decided


def test_a_repeated_id_is_decided_once(world, discussion):
    (comment,) = pending(world, discussion, 1)
    outcomes = services.comment_moderate_many(
        user=world.users["moderator"], comment_ids=[comment.pk, comment.pk], decision="publish"
    )
    assert outcomes == [{"id": comment.pk, "outcome": "published", "status": "published", "detail": ""}]


@pytest.mark.parametrize(
    "decision,reason,ids,field",
    [
        ("maybe", "", [1], "decision"),
        ("reject", "  ", [1], "reason"),
        ("publish", "", [], "ids"),
        ("publish", "", list(range(1, services.MODERATION_BATCH_MAX + 2)), "ids"),
    ],
)
def test_a_bad_batch_is_refused_whole(world, decision, reason, ids, field):
    with pytest.raises(InvalidArguments) as refused:
        services.comment_moderate_many(user=world.users["moderator"], comment_ids=ids, decision=decision, reason=reason)
    assert field in refused.value.details


@pytest.mark.parametrize("username", ["citizen", "drafter", "expert"])
def test_only_moderators_decide_in_bulk(world, discussion, username):
    (comment,) = pending(world, discussion, 1)
    with pytest.raises(Forbidden):
        services.comment_moderate_many(user=world.users[username], comment_ids=[comment.pk], decision="publish")
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_the_api_decides_a_batch_and_reports_each(world, api, discussion):
    first, second = pending(world, discussion, 2)
    response = api(world.users["moderator"]).post(
        "/api/v1/comments/moderation/",
        {"ids": [first.pk, second.pk, first.pk + 100000], "decision": "reject", "reason": "Takror."},
        format="json",
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(r["id"], r["outcome"]) for r in results] == [
        (first.pk, "rejected"),
        (second.pk, "rejected"),
        (first.pk + 100000, "refused"),
    ]


@pytest.mark.parametrize(
    "body,field",
    [
        ({"ids": "1,2", "decision": "publish"}, "ids"),
        ({"ids": [0], "decision": "publish"}, "ids"),
        ({"ids": [10**20], "decision": "publish"}, "ids"),
        ({"ids": list(range(1, 102)), "decision": "publish"}, "ids"),
        ({"ids": [1], "decision": "publish", "status": "published"}, "status"),
        ({"ids": [1], "decision": "reject"}, "reason"),
    ],
)
def test_the_api_refuses_a_bad_batch_with_reasons(world, api, body, field):
    response = api(world.users["moderator"]).post("/api/v1/comments/moderation/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_the_api_refuses_a_batch_from_a_citizen(world, api, discussion):
    (comment,) = pending(world, discussion, 1)
    response = api(world.users["citizen"]).post(
        "/api/v1/comments/moderation/", {"ids": [comment.pk], "decision": "publish"}, format="json"
    )
    assert response.status_code == 403


def test_the_queue_filters_by_draft_age_and_channel(world, discussion):
    moderator = world.users["moderator"]
    with time_machine.travel(timezone.now() - datetime.timedelta(days=4), tick=True):
        (old,) = pending(world, discussion, 1)
    (new,) = pending(world, discussion, 1)
    queue = moderation_queue(moderator, draft_id=discussion.pk)
    assert {old.pk, new.pk} <= set(queue.values_list("pk", flat=True))
    assert set(moderation_queue(moderator, draft_id=world.drafts["approved"].pk)) == set()
    older = set(moderation_queue(moderator, older_than_days=3).values_list("pk", flat=True))
    assert old.pk in older and new.pk not in older
    assert new.pk not in set(moderation_queue(moderator, older_than_days=1).values_list("pk", flat=True))
    assert set(moderation_queue(moderator, channel="phone")) == set()  # proposals by phone are published at once
    assert new.pk in set(moderation_queue(moderator, channel="web").values_list("pk", flat=True))
    newest = list(moderation_queue(moderator, newest_first=True).values_list("pk", flat=True))
    assert newest.index(new.pk) < newest.index(old.pk)
    oldest = list(moderation_queue(moderator).values_list("pk", flat=True))
    assert oldest.index(old.pk) < oldest.index(new.pk)


def test_the_api_queue_takes_the_filters_and_refuses_unknown_values(world, api, discussion):
    client = api(world.users["moderator"])
    (comment,) = pending(world, discussion, 1)
    listed = client.get(f"/api/v1/moderation/?draft={discussion.pk}&channel=web&order=newest")
    assert listed.status_code == 200 and listed.json()["results"][0]["id"] == comment.pk
    for query in ("older_than=2", "channel=fax", "order=random", "draft=abc", f"draft={10**20}"):
        refused = client.get(f"/api/v1/moderation/?{query}")
        assert refused.status_code == 400, query
        assert refused.json()["errors"], query


@pytest.mark.parametrize("name", ["draft", "older_than", "channel", "order"])
def test_the_api_queue_refuses_an_empty_filter(world, api, name):
    refused = api(world.users["moderator"]).get(f"/api/v1/moderation/?{name}=")
    assert refused.status_code == 400 and name in refused.json()["errors"]
