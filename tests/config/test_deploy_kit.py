"""The deployment kit in deploy/: the files `make production` runs are the ones shipped, and they agree.

Docker does not run on every machine that runs the suite, so compose.yaml is checked as data:
its services, ports, shared volumes and the environment each part gets. The running stack itself
is tested by tests/production (`make test-production`).
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from search.backends.elasticsearch import index_definition

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SITE = (DEPLOY / "nginx" / "legaldrafts.conf").read_text()
MARKS = set(re.findall(r"@([A-Z_]+)@", SITE))


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def test_compose_runs_app_worker_nginx_postgresql_redis_and_elasticsearch_9(compose):
    services = compose["services"]
    assert {"app", "worker", "nginx", "postgres", "redis", "elasticsearch", "migrate"} <= set(services)
    assert services["postgres"]["image"].startswith("postgres:15")
    assert services["redis"]["image"].startswith("redis:")
    assert re.search(r":\$\{ELASTICSEARCH_VERSION:-9\.\d+\.\d+\}$", services["elasticsearch"]["image"])
    # Only nginx is published, on PORT (8080 unless set); nothing else is reachable from outside.
    assert services["nginx"]["ports"] == ["${PORT:-8080}:8080"]
    assert [name for name, service in services.items() if "ports" in service] == ["nginx"]


def test_compose_gives_app_and_worker_the_production_settings(compose):
    for name in ("app", "worker", "migrate"):
        env = compose["services"][name]["environment"]
        assert env["DJANGO_DEBUG"] == "false"
        assert env["DJANGO_SECRET_KEY"].startswith("${DJANGO_SECRET_KEY:?")
        assert env["DATABASE_URL"].startswith("postgres://legaldrafts:") and "@postgres:5432/" in env["DATABASE_URL"]
        assert env["REDIS_URL"] == "redis://redis:6379/0"
        assert env["ELASTICSEARCH_URL"] == "http://elasticsearch:9200"
        assert env["JOBS_BACKEND"] == "database"
        assert env["X_ACCEL_REDIRECT_PREFIX"] == "/protected-media/"
    assert "db_worker" in compose["services"]["worker"]["command"]
    assert compose["services"]["app"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_compose_nginx_uses_the_shipped_site_with_every_mark_filled(compose):
    nginx = compose["services"]["nginx"]
    command = " ".join(nginx["command"])
    assert {mark for mark in MARKS if f"@{mark}@" in command} == MARKS
    assert "./nginx/legaldrafts.conf:/etc/legaldrafts/legaldrafts.conf:ro" in nginx["volumes"]
    # nginx reaches gunicorn's socket and reads media (only after an X-Accel-Redirect) from shared volumes.
    assert (
        "run:/run/legaldrafts" in nginx["volumes"] and "run:/run/legaldrafts" in compose["services"]["app"]["volumes"]
    )
    assert "media:/var/lib/legaldrafts/media:ro" in nginx["volumes"]


def test_the_nginx_site_keeps_media_and_metrics_inside():
    assert re.search(r"location @X_ACCEL_PREFIX@ \{\s*internal;", SITE)
    assert "location /media/ { return 404; }" in SITE
    assert "location /internal/ { return 404; }" in SITE


def test_every_systemd_unit_runs_files_that_exist():
    units = sorted((DEPLOY / "systemd").glob("*.service"))
    assert {unit.name for unit in units} >= {"legaldrafts-web.service", "legaldrafts-worker@.service"}
    for unit in units:
        text = unit.read_text()
        assert "EnvironmentFile=/etc/legaldrafts/env" in text, unit.name
        for path in re.findall(r"(deploy/[\w./-]+)", text):
            assert (ROOT / path).exists(), f"{unit.name} names {path}"
    example = (DEPLOY / "legaldrafts.env.example").read_text()
    assert "DJANGO_DEBUG=false" in example and "JOBS_BACKEND=database" in example


def test_the_gunicorn_config_reads_workers_threads_and_socket_from_the_environment():
    script = f"import runpy; c = runpy.run_path({str(DEPLOY / 'gunicorn.conf.py')!r}); print(c['workers'], c['threads'], c['bind'])"
    env = {"GUNICORN_WORKERS": "3", "GUNICORN_THREADS": "8", "GUNICORN_BIND": "unix:/tmp/x.sock", "PATH": "/usr/bin"}
    answer = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert answer.stdout.split() == ["3", "8", "unix:/tmp/x.sock"]


def test_a_redis_url_makes_redis_the_cache_for_every_process():
    script = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION'])"
    env = {"REDIS_URL": "unix:///tmp/redis.sock?db=0", "DJANGO_SETTINGS_MODULE": "config.settings", "PATH": "/usr/bin"}
    answer = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        env=env, cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert answer.stdout.split() == ["kernel.redis_cache.RedisCache", "unix:///tmp/redis.sock?db=0"]


def test_the_search_index_takes_its_shards_and_replicas_from_the_settings(settings):
    settings.ELASTICSEARCH_SHARDS, settings.ELASTICSEARCH_REPLICAS = 3, 1
    index = index_definition("legaldrafts-test")
    assert index._settings == {"number_of_shards": 3, "number_of_replicas": 1}
