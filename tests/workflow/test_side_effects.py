"""Side effects run after commit, never from a rolled-back transition, and never write the state field elsewhere."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

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
