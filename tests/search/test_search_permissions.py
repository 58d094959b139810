"""Search shows each role exactly the drafts it may open: the lifecycle's permission matrix, through search."""

import pytest

from tests.workflow.test_permission_matrix import ROLES, SEES, STATES, USERNAME

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_search_matches_the_visibility_matrix(world, api, role):
    client = api(world.users[USERNAME[role]] if role != "anonymous" else None)
    for state in STATES:
        draft = world.drafts[state]
        body = client.get("/api/v1/search/", {"q": draft.title, "page_size": 50}).json()
        found = {r["draft"] for r in body["results"] if r["type"] == "draft"}
        assert (draft.pk in found) == (role in SEES[state]), (state, body["count"])
        counted = sum(body["facets"]["status"].values())
        assert counted == len(found), "facets count only what the user may open"
        assert (state in body["facets"]["status"]) == (role in SEES[state]) or state != draft.status
