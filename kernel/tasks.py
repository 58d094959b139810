"""The recurring catch-up, for a database worker (kernel.catch_up)."""

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from kernel.catch_up import catch_up

# Default for the CATCH_UP_EVERY_MINUTES setting: how often a database worker catches up.
CATCH_UP_EVERY_MINUTES = 5


@task()
def catch_up_job() -> dict:
    """Queues the next run when a database worker runs the jobs, then catches up (kernel.catch_up).

    The next run is queued first, so that a worker killed during this one does not end the schedule.
    """
    catch_up_schedule()
    return catch_up().as_dict()


def catch_up_schedule() -> datetime.datetime | None:
    """Keeps one `catch_up_job` queued CATCH_UP_EVERY_MINUTES ahead; when it will run, or None without a worker.

    Only the database backend has a worker that runs deferred jobs: with the immediate backend a
    job that queues itself would run again at once, forever, so there cron runs the command.
    """
    if not isinstance(catch_up_job.get_backend(), DatabaseBackend):
        return None
    queued = DBTaskResult.objects.filter(task_path=catch_up_job.module_path, status=TaskResultStatus.READY).order_by(
        "run_after", "enqueued_at", "id"
    )
    if not queued.exists():
        every = datetime.timedelta(minutes=getattr(settings, "CATCH_UP_EVERY_MINUTES", CATCH_UP_EVERY_MINUTES))
        catch_up_job.using(run_after=timezone.now() + every).enqueue()
        # Two runs that ended at once may both have found none queued: all keep the earliest and
        # drop the others, so that the schedule never doubles.
        earliest = queued.first()
        if earliest is not None:
            queued.exclude(pk=earliest.pk).delete()
    next_run = queued.first()
    return next_run.run_after if next_run is not None else None
