"""What a transition leaves for after its commit, so that a failure there never undoes the change.

Through the kernel outbox, in the transaction: search marks the draft for re-indexing, publishing
records the pending official copy of an approved act, workflow.tasks schedules the closing of a
discussion after commit. On commit: the notification job.
"""

from functools import partial

from django.db import transaction

from kernel import outbox
from kernel.states import State
from workflow.models import TransitionRecord
from workflow.notifications import notify_transition


def schedule_effects(record: TransitionRecord) -> None:
    """Called inside the transition's transaction."""
    outbox.publish(outbox.DRAFT_CHANGED, record.draft_id)
    if record.target == State.APPROVED:
        outbox.publish(outbox.DRAFT_APPROVED, record.draft_id)  # commits with the approval
    if record.name in ("open_discussion", "extend_discussion"):
        outbox.publish(outbox.DEADLINE_SET, record.draft_id)
    transaction.on_commit(partial(notify_transition.enqueue, record.pk))
