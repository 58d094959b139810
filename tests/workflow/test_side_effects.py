"""Side effects run after commit, never from a rolled-back transition, and never write the state field elsewhere."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from kernel import outbox
from workflow.services import draft_transition

pytestmark = pytest.mark.django_db


def test_drafters_are_told_by_mail_after_the_commit(world, django_capture_on_commit_callbacks):
    draft = world.drafts["approval"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        draft_transition(
            user=world.users["approver"],
            draft_id=draft.pk,
            name="approve",
            arguments={"number": "M-1", "approved_on": timezone.localdate()},
        )
        assert mail.outbox == []  # nothing is sent before the commit
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["drafter@demo.example.uz"]
    assert message.subject.endswith(": Approved")
    assert "“Approve”" in message.body and "“Awaiting approval”" in message.body
    assert f"http://localhost:8000/drafts/{draft.pk}/" in message.body and "/api/" not in message.body


def test_a_rolled_back_transition_sends_nothing(world, django_capture_on_commit_callbacks):
    draft = world.drafts["approval"]
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            draft_transition(user=world.users["approver"], draft_id=draft.pk, name="reject", arguments={"reason": "x"})
            transaction.set_rollback(True)
    assert mail.outbox == []
    draft.refresh_from_db()
    assert draft.status == "approval"


def test_only_the_workflow_writes_the_status_field():
    """The state changes through workflow.services alone; no other module assigns or updates `status` of a draft."""
    root = Path(__file__).resolve().parents[2]
    offenders = []
    pattern = re.compile(
        r"(\bdraft\.status\s*=[^=])|(Draft\.objects[^\n]*\.update\([^)]*\bstatus\s*=)"
        r"|(Draft\.objects\.create\([^)]*\bstatus\s*=)"
    )
    for path in root.glob("*/**/*.py"):
        # bench/ writes rows directly for speed, and says so; the tests build through the services.
        if {".venv", "tests", "migrations", "bench"} & set(path.parts):
            continue
        if pattern.search(path.read_text(encoding="utf-8")):
            offenders.append(str(path.relative_to(root)))
    assert offenders == []


def test_many_ids_reach_a_subscriber_at_once_when_it_takes_them_so_and_one_by_one_otherwise(
    django_capture_on_commit_callbacks,
):
    """kernel.outbox.publish_many (a campaign's members published together): one record and one job for a
    subscriber that takes many ids, the usual one per id for any other; nothing runs before the commit."""
    seen = []
    outbox.subscribe(
        "test: many",
        "test_topic",
        record_many=lambda ids: seen.append(("record", ids)),
        after_commit_many=lambda ids: seen.append(("job", ids)),
    )
    outbox.subscribe(
        "test: one",
        "test_topic",
        record=lambda i: seen.append(("record", i)),
        after_commit=lambda i: seen.append(("job", i)),
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                outbox.publish_many("test_topic", [3, 1, 3])
                assert seen == [("record", [3, 1]), ("record", 3), ("record", 1)]
    finally:
        outbox._subscribers[:] = [s for s in outbox._subscribers if not s.name.startswith("test: ")]
    assert seen[3:] == [("job", [3, 1]), ("job", 3), ("job", 1)]
