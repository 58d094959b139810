"""The system's own workflow jobs: closing discussions whose deadline has passed."""

from django_tasks import task

from drafts.models import Draft
from workflow.services import close_expired_discussions


@task()
def close_expired_discussions_job() -> list[int]:
    """Closes every discussion whose deadline has passed (ids of the drafts closed)."""
    return close_expired_discussions()


def schedule_closing(draft_id: int) -> None:
    """After a deadline was set or moved: a closing job at that moment, when the worker can defer jobs.

    Without such a worker the `close_expired_discussions` command (cron), `catch_up` and every
    comment's own deadline check close the discussion.
    """
    if not close_expired_discussions_job.get_backend().supports_defer:
        return
    deadline = Draft.objects.filter(pk=draft_id).values_list("discussion_ends_at", flat=True).first()
    if deadline is not None:
        close_expired_discussions_job.using(run_after=deadline).enqueue()
