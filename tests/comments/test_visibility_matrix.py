"""Who sees which comment: every role x comment kind and status x draft state, for list, detail, counts, summary.

Expectations are written from the brief (§2, §4), not read from the code under test.
"""

import pytest

from comments.models import Comment
from tests.workflow.test_permission_matrix import ROLES, SEES, USERNAME
from workflow.services import draft_transition

pytestmark = pytest.mark.django_db

EXPERT_MATERIAL = {"drafter", "approver", "admin", "expert"}
MODERATE = {"moderator", "admin"}
SUMMARY_PUBLIC = {"finalization", "approval", "approved", "rejected"}


def draft_in(world, state):
    """A demo draft in `state` that carries comments; `draft` and `withdrawn` are made from the review draft."""
    if state == "draft":
        review = world.drafts["expert_review"]
        draft_transition(
            user=world.users["drafter"], draft_id=review.pk, name="return_to_draft", arguments={"reason": "x"}
        )
        return review
    if state == "withdrawn":
        review = world.drafts["expert_review"]
        draft_transition(user=world.users["drafter"], draft_id=review.pk, name="withdraw", arguments={"reason": "x"})
        return review
    return world.drafts[state]


def audience(state) -> set:
    # The withdrawn draft here left expert review, so it keeps that state's audience.
    return SEES["expert_review"] if state == "withdrawn" else SEES[state]


def may_see(role, comment, state) -> bool:
    if role not in audience(state):
        return False
    if comment.kind == "expert":
        return role in EXPERT_MATERIAL
    if comment.status == "published":
        return True
    return role in MODERATE or (role != "anonymous" and comment.author.username == USERNAME[role])


@pytest.mark.parametrize(
    "state",
    ["draft", "expert_review", "public_discussion", "finalization", "approval", "approved", "rejected", "withdrawn"],
)
@pytest.mark.parametrize("role", ROLES)
def test_comment_visibility(world, api, role, state):
    draft = draft_in(world, state)
    comments = list(Comment.objects.filter(draft=draft).select_related("author"))
    kinds = {(c.kind, c.status) for c in comments}
    assert kinds, "every state of the demo world carries comments"
    client = api(world.users[USERNAME[role]] if role != "anonymous" else None)
    expected = {c.pk for c in comments if may_see(role, c, state)}

    response = client.get(f"/api/v1/drafts/{draft.pk}/comments/", {"page_size": 200})
    draft_visible = role in audience(state)
    if not draft_visible:
        assert response.status_code == 404
    else:
        body = response.json()
        assert {c["id"] for c in body["results"]} == expected
        assert body["count"] == len(expected)
    for comment in comments:
        status = client.get(f"/api/v1/comments/{comment.pk}/").status_code
        assert status == (200 if comment.pk in expected else 404), (comment.kind, comment.status)

    summary = client.get(f"/api/v1/drafts/{draft.pk}/summary/")
    if not draft_visible:
        assert summary.status_code == 404
    elif role in EXPERT_MATERIAL or state in SUMMARY_PUBLIC:
        assert summary.status_code == 200
        listed = {c["id"] for a in summary.json()["articles"] for c in a["comments"]}
        wanted = {c.pk for c in comments if c.status == "published" and (c.kind == "public" or role in EXPERT_MATERIAL)}
        assert listed == wanted
        assert summary.json()["counts"]["comments"] == len(wanted)
    else:
        assert summary.status_code == 409
        assert "published with the final text" in summary.json()["detail"]
