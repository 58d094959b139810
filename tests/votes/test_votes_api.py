"""Support and oppose through the API: one vote per user per draft and per comment, changeable and
withdrawable during the public discussion only, counted on the draft's and the comment's bodies."""

import datetime
import itertools

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from comments.models import Comment, CommentVote, DraftVote, DraftVoteChoice
from drafts.serializers import DRAFT_VOTES
from kernel.roles import Role
from workflow.services import draft_transition

pytestmark = pytest.mark.django_db

SERIAL = itertools.count()


def citizen(name: str | None = None):
    user = get_user_model().objects.create_user(name or f"ovozchi{next(SERIAL)}", password="x")
    user.groups.add(Group.objects.get(name=Role.CITIZENS))
    return user


def draft_vote(api, user, draft, vote):
    path = f"/api/v1/drafts/{draft.pk}/vote/"
    client = api(user)
    return client.delete(path) if vote is None else client.put(path, {"vote": vote}, format="json")


def comment_vote(api, user, comment, vote="for"):
    path = f"/api/v1/comments/{comment.pk}/vote/"
    client = api(user)
    return client.delete(path) if vote is None else client.put(path, {"vote": vote}, format="json")


def published_by_citizen(draft) -> Comment:
    return (
        Comment.objects.filter(
            draft=draft, kind="public", status="published", author__username="citizen", submitted_for=""
        )
        .order_by("pk")
        .first()
    )


def test_the_vote_values_of_the_draft_body_are_the_models(world):
    assert DRAFT_VOTES == DraftVoteChoice.values


def test_a_citizen_supports_changes_to_oppose_and_withdraws(world, api):
    draft = world.drafts["public_discussion"]
    user = world.users["citizen"]

    supported = draft_vote(api, user, draft, "for")
    assert supported.status_code == 200, supported.content
    assert supported.json() == {"votes": {"for": 1, "against": 0}, "my_vote": "for"}
    again = draft_vote(api, user, draft, "for")
    assert again.json() == {"votes": {"for": 1, "against": 0}, "my_vote": "for"}

    opposed = draft_vote(api, user, draft, "against")
    assert opposed.json() == {"votes": {"for": 0, "against": 1}, "my_vote": "against"}
    assert DraftVote.objects.filter(draft=draft, user=user).count() == 1
    body = api(user).get(f"/api/v1/drafts/{draft.pk}/").json()
    assert (body["votes"], body["my_vote"]) == ({"for": 0, "against": 1}, "against")

    withdrawn = draft_vote(api, user, draft, None)
    assert withdrawn.status_code == 200
    assert withdrawn.json() == {"votes": {"for": 0, "against": 0}, "my_vote": None}
    assert draft_vote(api, user, draft, None).json()["my_vote"] is None  # withdrawing twice changes nothing
    assert not DraftVote.objects.filter(draft=draft).exists()


def test_everyone_sees_the_counts_and_only_the_voter_their_own_vote(world, api):
    draft = world.drafts["public_discussion"]
    for vote in ["for", "for", "against"]:
        assert draft_vote(api, citizen(), draft, vote).status_code == 200
    draft_vote(api, world.users["drafter2"], draft, "against")

    anonymous = api(None).get(f"/api/v1/drafts/{draft.pk}/").json()
    assert (anonymous["votes"], anonymous["my_vote"]) == ({"for": 2, "against": 2}, None)
    listed = {d["id"]: d for d in api(None).get("/api/v1/drafts/", {"page_size": 50}).json()["results"]}
    assert (listed[draft.pk]["votes"], listed[draft.pk]["my_vote"]) == ({"for": 2, "against": 2}, None)
    mine = {
        d["id"]: d for d in api(world.users["drafter2"]).get("/api/v1/drafts/", {"page_size": 50}).json()["results"]
    }
    assert mine[draft.pk]["my_vote"] == "against"
    # Drafts never discussed carry zero counts, and nobody's vote.
    other = listed[world.drafts["approved"].pk]
    assert (other["votes"], other["my_vote"]) == ({"for": 0, "against": 0}, None)


def test_a_published_comment_is_supported_once_and_the_support_withdrawn(world, api):
    draft = world.drafts["public_discussion"]
    comment = published_by_citizen(draft)
    moderator = world.users["moderator"]

    first = comment_vote(api, moderator, comment)
    assert first.status_code == 200, first.content
    assert first.json() == {"votes": {"for": 1, "against": 0}, "my_vote": "for"}
    assert comment_vote(api, moderator, comment).json()["votes"] == {"for": 1, "against": 0}
    comment_vote(api, citizen(), comment)
    assert CommentVote.objects.filter(comment=comment).count() == 2

    detail = api(moderator).get(f"/api/v1/comments/{comment.pk}/").json()
    assert (detail["votes"], detail["my_vote"]) == ({"for": 2, "against": 0}, "for")
    listed = {c["id"]: c for c in api(None).get(f"/api/v1/drafts/{draft.pk}/comments/").json()["results"]}
    assert (listed[comment.pk]["votes"], listed[comment.pk]["my_vote"]) == ({"for": 2, "against": 0}, None)

    withdrawn = comment_vote(api, moderator, comment, None)
    assert withdrawn.json() == {"votes": {"for": 1, "against": 0}, "my_vote": None}


def test_every_body_that_shows_a_draft_or_comment_carries_its_votes(world, api):
    draft = world.drafts["public_discussion"]
    draft_vote(api, world.users["moderator"], draft, "for")
    moderator = api(world.users["moderator"])
    extended = moderator.post(
        f"/api/v1/drafts/{draft.pk}/transitions/extend_discussion/",
        {"discussion_ends_at": (draft.discussion_ends_at + datetime.timedelta(days=3)).isoformat(), "reason": "Ko'p"},
        format="json",
    )
    assert extended.status_code == 200, extended.content
    assert (extended.json()["votes"], extended.json()["my_vote"]) == ({"for": 1, "against": 0}, "for")

    created = api(world.users["citizen"]).post(
        f"/api/v1/drafts/{draft.pk}/comments/", {"text": "Ovozlar bilan yangi taklif."}, format="json"
    )
    assert created.status_code == 201
    assert (created.json()["votes"], created.json()["my_vote"]) == ({"for": 0, "against": 0}, None)
    queue = moderator.get("/api/v1/moderation/").json()["results"]
    assert all(item["votes"] == {"for": 0, "against": 0} for item in queue)

    new = api(world.users["drafter"]).post(
        "/api/v1/drafts/",
        {
            "title": "Yangi",
            "act_type": world.act_types["qaror"].pk,
            "issuing_body": world.issuing_body.pk,
            "body": "1. Matn.",
        },
        format="json",
    )
    assert new.status_code == 201 and new.json()["votes"] == {"for": 0, "against": 0}
    patched = api(world.users["drafter"]).patch(
        f"/api/v1/drafts/{new.json()['id']}/", {"title": "Boshqa"}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["my_vote"] is None


@pytest.mark.parametrize(
    "username,state,vote,status",
    [
        (None, "public_discussion", "for", 401),
        (None, "public_discussion", None, 401),
        ("citizen", "draft", "for", 404),  # not visible: it does not exist for them
        ("drafter", "draft", "for", 409),  # before the discussion opens
        ("drafter", "expert_review", "against", 409),
        ("citizen", "finalization", "for", 409),  # after it closed
        ("citizen", "finalization", None, 409),
        ("citizen", "approved", "against", 409),
        ("citizen", "public_discussion", "maybe", 400),
        ("citizen", "public_discussion", "", 400),
    ],
)
def test_draft_votes_refused(world, api, username, state, vote, status):
    draft = world.drafts[state]
    user = world.users[username] if username else None
    response = draft_vote(api, user, draft, vote)
    assert response.status_code == status, response.content
    assert response.json()["detail"]
    assert not DraftVote.objects.exists()


def test_a_vote_body_with_more_than_the_vote_is_refused(world, api):
    draft = world.drafts["public_discussion"]
    response = api(world.users["citizen"]).put(
        f"/api/v1/drafts/{draft.pk}/vote/", {"vote": "for", "user": world.users["drafter"].pk}, format="json"
    )
    assert response.status_code == 400 and "user" in response.json()["errors"]
    assert api(world.users["citizen"]).put(f"/api/v1/drafts/{draft.pk}/vote/", {}, format="json").status_code == 400


def _comment(world, which: str) -> Comment:
    discussion = world.drafts["public_discussion"]
    comments = Comment.objects.filter(draft=discussion)
    return {
        "published": lambda: published_by_citizen(discussion),
        "pending": lambda: comments.filter(status="pending").first(),
        "rejected": lambda: comments.filter(status="rejected").first(),
        "remark": lambda: comments.filter(kind="expert").first(),
        "closed": lambda: published_by_citizen(world.drafts["finalization"]),
    }[which]()


@pytest.mark.parametrize(
    "username,which,vote,status",
    [
        (None, "published", "for", 401),
        ("citizen", "published", "for", 403),  # their own comment
        ("moderator", "published", "against", 400),  # a comment is supported or not
        ("moderator", "published", "", 400),
        ("moderator", "pending", "for", 409),
        ("moderator", "rejected", "for", 409),
        ("drafter2", "pending", "for", 404),  # another citizen's pending comment is not visible
        ("drafter", "remark", "for", 409),  # expert remarks are not voted on
        ("citizen", "remark", "for", 404),
        ("moderator", "closed", "for", 409),
        ("moderator", "closed", None, 409),
    ],
)
def test_comment_votes_refused(world, api, username, which, vote, status):
    user = world.users[username] if username else None
    response = comment_vote(api, user, _comment(world, which), vote)
    assert response.status_code == status, response.content
    assert response.json()["detail"]
    assert not CommentVote.objects.exists()


def test_after_the_deadline_votes_are_refused_before_the_discussion_is_closed(world, api):
    draft = world.drafts["public_discussion"]
    comment = published_by_citizen(draft)
    draft_vote(api, world.users["drafter2"], draft, "for")
    comment_vote(api, world.users["drafter2"], comment)
    with time_machine.travel(draft.discussion_ends_at + datetime.timedelta(seconds=1), tick=False):
        for vote in ["against", None]:
            refused = draft_vote(api, world.users["drafter2"], draft, vote)
            assert refused.status_code == 409 and "ended" in refused.json()["detail"]
        assert comment_vote(api, world.users["drafter2"], comment, None).status_code == 409
        assert comment_vote(api, world.users["moderator"], comment).status_code == 409
    assert DraftVote.objects.get(draft=draft).vote == "for"
    assert CommentVote.objects.filter(comment=comment).count() == 1


def test_the_counts_are_frozen_at_closing_and_still_shown(world, api):
    draft = world.drafts["public_discussion"]
    comment = published_by_citizen(draft)
    voters = [citizen() for _ in range(3)]
    for user, vote in zip(voters, ["for", "for", "against"], strict=True):
        draft_vote(api, user, draft, vote)
        comment_vote(api, user, comment)
    with time_machine.travel(draft.discussion_ends_at + datetime.timedelta(minutes=1), tick=False):
        draft_transition(user=world.users["moderator"], draft_id=draft.pk, name="close_discussion", arguments={})
    for user in voters:
        for refused in [
            draft_vote(api, user, draft, "against"),
            draft_vote(api, user, draft, None),
            comment_vote(api, user, comment, None),
        ]:
            assert refused.status_code == 409 and "Finalization" in refused.json()["detail"]
    body = api(None).get(f"/api/v1/drafts/{draft.pk}/").json()
    assert (body["status"], body["votes"]) == ("finalization", {"for": 2, "against": 1})
    mine = api(voters[2]).get(f"/api/v1/drafts/{draft.pk}/").json()
    assert mine["my_vote"] == "against"
    assert api(None).get(f"/api/v1/comments/{comment.pk}/").json()["votes"] == {"for": 3, "against": 0}


def test_a_vote_is_judged_by_the_moment_it_arrived(world):
    from comments.votes import draft_vote_cast

    draft = world.drafts["public_discussion"]
    before = draft.discussion_ends_at - datetime.timedelta(seconds=1)
    with time_machine.travel(draft.discussion_ends_at + datetime.timedelta(seconds=5), tick=False):
        assert timezone.now() > draft.discussion_ends_at
        result = draft_vote_cast(user=world.users["citizen"], draft_id=draft.pk, vote="for", received_at=before)
    assert (result.votes_for, result.my_vote) == (1, "for")
