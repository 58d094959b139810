"""Jobs carry the id of the request that enqueued them, and count themselves in the metrics.

One mechanism for every job, whoever enqueues it: the database backend below stores the current
request id (kernel.request_id) beside the job's arguments, and the worker sets it again while the
job runs, so a job's log lines carry the id of the request that caused it (and so do the jobs it
enqueues in turn: retries, the next catch-up). The immediate backend runs a job in the request's
own context, which already holds the id. Task functions take no extra argument.
"""

from django.dispatch import receiver
from django_tasks.signals import log_task_started, task_enqueued, task_finished, task_started
from django_tasks.utils import normalize_json
from django_tasks_db import DatabaseBackend as BaseDatabaseBackend
from django_tasks_db.models import DBTaskResult

from kernel import request_id
from kernel.metrics import JOB_SECONDS, JOBS_ENQUEUED, JOBS_FINISHED

# The key beside "args" and "kwargs" in DBTaskResult.args_kwargs; django_tasks_db reads only those two.
REQUEST_ID = "request_id"


class DatabaseBackend(BaseDatabaseBackend):
    """django_tasks_db's backend (JOBS_BACKEND=database), storing the current request id with each job."""

    def _task_to_db_task(self, task, args, kwargs) -> DBTaskResult:
        return DBTaskResult.objects.create(
            id=self._get_id(),
            args_kwargs=normalize_json({"args": args, "kwargs": kwargs, REQUEST_ID: request_id.current()}),
            priority=task.priority,
            task_path=task.module_path,
            queue_name=task.queue_name,
            run_after=task.run_after,
            backend_name=self.alias,
        )


def stored_request_id(task_result) -> str | None:
    """The request id stored with a database job (None for a job of another backend)."""
    db_result = getattr(task_result, "db_result", None)
    if db_result is None:
        return None
    stored = (db_result.args_kwargs or {}).get(REQUEST_ID)
    return stored if isinstance(stored, str) and request_id.SAFE.fullmatch(stored) else ""


@receiver(task_enqueued, dispatch_uid="kernel.jobs.enqueued")
def _count_enqueued(sender, task_result, **kwargs):
    JOBS_ENQUEUED.labels(task=task_result.task.name).inc()


@receiver(task_started, dispatch_uid="kernel.jobs.started")
def _enter_request(sender, task_result, **kwargs):
    stored = stored_request_id(task_result)
    if stored is not None:
        # The worker runs one job after another in one context: each job sets its own id.
        request_id.enter(stored)


# django-tasks logs a job's start from a receiver connected before ours: connected again after
# ours, its line carries the id too.
task_started.disconnect(log_task_started)
task_started.connect(log_task_started)


@receiver(task_finished, dispatch_uid="kernel.jobs.finished")
def _count_finished(sender, task_result, **kwargs):
    name = task_result.task.name
    outcome = str(task_result.status).lower()
    JOBS_FINISHED.labels(task=name, outcome=outcome).inc()
    if task_result.started_at and task_result.finished_at:
        JOB_SECONDS.labels(task=name).observe((task_result.finished_at - task_result.started_at).total_seconds())
    if stored_request_id(task_result) is not None:
        request_id.enter("")
