"""GET /api/v1/health/ready/: 200 when every part works, 503 naming the failing parts, fast and in
names and numbers only, whatever is down.

The failures are real: a database on a port where nothing listens (or a file that cannot be
opened, on SQLite), a server that accepts the connection and never answers, a cache directory
that cannot be created, an Elasticsearch on a closed port, and backlog rows that are old.
"""

import copy
import datetime
import socket
import time

import pytest
from django.db import connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from rest_framework.test import APIClient

from config import health, readiness
from kernel.states import State
from publishing.models import OfficialCopy
from search.models import PendingIndexUpdate
from workflow.models import TransitionRecord

URL = "/api/v1/health/ready/"
NAMES = ["database", "cache", "search", "jobs", "official_copies", "index_updates"]


@pytest.fixture(autouse=True)
def fresh_report(settings):
    """Every probe checks anew (no report reused between tests)."""
    settings.READY_CACHE_SECONDS = 0
    health._Memo.report = None
    yield
    health._Memo.report = None


def get():
    return APIClient().get(URL)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _second_alias(alias: str, **changes) -> str:
    """A second connection to a database that cannot be reached, registered under `alias`."""
    default = connections["default"]
    settings_dict = copy.deepcopy(default.settings_dict)
    settings_dict.update(changes)
    connections[alias] = default.__class__(settings_dict, alias=alias)
    return alias


@pytest.fixture
def unreachable_database(monkeypatch):
    """The readiness check pointed at a database that refuses connections (SQLite: a file that cannot be opened)."""
    if connections["default"].vendor == "postgresql":
        alias = _second_alias("unreachable", HOST="127.0.0.1", PORT=str(_closed_port()))
    else:
        alias = _second_alias("unreachable", NAME="/nonexistent-directory/db.sqlite3")
    monkeypatch.setattr(readiness, "DATABASE", alias)
    yield alias
    connections[alias].close()
    del connections[alias]


def _job(*, waited: datetime.timedelta, run_after=None) -> DBTaskResult:
    job = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="kernel.tasks.catch_up_job",
        backend_name="default",
        run_after=run_after or get_date_max(),
    )
    DBTaskResult.objects.filter(pk=job.pk).update(enqueued_at=timezone.now() - waited)
    return job


@pytest.mark.django_db
def test_every_part_works_200_with_each_check():
    response = get()
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert list(body["checks"]) == NAMES
    assert all(check["ok"] is True for check in body["checks"].values())
    assert body["checks"]["search"]["backend"] == "database"
    assert body["checks"]["jobs"] == {**body["checks"]["jobs"], "pending": 0, "oldest_seconds": 0}
    assert "Retry-After" not in response


@pytest.mark.django_db
def test_no_authentication_needed_and_a_bad_token_is_ignored():
    response = APIClient().get(URL, HTTP_AUTHORIZATION="Token not-a-token")
    assert response.status_code == 200


@pytest.mark.django_db
def test_database_down_503_fast_with_the_backlogs_unmeasured(unreachable_database):
    began = time.monotonic()
    response = get()
    assert time.monotonic() - began < 5
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing"
    assert body["failing"] == ["database"]
    assert body["detail"] == "Not ready: database."
    assert body["checks"]["database"]["ok"] is False
    assert {body["checks"][name]["ok"] for name in ("jobs", "official_copies", "index_updates")} == {None}
    assert response["Retry-After"] == "30"
    # Names and numbers only: no driver message, host, port or file.
    text = response.content.decode()
    for leak in ("127.0.0.1", "nonexistent", "Error", "connection", "Traceback"):
        assert leak not in text


@pytest.mark.django_db
def test_database_back_200_again(unreachable_database, monkeypatch):
    assert get().status_code == 503
    monkeypatch.setattr(readiness, "DATABASE", "default")
    assert get().status_code == 200


@pytest.mark.django_db
def test_a_database_that_accepts_and_never_answers_fails_within_the_connect_timeout():
    if connections["default"].vendor != "postgresql":
        pytest.skip("PostgreSQL's connect_timeout; SQLite has no server")
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # the kernel completes the handshake; nobody ever answers
        port = silent.getsockname()[1]
        options = {**connections["default"].settings_dict["OPTIONS"], "connect_timeout": 2}
        alias = _second_alias("silent", HOST="127.0.0.1", PORT=str(port), OPTIONS=options)
        try:
            began = time.monotonic()
            report = readiness.readiness(using=alias)
            assert time.monotonic() - began < 6
        finally:
            connections[alias].close()
            del connections[alias]
    assert report.failing == ["database"]


@pytest.mark.django_db
def test_the_settings_give_postgresql_a_connect_timeout():
    if connections["default"].vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    assert connections["default"].settings_dict["OPTIONS"]["connect_timeout"] == 5


@pytest.mark.django_db
def test_cache_that_cannot_store_fails_the_cache_check(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": "/etc/hostname/cache",  # below a file: no directory can be made
        }
    }
    response = get()
    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]


@pytest.mark.django_db
def test_elasticsearch_unreachable_fails_the_search_check_fast(settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{_closed_port()}"
    began = time.monotonic()
    response = get()
    assert time.monotonic() - began < 5
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["search"]
    assert body["checks"]["search"] == {**body["checks"]["search"], "ok": False, "backend": "elasticsearch"}
    assert "127.0.0.1" not in response.content.decode()


@pytest.mark.django_db
def test_a_job_waiting_past_the_limit_fails_the_jobs_check(settings):
    settings.READY_MAX_JOB_AGE_SECONDS = 600
    _job(waited=datetime.timedelta(seconds=30))
    assert get().status_code == 200
    _job(waited=datetime.timedelta(hours=1))
    response = get()
    assert response.status_code == 503
    jobs = response.json()["checks"]["jobs"]
    assert response.json()["failing"] == ["jobs"]
    assert jobs["ok"] is False and jobs["pending"] == 2 and 3600 <= jobs["oldest_seconds"] < 3700
    assert jobs["max_age_seconds"] == 600


@pytest.mark.django_db
def test_a_deferred_job_counts_from_when_it_is_due_and_not_before(settings):
    settings.READY_MAX_JOB_AGE_SECONDS = 600
    # Enqueued a day ago to run in a day (the next catch-up, a discussion's closing): not waiting.
    _job(waited=datetime.timedelta(days=1), run_after=timezone.now() + datetime.timedelta(days=1))
    jobs = get().json()["checks"]["jobs"]
    assert jobs["ok"] is True and jobs["pending"] == 0
    # Due for an hour, though enqueued a day ago: an hour late.
    _job(waited=datetime.timedelta(days=1), run_after=timezone.now() - datetime.timedelta(hours=1))
    jobs = get().json()["checks"]["jobs"]
    assert jobs["pending"] == 1 and 3600 <= jobs["oldest_seconds"] < 3700 and jobs["ok"] is False


@pytest.mark.django_db
def test_a_queue_deeper_than_the_limit_fails_and_zero_turns_the_limit_off(settings):
    settings.READY_MAX_QUEUE_DEPTH = 2
    for _ in range(3):
        _job(waited=datetime.timedelta(seconds=1))
    response = get()
    assert response.status_code == 503 and response.json()["checks"]["jobs"]["pending"] == 3
    settings.READY_MAX_QUEUE_DEPTH = 0
    assert get().status_code == 200


@pytest.mark.django_db
def test_running_and_finished_jobs_are_not_waiting():
    for status in ("RUNNING", "SUCCESSFUL", "FAILED"):
        job = _job(waited=datetime.timedelta(days=2))
        DBTaskResult.objects.filter(pk=job.pk).update(status=status)
    assert get().json()["checks"]["jobs"]["pending"] == 0


@pytest.mark.django_db
def test_an_index_update_waiting_past_the_limit_fails_the_index_check(settings):
    settings.READY_MAX_INDEX_AGE_SECONDS = 900
    PendingIndexUpdate.objects.create(draft_id=1, queued_at=timezone.now() - datetime.timedelta(seconds=10))
    assert get().status_code == 200
    PendingIndexUpdate.objects.create(draft_id=2, queued_at=timezone.now() - datetime.timedelta(hours=2))
    response = get()
    assert response.status_code == 503
    updates = response.json()["checks"]["index_updates"]
    assert response.json()["failing"] == ["index_updates"]
    assert updates["pending"] == 2 and 7200 <= updates["oldest_seconds"] < 7300


@pytest.mark.django_db
def test_an_official_copy_pending_long_after_the_approval_fails_the_copies_check(world, settings):
    settings.READY_MAX_RENDER_AGE_SECONDS = 900
    approved = world.drafts[State.APPROVED]
    copy_row = OfficialCopy.objects.get(draft=approved)
    assert get().json()["checks"]["official_copies"]["pending"] == 0
    OfficialCopy.objects.filter(pk=copy_row.pk).update(status=OfficialCopy.Status.PENDING)
    approval = TransitionRecord.objects.filter(draft=approved, target=State.APPROVED)
    approval.update(at=timezone.now() - datetime.timedelta(minutes=5))
    copies = get().json()["checks"]["official_copies"]
    assert copies["ok"] is True and copies["pending"] == 1 and 300 <= copies["oldest_seconds"] < 400
    approval.update(at=timezone.now() - datetime.timedelta(hours=1))
    response = get()
    assert response.status_code == 503 and response.json()["failing"] == ["official_copies"]


@pytest.mark.django_db
def test_failed_copies_are_counted_but_do_not_fail_the_check(world):
    OfficialCopy.objects.filter(draft=world.drafts[State.APPROVED]).update(status=OfficialCopy.Status.FAILED)
    copies = get().json()["checks"]["official_copies"]
    assert copies["ok"] is True and copies["failed"] == 1 and copies["pending"] == 0


@pytest.mark.django_db
def test_a_burst_of_probes_is_answered_from_one_report(settings):
    settings.READY_CACHE_SECONDS = 60
    assert get().status_code == 200
    PendingIndexUpdate.objects.create(draft_id=3, queued_at=timezone.now() - datetime.timedelta(days=1))
    assert get().status_code == 200  # the report of a moment ago
    health._Memo.report = None
    assert get().status_code == 503


@pytest.mark.django_db
def test_the_schema_documents_200_and_503():
    schema = APIClient().get("/api/v1/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/health/ready/"]["get"]
    assert {"200", "503"} <= set(operation["responses"])
    assert operation.get("security") in (None, [], [{}])
