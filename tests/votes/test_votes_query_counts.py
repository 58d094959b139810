"""Votes cost no query of their own: counted in the query that reads the drafts or comments."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from comments.votes import comment_vote_cast, draft_vote_cast
from kernel.roles import Role

pytestmark = pytest.mark.django_db


def count(client, path, **params) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    assert response.status_code == 200, response.content
    return len(captured), [q["sql"] for q in captured.captured_queries]


def add_voters(world, n: int, start: int) -> None:
    draft = world.drafts["public_discussion"]
    comments = Comment.objects.filter(draft=draft, kind="public", status="published")
    for i in range(start, start + n):
        user = get_user_model().objects.create_user(f"sanoq{i}", password="x")
        user.groups.add(Group.objects.get(name=Role.CITIZENS))
        draft_vote_cast(user=user, draft_id=draft.pk, vote="for" if i % 3 else "against")
        for comment in comments:
            comment_vote_cast(user=user, comment_id=comment.pk)


@pytest.mark.parametrize("username", [None, "citizen", "moderator"])
def test_draft_and_comment_reads_do_not_grow_with_votes(world, api, client, username):
    draft = world.drafts["public_discussion"]
    user = get_user_model().objects.get(username=username) if username else None
    reader = api(user)
    if user:
        client.force_login(user)
    paths = [
        (reader, "/api/v1/drafts/", {"page_size": 50}),
        (reader, f"/api/v1/drafts/{draft.pk}/", {}),
        (reader, f"/api/v1/drafts/{draft.pk}/comments/", {"page_size": 50}),
        (client, f"/drafts/{draft.pk}/", {}),
    ]
    if user:
        draft_vote_cast(user=user, draft_id=draft.pk, vote="for")
    before = {path: count(c, path, **params)[0] for c, path, params in paths}
    add_voters(world, 12, 0)
    for c, path, params in paths:
        after, sql = count(c, path, **params)
        assert after == before[path], f"{path}: {before[path]} -> {after}\n\n" + "\n\n".join(sql)
    body = reader.get(f"/api/v1/drafts/{draft.pk}/").json()
    assert sum(body["votes"].values()) == 12 + (1 if user else 0)
