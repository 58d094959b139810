"""List endpoints run a fixed number of queries, whatever the page size."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from drafts.services import draft_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_drafts(world):
    for i in range(60):
        draft_create(
            user=world.users["drafter"],
            title=f"Qaror loyihasi {i}",
            act_type=world.act_types["qaror"],
            issuing_body=world.issuing_body,
            body=f"{i}. Matn.",
        )


def queries_for(client, path, **params) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(captured), [q["sql"] for q in captured.captured_queries]


# Anonymous: the stamp of kernel.freshness, then the count and the page (stored in the shared cache after).
@pytest.mark.parametrize("username,expected", [(None, 3), ("citizen", 3), ("drafter", 3), ("approver", 3)])
def test_draft_list_queries_do_not_grow_with_page_size(world, api, many_drafts, username, expected):
    for page_size in (1, 10, 60):
        # A fresh user object each time: roles are read once per request, not remembered between them.
        client = api(get_user_model().objects.get(username=username) if username else None)
        count, sql = queries_for(client, "/api/v1/drafts/", page_size=page_size)
        assert count == expected, "\n\n".join(sql)


@pytest.mark.parametrize("path", ["/api/v1/act-types/", "/api/v1/expert-groups/", "/api/v1/issuing-bodies/"])
def test_reference_lists_are_one_query(world, api, path):
    count, sql = queries_for(api(None), path)
    assert count == 1, "\n\n".join(sql)
