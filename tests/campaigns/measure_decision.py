"""Measures deciding and answering one large campaign through the API, as a moderator and a drafter would.

Not part of the suite (its name does not start with test_); run it on purpose, on either database:

    MEMBERS=5000 .venv/bin/pytest tests/campaigns/measure_decision.py -q -s -p no:cacheprovider

Jobs are queued in the database as in production (JOBS_BACKEND=database), so the figures are the
request's own; the worker then tells the authors and rebuilds the index (timed separately below).
"""

import os
import resource
import time

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from rest_framework.test import APIClient

from comments.models import Comment, Response, Status
from kernel.models import Notice
from tests.campaigns.signatories import big_campaign

pytestmark = pytest.mark.django_db

MEMBERS = int(os.environ.get("MEMBERS", "5000"))
# WORKER=0 leaves the queued jobs alone (telling 50,000 authors takes the worker minutes).
WORKER = os.environ.get("WORKER", "1") != "0"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _timed(label: str, call):
    """The call with its after-commit callbacks (enqueuing the jobs), as a request would run them."""
    wall, cpu = time.perf_counter(), _cpu()
    with CaptureQueriesContext(connection) as queries, TestCase.captureOnCommitCallbacks(execute=True):
        result = call()
    print(
        f"{label}: {time.perf_counter() - wall:.2f} s wall, {_cpu() - cpu:.2f} s CPU of this process, "
        f"{len(queries)} queries"
    )
    return result


def _run_queued_jobs() -> None:
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="measure",
        excluded_queue_names=[],
    )
    for row in DBTaskResult.objects.order_by("enqueued_at", "id"):
        row.claim("measure")
        _timed(f"  job {row.task_path.rsplit('.', 1)[-1]}", lambda row=row: worker.run_task(row))


def test_measure(world, settings):
    settings.TASKS = {"default": {"BACKEND": "kernel.jobs.DatabaseBackend"}}
    draft = world.drafts["public_discussion"]
    campaign = big_campaign(draft, MEMBERS)
    moderator, drafter = APIClient(), APIClient()
    moderator.force_authenticate(world.users["moderator"])
    drafter.force_authenticate(world.users["drafter"])
    print(f"\n{connection.vendor}, {MEMBERS} members")
    path = f"/api/v1/campaigns/{campaign.pk}/"
    decided = _timed("publish", lambda: moderator.post(path + "moderation/", {"decision": "publish"}, format="json"))
    assert decided.status_code == 200, decided.content
    answered = _timed(
        "answer",
        lambda: drafter.post(path + "response/", {"decision": "accepted", "text": "Qabul qilindi."}, format="json"),
    )
    assert answered.status_code == 200, answered.content
    print(f"jobs queued: {DBTaskResult.objects.count()}")
    assert Comment.objects.filter(campaign=campaign, status=Status.PUBLISHED).count() == MEMBERS
    assert Response.objects.filter(comment__campaign=campaign).count() == MEMBERS
    if WORKER:
        print("worker:")
        _run_queued_jobs()
        print(f"notices: {Notice.objects.filter(user__username__startswith='imzochi').count()}")
