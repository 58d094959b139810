"""Flags, hiding and dismissing when the requests arrive all at once (real threads, each with its own
connection, against the real database: SQLite or PostgreSQL): one wins, the others get 409."""

from collections import Counter

import pytest
from django.contrib.auth.models import Group

from accounts.services import api_token_issue
from comments.models import Comment, Flag, Status
from kernel.roles import Role
from tests.votes.test_votes_races import fresh_citizen, race
from workflow.demo.world import build_demo_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


def _published(draft) -> Comment:
    return (
        Comment.objects.filter(draft=draft, kind="public", status="published", author__username="citizen")
        .order_by("pk")
        .first()
    )


def _moderator_tokens(world, n: int) -> list[str]:
    tokens = [api_token_issue(user=world.users["moderator"])[0]]
    for i in range(n - 1):
        user, _ = fresh_citizen(f"moderator_{i}")
        user.groups.set([Group.objects.get(name=Role.MODERATORS)])
        tokens.append(api_token_issue(user=user)[0])
    return tokens


def test_one_users_parallel_flags_of_a_comment_leave_one():
    draft = build_demo_world().drafts["public_discussion"]
    comment = _published(draft)
    user, token = fresh_citizen("shoshqaloq_shikoyatchi")
    path = f"/api/v1/comments/{comment.pk}/flags/"
    statuses = race([(token, "post", path, {"reason": "spam" if i % 2 else "insult"}) for i in range(10)])
    assert Counter(statuses) == {201: 1, 409: 9}
    assert Flag.objects.filter(comment=comment, user=user).count() == 1


def test_two_moderators_hiding_at_once_one_wins():
    world = build_demo_world()
    comment = _published(world.drafts["public_discussion"])
    _, flagger = fresh_citizen("shikoyatchi")
    assert race([(flagger, "post", f"/api/v1/comments/{comment.pk}/flags/", {"reason": "insult"})]) == [201]
    tokens = _moderator_tokens(world, 4)
    path = f"/api/v1/comments/{comment.pk}/hide/"
    statuses = race([(token, "post", path, {"reason": f"Sabab {i}"}) for i, token in enumerate(tokens)])
    assert Counter(statuses) == {200: 1, 409: 3}
    comment.refresh_from_db()
    assert comment.status == Status.HIDDEN
    assert list(Flag.objects.filter(comment=comment).values_list("resolution", flat=True)) == ["hidden"]


def test_two_moderators_dismissing_at_once_one_wins():
    world = build_demo_world()
    comment = _published(world.drafts["public_discussion"])
    flaggers = [fresh_citizen(f"shikoyatchi{i}")[1] for i in range(3)]
    race([(t, "post", f"/api/v1/comments/{comment.pk}/flags/", {"reason": "off_topic"}) for t in flaggers])
    tokens = _moderator_tokens(world, 4)
    statuses = race([(t, "post", f"/api/v1/comments/{comment.pk}/flags/dismiss/", {}) for t in tokens])
    assert Counter(statuses) == {200: 1, 409: 3}
    assert Counter(Flag.objects.filter(comment=comment).values_list("resolution", flat=True)) == {"dismissed": 3}
    assert len(set(Flag.objects.filter(comment=comment).values_list("resolved_by", flat=True))) == 1


def test_a_reply_racing_the_hiding_of_its_comment_never_lands_under_a_hidden_one_unseen():
    """Either the reply is taken before the comment is hidden (and waits for moderation), or it is refused."""
    world = build_demo_world()
    comment = _published(world.drafts["public_discussion"])
    _, replier = fresh_citizen("javob_beruvchi")
    moderator = _moderator_tokens(world, 1)[0]
    statuses = race(
        [
            (moderator, "post", f"/api/v1/comments/{comment.pk}/hide/", {"reason": "Haqorat"}),
            (replier, "post", f"/api/v1/comments/{comment.pk}/replies/", {"text": "Men ham shunday deyman"}),
        ]
    )
    assert statuses[0] == 200 and statuses[1] in (201, 409)
    replies = Comment.objects.filter(parent=comment)
    assert replies.count() == (1 if statuses[1] == 201 else 0)
    assert all(r.status == Status.PENDING for r in replies)
