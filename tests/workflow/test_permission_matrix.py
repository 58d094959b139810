"""Every role x every state x (list, detail, edit, each transition), checked against the brief's tables (§2).

The expectations are written out here from the brief, not read from the code under test.
"""

import datetime
from contextlib import contextmanager

import pytest
from django.db import transaction
from django.utils import timezone

ROLES = ["anonymous", "citizen", "drafter", "other_drafter", "expert", "other_expert", "moderator", "approver", "admin"]
USERNAME = {
    "citizen": "citizen",
    "drafter": "drafter",
    "other_drafter": "drafter2",
    "expert": "expert",  # member of the group assigned to every demo draft
    "other_expert": "expert2",  # member of a group assigned to none
    "moderator": "moderator",
    "approver": "approver",
    "admin": "admin",
}
STATES = [
    "draft",
    "expert_review",
    "public_discussion",
    "finalization",
    "approval",
    "approved",
    "rejected",
    "withdrawn",
]
EVERYONE = set(ROLES)
INTERNAL = {"drafter", "approver", "admin"}
# Who sees a draft in each state of the demo world (§2). The rejected draft left `approval`
# (public); the withdrawn one left `draft` (internal): both keep the audience they had.
SEES = {
    "draft": INTERNAL,
    "expert_review": INTERNAL | {"expert"},
    "public_discussion": EVERYONE,
    "finalization": EVERYONE,
    "approval": EVERYONE,
    "approved": EVERYONE,
    "rejected": EVERYONE,
    "withdrawn": INTERNAL,
}
EDITABLE = {"draft", "finalization"}
NON_TERMINAL = {"draft", "expert_review", "public_discussion", "finalization", "approval"}
TRANSITIONS = {
    # name: (who may, from which states)
    "submit_for_review": ({"drafter"}, {"draft"}),
    "return_to_draft": ({"drafter"}, {"expert_review"}),
    "open_discussion": ({"drafter"}, {"expert_review"}),
    "extend_discussion": ({"moderator"}, {"public_discussion"}),
    "close_discussion": ({"drafter", "moderator"}, {"public_discussion"}),
    "submit_for_approval": ({"drafter"}, {"finalization"}),
    "approve": ({"approver"}, {"approval"}),
    "return_for_revision": ({"approver"}, {"approval"}),
    "reject": ({"approver"}, {"approval"}),
    "withdraw": ({"drafter"}, NON_TERMINAL),
}
# In the demo world these conditions are unmet: the review draft's group has not concluded,
# the running discussion's deadline is twelve days away, and the draft in finalization has
# comments not yet answered.
UNMET = {
    ("open_discussion", "expert_review"),
    ("close_discussion", "public_discussion"),
    ("submit_for_approval", "finalization"),
}


def expected_transition_status(role: str, state: str, name: str) -> int:
    who, sources = TRANSITIONS[name]
    if role == "anonymous":
        return 401
    if role not in SEES[state]:
        return 404
    if role not in who:
        return 403
    if state not in sources or (name, state) in UNMET:
        return 409
    return 200


@contextmanager
def rolled_back():
    """Runs a request whose effects are undone, so every attempt starts from the same world."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def arguments() -> dict:
    return {
        "reason": "Matrix test",
        "discussion_ends_at": (timezone.now() + datetime.timedelta(days=30)).isoformat(),
        "number": "MATRIX-1",
        "approved_on": timezone.localdate().isoformat(),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_role_in_state(world, api, role, state):
    user = world.users[USERNAME[role]] if role != "anonymous" else None
    client = api(user)
    draft = world.drafts[state]
    sees = role in SEES[state]

    listed = {d["id"] for d in client.get("/api/v1/drafts/", {"page_size": 200}).json()["results"]}
    assert (draft.pk in listed) == sees
    assert client.get(f"/api/v1/drafts/{draft.pk}/").status_code == (200 if sees else 404)

    with rolled_back():
        response = client.patch(f"/api/v1/drafts/{draft.pk}/", {"title": "Changed"}, format="json")
    if role == "anonymous":
        expected_edit = 401
    elif not sees:
        expected_edit = 404
    elif role != "drafter":
        expected_edit = 403
    else:
        expected_edit = 200 if state in EDITABLE else 409
    assert response.status_code == expected_edit, response.json()
    if expected_edit != 200:
        assert response.json()["detail"]

    performable = set()
    draft_seen = client.get(f"/api/v1/drafts/{draft.pk}/").json()
    for name in TRANSITIONS:
        with rolled_back():
            response = client.post(f"/api/v1/drafts/{draft.pk}/transitions/{name}/", arguments(), format="json")
        expected = expected_transition_status(role, state, name)
        assert response.status_code == expected, (name, response.json())
        if expected == 200:
            changed = (
                response.json()["status"] != state
                or response.json()["discussion_ends_at"] != draft_seen["discussion_ends_at"]
            )
            assert changed, name
            performable.add(name)
        else:
            assert response.json()["detail"]

    if sees:
        offered = {t["name"] for t in client.get(f"/api/v1/drafts/{draft.pk}/transitions/").json()}
        assert offered == performable
