"""Comment lists, the moderation queue and the summary run a fixed number of queries."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.services import comment_moderate, comment_respond, comment_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_discussion(world, settings):
    settings.COMMENT_RATE_LIMIT = (1000, 600)
    return add_comments(world, world.drafts["public_discussion"])


def add_comments(world, draft):
    for i in range(40):
        comment = comment_submit(user=world.users["drafter2"], draft_id=draft.pk, text=f"Taklif {i}", article="p-1")
        if i % 2:
            comment_moderate(user=world.users["moderator"], comment_id=comment.pk, decision="publish")
            comment_respond(user=world.users["drafter"], comment_id=comment.pk, decision="accepted", text="Ha")
    return draft


def count_queries(username, path, **params) -> int:
    from rest_framework.test import APIClient

    client = APIClient()
    if username:
        client.force_authenticate(get_user_model().objects.get(username=username))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    assert response.status_code == 200, response.content
    return len(captured)


@pytest.mark.parametrize("username", [None, "citizen", "drafter", "moderator"])
def test_comment_list_queries_do_not_grow(busy_discussion, username):
    path = f"/api/v1/drafts/{busy_discussion.pk}/comments/"
    counts = {count_queries(username, path, page_size=size) for size in (1, 10, 50)}
    assert len(counts) == 1, counts
    assert counts.pop() <= 8


def test_moderation_queue_queries_do_not_grow(busy_discussion):
    counts = {count_queries("moderator", "/api/v1/moderation/", page_size=size) for size in (1, 10, 50)}
    # The page, its count, the attachments and the open flags (flagged items come first, with their flags).
    assert len(counts) == 1 and counts.pop() <= 5


def test_summary_queries_do_not_grow_with_comments(world, settings):
    settings.COMMENT_RATE_LIMIT = (1000, 600)
    # The same draft before and after forty more comments: its sections (the survey, the figures) stay.
    draft = world.drafts["public_discussion"]
    small = count_queries("drafter", f"/api/v1/drafts/{draft.pk}/summary/")
    add_comments(world, draft)
    large = count_queries("drafter", f"/api/v1/drafts/{draft.pk}/summary/")
    assert small == large
