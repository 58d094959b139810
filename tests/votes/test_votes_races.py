"""Exactly one vote per user per draft and per comment when the requests arrive all at once
(real threads, each with its own connection, against the real database: SQLite or PostgreSQL)."""

import threading
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from rest_framework.test import APIClient

from accounts.services import api_token_issue
from comments.models import Comment, CommentVote, DraftVote
from kernel.roles import Role
from workflow.demo.world import build_demo_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


def race(requests: list[tuple[str, str, str, dict | None]]) -> list[int]:
    """(token, method, path, body) sent from one thread each, released together; their status codes."""
    barrier = threading.Barrier(len(requests))
    statuses: list[int | None] = [None] * len(requests)

    def send(i, token, method, path, body):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        try:
            barrier.wait(timeout=30)
            statuses[i] = getattr(client, method)(path, body, format="json").status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i, *request)) for i, request in enumerate(requests)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return statuses


def fresh_citizen(name: str):
    user = get_user_model().objects.create_user(name, password="x")
    user.groups.add(Group.objects.get(name=Role.CITIZENS))
    return user, api_token_issue(user=user)[0]


def test_one_citizens_parallel_votes_leave_exactly_one():
    draft = build_demo_world().drafts["public_discussion"]
    user, token = fresh_citizen("shoshqaloq_ovozchi")
    path = f"/api/v1/drafts/{draft.pk}/vote/"
    statuses = race([(token, "put", path, {"vote": "for" if i % 2 else "against"}) for i in range(12)])
    assert Counter(statuses) == {200: 12}
    assert DraftVote.objects.filter(draft=draft, user=user).count() == 1
    assert DraftVote.objects.filter(draft=draft).count() == 1


def test_votes_and_withdrawals_at_once_leave_at_most_one():
    draft = build_demo_world().drafts["public_discussion"]
    user, token = fresh_citizen("ikkilanuvchi")
    path = f"/api/v1/drafts/{draft.pk}/vote/"
    requests = [(token, "put", path, {"vote": "for"}) if i % 3 else (token, "delete", path, None) for i in range(12)]
    assert Counter(race(requests)) == {200: 12}
    assert DraftVote.objects.filter(draft=draft, user=user).count() <= 1


def test_many_citizens_voting_at_once_are_all_counted():
    draft = build_demo_world().drafts["public_discussion"]
    tokens = [fresh_citizen(f"olomon{i}")[1] for i in range(16)]
    path = f"/api/v1/drafts/{draft.pk}/vote/"
    statuses = race([(token, "put", path, {"vote": "for" if i < 10 else "against"}) for i, token in enumerate(tokens)])
    assert Counter(statuses) == {200: 16}
    body = APIClient().get(f"/api/v1/drafts/{draft.pk}/").json()
    assert body["votes"] == {"for": 10, "against": 6}


def test_one_citizens_parallel_supports_of_a_comment_leave_exactly_one():
    draft = build_demo_world().drafts["public_discussion"]
    comment = Comment.objects.filter(draft=draft, kind="public", status="published").order_by("pk").first()
    user, token = fresh_citizen("qollovchi")
    other, other_token = fresh_citizen("qollovchi2")
    path = f"/api/v1/comments/{comment.pk}/vote/"
    requests = [(token, "put", path, {"vote": "for"})] * 8 + [(other_token, "put", path, {"vote": "for"})] * 4
    assert Counter(race(requests)) == {200: 12}
    assert CommentVote.objects.filter(comment=comment, user=user).count() == 1
    assert CommentVote.objects.filter(comment=comment).count() == 2
