"""Logs as JSON lines with a request id: X-Request-ID in and out, on every record of the request and of
the jobs it enqueued (run by the database worker); an unhandled error goes to the log with its
traceback, and the client gets the generic body.
"""

import io
import json
import logging

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import path
from django_tasks import task
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from pythonjsonlogger.json import JsonFormatter

from config import urls as site_urls
from config.logging import RequestIdFilter, logging_config
from kernel import request_id

log = logging.getLogger("tests.config.json_logs")


def boom(request):
    raise RuntimeError("secret internals: password=hunter2")


def logs_and_answers(request):
    log.warning("inside the view", extra={"draft_id": 7})
    return HttpResponse("ok")


# This module is also the URLconf of the tests marked with it: two views of its own, then the site's.
urlpatterns = [
    path("api/v1/boom/", boom),
    path("boom/", boom),
    path("logs/", logs_and_answers),
    *site_urls.urlpatterns,
]
handler404 = site_urls.handler404
handler500 = site_urls.handler500


def _worker() -> Worker:
    """django_tasks_db's worker, as `manage.py db_worker` builds it; the test hands it each job."""
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


@task()
def logging_job(label: str) -> str:
    log.warning("inside the job %s", label)
    return request_id.current()


@pytest.fixture
def json_lines():
    """What the configured JSON handler writes, captured: call it for the records as dicts."""
    config = logging_config(json=True, level="INFO")
    formatter_options = {k: v for k, v in config["formatters"]["json"].items() if k != "()"}
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(**formatter_options))
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def test_the_production_default_is_json_and_development_text():
    assert logging_config(json=True, level="INFO")["handlers"]["console"]["formatter"] == "json"
    assert logging_config(json=False, level="INFO")["handlers"]["console"]["formatter"] == "text"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "given,kept",
    [
        ("3f2c9a7e-1b2d-4c5e-8f90-a1b2c3d4e5f6", True),
        ("nginx.0a1b2c3d4e5f:42", True),
        ("x" * 64, True),
        ("x" * 65, False),
        ("with space", False),
        ('quote"d', False),
        ("new\\nline", False),
        ("ümlaut", False),
    ],
)
def test_a_safe_request_id_is_echoed_and_any_other_replaced(given, kept):
    response = Client().get("/api/v1/health/", HTTP_X_REQUEST_ID=given)
    assert response.status_code == 200
    echoed = response["X-Request-ID"]
    if kept:
        assert echoed == given
    else:
        assert echoed != given and len(echoed) == 32 and int(echoed, 16) >= 0


@pytest.mark.django_db
def test_without_a_request_id_each_request_gets_its_own():
    first = Client().get("/api/v1/health/")["X-Request-ID"]
    second = Client().get("/api/v1/health/")["X-Request-ID"]
    assert first != second and len(first) == 32


@pytest.mark.django_db
def test_refusals_carry_the_id_too():
    response = Client().get("/api/v1/drafts/", {"status": "a\x00b"}, HTTP_X_REQUEST_ID="refused-1")
    assert response.status_code == 400
    assert response["X-Request-ID"] == "refused-1"


@pytest.mark.django_db
@pytest.mark.urls("tests.config.test_json_logs")
def test_every_record_of_a_request_is_one_json_line_with_its_id(json_lines):
    Client().get("/logs/", HTTP_X_REQUEST_ID="req-abc")
    records = [r for r in json_lines() if r["logger"] == "tests.config.json_logs"]
    assert len(records) == 1
    record = records[0]
    assert record["message"] == "inside the view"
    assert record["request_id"] == "req-abc"
    assert record["level"] == "WARNING"
    assert record["draft_id"] == 7
    assert {"time", "level", "logger", "message", "request_id"} <= set(record)


@pytest.mark.django_db
def test_django_logs_a_refused_request_with_its_id_after_the_middleware_returned(json_lines):
    Client().get("/api/v1/no-such-thing/", HTTP_X_REQUEST_ID="req-404")
    records = [r for r in json_lines() if r["logger"] == "django.request"]
    assert records and records[0]["request_id"] == "req-404"
    assert records[0]["status_code"] == 404
    assert "request" not in records[0]  # the request object, whose string holds the query, is left out


@pytest.mark.django_db
@pytest.mark.urls("tests.config.test_json_logs")
@pytest.mark.parametrize("where", ["/api/v1/boom/", "/boom/"])
def test_an_unhandled_error_is_logged_with_traceback_and_id_and_never_shown(json_lines, where):
    response = Client(raise_request_exception=False).get(where, HTTP_X_REQUEST_ID="req-500")
    assert response.status_code == 500
    assert response["X-Request-ID"] == "req-500"
    shown = response.content.decode()
    assert "hunter2" not in shown and "Traceback" not in shown and "RuntimeError" not in shown
    if where.startswith("/api/"):
        assert response.json() == {"detail": "Internal error; it has been logged.", "code": "error"}
    errors = [r for r in json_lines() if r["level"] == "ERROR"]
    assert len(errors) == 1
    assert errors[0]["request_id"] == "req-500"
    assert "Traceback" in errors[0]["exc_info"] and "RuntimeError" in errors[0]["exc_info"]


@pytest.mark.django_db
def test_outside_any_request_the_id_is_a_dash(json_lines):
    log.warning("from a command")
    assert [r["request_id"] for r in json_lines() if r["logger"] == "tests.config.json_logs"] == ["-"]


@pytest.mark.django_db
def test_a_job_carries_the_id_of_the_request_that_enqueued_it_into_the_worker(settings, json_lines, caplog):
    settings.TASKS = {"default": {"BACKEND": "kernel.jobs.DatabaseBackend"}}
    caplog.set_level(logging.INFO, logger="django_tasks")  # as db_worker sets it
    with request_id.bound("req-job-1"):
        logging_job.enqueue("first")
    logging_job.enqueue("second")  # outside any request
    rows = sorted(DBTaskResult.objects.all(), key=lambda row: row.args_kwargs["args"][0])
    assert [row.args_kwargs.get("request_id") for row in rows] == ["req-job-1", ""]
    assert rows[0].task_result.args == ["first"]  # the id travels beside the arguments, not among them

    worker = _worker()
    for row in rows:
        row.claim("test-worker")
        worker.run_task(row)
    returned = [DBTaskResult.objects.get(pk=row.pk).return_value for row in rows]
    assert returned == ["req-job-1", ""]
    lines = {r["message"]: r["request_id"] for r in json_lines() if r["logger"] == "tests.config.json_logs"}
    assert lines == {"inside the job first": "req-job-1", "inside the job second": "-"}
    # django-tasks' own lines of the job's start and end carry it as well.
    first = [r for r in json_lines() if r["logger"] == "django_tasks" and str(rows[0].pk) in r["message"]]
    assert [(r["message"].rsplit("=", 1)[-1], r["request_id"]) for r in first] == [
        ("RUNNING", "req-job-1"),
        ("SUCCESSFUL", "req-job-1"),
    ]
    assert request_id.current() == ""  # nothing lingers for the worker's next job


@pytest.mark.django_db
def test_a_forged_stored_id_is_not_believed(settings):
    settings.TASKS = {"default": {"BACKEND": "kernel.jobs.DatabaseBackend"}}
    logging_job.enqueue("forged")
    row = DBTaskResult.objects.get()
    DBTaskResult.objects.filter(pk=row.pk).update(
        args_kwargs={**row.args_kwargs, "request_id": 'x"\n{"level": "forged"}'}
    )
    row.refresh_from_db()
    row.claim("test-worker")
    _worker().run_task(row)
    assert DBTaskResult.objects.get(pk=row.pk).return_value == ""


@pytest.mark.django_db
def test_with_the_immediate_backend_a_job_runs_in_the_request_context(json_lines):
    with request_id.bound("req-immediate"):
        result = logging_job.enqueue("now")
    assert result.return_value == "req-immediate"
