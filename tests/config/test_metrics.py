"""/internal/metrics: Prometheus text with the requests, the jobs by task and outcome, the official
copies' rendering time and the backlogs; behind a bearer token when METRICS_TOKEN is set."""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks import task
from prometheus_client import REGISTRY

from kernel.states import State
from publishing.official_copies import official_copy_render
from search.models import PendingIndexUpdate

URL = "/internal/metrics"


@task()
def succeeding_job() -> int:
    return 1


@task()
def failing_job() -> None:
    raise ValueError("this job fails on purpose")


def sample(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def scrape(**headers) -> str:
    response = Client().get(URL, **headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain; version=")
    return response.content.decode()


def value(text: str, name: str) -> float:
    match = re.search(rf"^{re.escape(name)} (\S+)$", text, re.MULTILINE)
    assert match, f"{name} not in the metrics"
    return float(match.group(1))


@pytest.mark.django_db
def test_requests_are_counted_by_view_method_and_status():
    before = sample(
        "django_http_responses_total_by_status_view_method_total", status="200", view="health", method="GET"
    )
    Client().get("/api/v1/health/")
    after = sample("django_http_responses_total_by_status_view_method_total", status="200", view="health", method="GET")
    assert after == before + 1
    text = scrape()
    assert "django_http_requests_latency_seconds_by_view_method_bucket" in text


@pytest.mark.django_db
def test_an_invented_method_does_not_grow_a_series_of_its_own():
    Client().generic("BREW", "/api/v1/health/")
    text = scrape()
    assert 'method="BREW"' not in text
    assert 'method="<invalid method>"' in text


@pytest.mark.django_db
def test_jobs_are_counted_by_task_and_outcome():
    enqueued = sample("legaldrafts_jobs_enqueued_total", task="succeeding_job")
    succeeded = sample("legaldrafts_jobs_finished_total", task="succeeding_job", outcome="successful")
    failed = sample("legaldrafts_jobs_finished_total", task="failing_job", outcome="failed")
    timed = sample("legaldrafts_job_duration_seconds_count", task="succeeding_job")
    succeeding_job.enqueue()
    failing_job.enqueue()  # the immediate backend records the failure on the result; nothing raises here
    assert sample("legaldrafts_jobs_enqueued_total", task="succeeding_job") == enqueued + 1
    assert sample("legaldrafts_jobs_finished_total", task="succeeding_job", outcome="successful") == succeeded + 1
    assert sample("legaldrafts_jobs_finished_total", task="failing_job", outcome="failed") == failed + 1
    assert sample("legaldrafts_job_duration_seconds_count", task="succeeding_job") == timed + 1
    assert 'legaldrafts_jobs_finished_total{outcome="failed",task="failing_job"}' in scrape()


@pytest.mark.django_db
def test_rendering_an_official_copy_is_timed(world):
    before = sample("legaldrafts_official_copy_render_seconds_count", outcome="succeeded")
    official_copy_render(draft_id=world.drafts[State.APPROVED].pk, reason="metrics test")
    assert sample("legaldrafts_official_copy_render_seconds_count", outcome="succeeded") == before + 1
    assert sample("legaldrafts_official_copy_render_seconds_sum", outcome="succeeded") > 0
    assert 'legaldrafts_official_copy_render_seconds_bucket{le="+Inf",outcome="succeeded"}' in scrape()


@pytest.mark.django_db
def test_the_backlogs_are_measured_at_each_scrape():
    text = scrape()
    assert value(text, "legaldrafts_backlogs_measured") == 1
    assert value(text, "legaldrafts_index_updates_pending") == 0
    PendingIndexUpdate.objects.create(draft_id=5, queued_at=timezone.now() - datetime.timedelta(minutes=10))
    text = scrape()
    assert value(text, "legaldrafts_index_updates_pending") == 1
    assert 600 <= value(text, "legaldrafts_index_updates_oldest_seconds") < 700
    for name in ("jobs_pending", "jobs_oldest_seconds", "official_copies_pending", "official_copies_failed"):
        assert value(text, f"legaldrafts_{name}") == 0


@pytest.mark.django_db
def test_with_a_token_set_the_scraper_must_send_it(settings):
    settings.METRICS_TOKEN = "s3cret-scraper-token"
    refused = Client().get(URL)
    assert refused.status_code == 403
    assert b"legaldrafts" not in refused.content and b"s3cret" not in refused.content
    assert Client().get(URL, HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert "legaldrafts_backlogs_measured" in scrape(HTTP_AUTHORIZATION="Bearer s3cret-scraper-token")


@pytest.mark.django_db
def test_the_metrics_path_is_outside_the_api_and_its_schema():
    schema = Client().get("/api/v1/schema/", {"format": "json"}).json()
    assert not any("metrics" in path for path in schema["paths"])


PROCESS = """
import sys, django
django.setup()
from kernel.metrics import JOBS_ENQUEUED
if sys.argv[1] == "count":
    JOBS_ENQUEUED.labels(task="multiprocess_probe").inc()
else:
    from django.test import RequestFactory
    from config.metrics import metrics_view
    body = metrics_view(RequestFactory().get("/internal/metrics")).content.decode()
    print("\\n".join(line for line in body.splitlines() if "multiprocess_probe" in line))
"""


def test_with_a_multiprocess_directory_a_scrape_adds_up_every_process(tmp_path):
    """Two processes count (as two gunicorn workers, or a worker and the app would), a third answers the scrape."""
    project = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": str(project),
        "LOG_LEVEL": "ERROR",
    }

    def run(what: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", PROCESS, what], env=env, cwd=project, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    run("count")
    run("count")
    assert len(list(tmp_path.glob("counter_*.db"))) == 2
    assert run("scrape").strip() == 'legaldrafts_jobs_enqueued_total{task="multiprocess_probe"} 2.0'
