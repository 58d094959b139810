"""Concurrent transitions on one draft, with real threads on the real database: exactly one wins.

Runs on whichever database the suite runs on (SQLite by default, PostgreSQL in CI's second pass).
"""

import datetime
import threading

import pytest
import time_machine
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.services import api_token_issue
from comments.services import conclusion_submit
from drafts.models import Draft
from drafts.services import draft_assign_expert_group, draft_create
from kernel.states import State
from workflow.demo.world import build_demo_world
from workflow.models import TransitionRecord
from workflow.services import draft_transition

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


def race(requests: list[tuple[str, str, dict]]) -> list[int]:
    """Sends the requests from one thread each, released together; returns their status codes."""
    barrier = threading.Barrier(len(requests))
    statuses: list[int | None] = [None] * len(requests)

    def send(i, token, path, data):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        try:
            barrier.wait(timeout=30)
            statuses[i] = client.post(path, data, format="json").status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i, *request)) for i, request in enumerate(requests)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return statuses


def token(user) -> str:
    return api_token_issue(user=user)[0]


def test_different_decisions_at_the_same_moment_only_one_wins():
    world = build_demo_world()
    draft = world.drafts[State.APPROVAL]
    before = TransitionRecord.objects.filter(draft=draft).count()
    path = f"/api/v1/drafts/{draft.pk}/transitions/"
    approver, drafter = token(world.users["approver"]), token(world.users["drafter"])
    today = timezone.localdate().isoformat()
    # Each decision is taken on the draft as seen in `approval`; a decision taken on a draft
    # that has since moved on (returned to `draft`, say) must not land.
    seen = {"expected_status": "approval"}
    requests = [
        (approver, path + "approve/", {"number": "R-1", "approved_on": today, **seen}),
        (approver, path + "reject/", {"reason": "Rad etildi", **seen}),
        (approver, path + "return_for_revision/", {"reason": "Qayta ishlang", **seen}),
        (drafter, path + "withdraw/", {"reason": "Chaqirib olindi", **seen}),
    ] * 2
    statuses = race(requests)
    assert sorted(statuses) == [200] + [409] * (len(requests) - 1), statuses
    assert TransitionRecord.objects.filter(draft=draft).count() == before + 1


def test_the_same_transition_many_times_at_once_happens_once():
    world = build_demo_world()
    draft = world.drafts[State.DRAFT]
    drafter = token(world.users["drafter"])
    path = f"/api/v1/drafts/{draft.pk}/transitions/submit_for_review/"
    statuses = race([(drafter, path, {})] * 8)
    assert sorted(statuses) == [200] + [409] * 7, statuses
    records = TransitionRecord.objects.filter(draft=draft, name="submit_for_review")
    assert records.count() == 1
    draft.refresh_from_db()
    assert (draft.status, draft.version, draft.versions.count()) == ("expert_review", 1, 1)


def _to_approval(world, title: str):
    """A fresh draft of the approval draft's act type, driven to `approval` through the services."""
    approval = world.drafts[State.APPROVAL]
    drafter = world.users["drafter"]
    draft = draft_create(
        user=drafter, title=title, act_type=approval.act_type, issuing_body=world.issuing_body, body="1. Matn."
    )
    draft_assign_expert_group(user=drafter, draft_id=draft.pk, group_id=world.expert_groups["legal"].pk)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=20)):
        draft_transition(user=drafter, draft_id=draft.pk, name="submit_for_review")
        conclusion_submit(user=world.users["expert"], draft_id=draft.pk, verdict="positive", text="Ma'qul")
        ends = timezone.now() + datetime.timedelta(days=approval.act_type.min_discussion_days, hours=1)
        draft_transition(
            user=drafter, draft_id=draft.pk, name="open_discussion", arguments={"discussion_ends_at": ends}
        )
    draft_transition(user=drafter, draft_id=draft.pk, name="close_discussion")
    draft_transition(user=drafter, draft_id=draft.pk, name="submit_for_approval")
    return draft


def test_two_drafts_racing_for_one_registration_number_get_it_once():
    world = build_demo_world()
    first, second = world.drafts[State.APPROVAL], _to_approval(world, "Ikkinchi qaror")
    approver = token(world.users["approver"])
    data = {"number": "900", "approved_on": timezone.localdate().isoformat()}
    statuses = race(
        [
            (approver, f"/api/v1/drafts/{first.pk}/transitions/approve/", data),
            (approver, f"/api/v1/drafts/{second.pk}/transitions/approve/", data),
        ]
    )
    assert sorted(statuses) == [200, 400], statuses
    assert Draft.objects.filter(number="900").count() == 1
