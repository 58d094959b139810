"""The daily open-data dump as a job (django-tasks), kept on schedule by the worker's catch-up.

With JOBS_BACKEND=database, the recurring catch-up (kernel.tasks.catch_up_job) calls
`dump_catch_up`, which keeps one `dump_job` queued for when the current dump turns
OPENDATA_DUMP_EVERY_HOURS old (at once when there is none). Without a worker, cron or the systemd
timer in deploy/systemd runs `manage.py opendata_dump` daily.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from opendata.dumps import STALE_HOURS, current_dump, dump_write

# Nothing publishes on it: opendata subscribes for its catch-up only (kernel.outbox).
DUMP_TOPIC = "opendata_dump"
EVERY_HOURS = 24


@task()
def dump_job() -> dict:
    """Writes the dump; a failure leaves the previous one current, and the next run is due as before."""
    dump = dump_write()
    return {"folder": dump.folder, "files": len(dump.files)}


def _every() -> datetime.timedelta:
    return datetime.timedelta(hours=getattr(settings, "OPENDATA_DUMP_EVERY_HOURS", EVERY_HOURS))


def dump_schedule() -> datetime.datetime | None:
    """Keeps one `dump_job` queued for when the current dump is due; when that is, or None without a worker."""
    if not isinstance(dump_job.get_backend(), DatabaseBackend):
        return None
    jobs = DBTaskResult.objects.filter(task_path=dump_job.module_path)
    waiting = jobs.filter(status=TaskResultStatus.READY).order_by("run_after", "enqueued_at", "id")
    # A dump being written counts as the next one, unless its worker died long ago.
    running = jobs.filter(
        status=TaskResultStatus.RUNNING, started_at__gt=timezone.now() - datetime.timedelta(hours=STALE_HOURS)
    )
    if not waiting.exists() and not running.exists():
        current = current_dump()
        due = current.finished_at + _every() if current else timezone.now()
        dump_job.using(run_after=max(due, timezone.now())).enqueue()
    queued = waiting.first()
    return queued.run_after if queued is not None else None


@dataclass(frozen=True)
class DumpScheduled:
    """What the catch-up did for the dump: when the next one runs (None without a worker)."""

    next_run: datetime.datetime | None

    def lines(self) -> list[str]:
        if self.next_run is None:
            return []
        return [f"Open-data dump due at {timezone.localtime(self.next_run):%Y-%m-%d %H:%M:%S %Z}."]

    def as_dict(self) -> dict:
        return {"next_run": self.next_run.isoformat() if self.next_run else None}


def dump_catch_up() -> DumpScheduled:
    """The catch-up's part: the next dump queued for the worker."""
    return DumpScheduled(dump_schedule())
