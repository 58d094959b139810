"""What happens after a transition commits: each effect is a job, so a failure never undoes the change."""

import datetime

from django.db import transaction

from workflow.models import TransitionRecord
from workflow.states import State


def schedule_effects(record: TransitionRecord) -> None:
    """Called inside the transition's transaction: prepares rows, then enqueues jobs on commit."""
    from search.indexing import mark_draft_changed

    mark_draft_changed(record.draft_id)
    if record.target == State.APPROVED:
        from drafts.official_copies import official_copy_request

        official_copy_request(record.draft_id)  # the pending copy commits with the approval
    transaction.on_commit(lambda: _enqueue(record.pk))


def _enqueue(record_id: int) -> None:
    from drafts.tasks import render_official_copy
    from workflow.tasks import close_expired_discussions_job, notify_transition

    record = TransitionRecord.objects.get(pk=record_id)
    notify_transition.enqueue(record.pk)
    if record.target == State.APPROVED:
        render_official_copy.enqueue(record.draft_id)
    # A worker that can defer jobs closes the discussion at its deadline; without one, the
    # `close_expired_discussions` command (cron) and every comment's own deadline check do.
    if record.name in ("open_discussion", "extend_discussion") and (
        close_expired_discussions_job.get_backend().supports_defer
    ):
        deadline = datetime.datetime.fromisoformat(record.data["discussion_ends_at"])
        close_expired_discussions_job.using(run_after=deadline).enqueue()
