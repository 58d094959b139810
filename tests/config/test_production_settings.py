"""No known secret in any mode; production settings pass Django's deployment checks; a CSP on every page."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "k3Vn-9qLx_2RwZt7Hb4Ys8Pd1Mf6Gc0Ja5Ue-Ti2Ko7Nh3Wl9Qr4Xv8Bz1Cm6Fy0Ds5",
    "DJANGO_ALLOWED_HOSTS": "drafts.example.uz",
    "DJANGO_BEHIND_TLS_PROXY": "true",
    "DJANGO_SECURE_SSL_REDIRECT": "true",
    "DJANGO_HSTS_SECONDS": "31536000",
    "DJANGO_HSTS_PRELOAD": "true",
    "DJANGO_SECURE_COOKIES": "true",
}


def manage(*args: str, env: dict[str, str], cwd: Path = ROOT) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={**clean, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_documented_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_refuses_database_jobs_without_a_shared_cache():
    """The worker clears the marks the web processes set (a draft's grouping job is scheduled): with each process
    caching in its own memory, later comments would wait minutes for the catch-up."""
    alone = manage(
        "check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION, "JOBS_BACKEND": "database", "REDIS_URL": ""}
    )
    assert alone.returncode != 0
    assert "operations.W001" in alone.stdout + alone.stderr and "REDIS_URL" in alone.stdout + alone.stderr
    shared = {**PRODUCTION, "JOBS_BACKEND": "database", "REDIS_URL": "redis://127.0.0.1:6379/15"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=shared)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("key", [None, "embedded-development-key-change-me-in-production", "short"])
def test_production_refuses_to_start_without_a_real_key(key):
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}
    if key is not None:
        env["DJANGO_SECRET_KEY"] = key
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_development_generates_a_private_key_once(tmp_path):
    key_file = tmp_path / "secret"
    env = {"DJANGO_SECRET_KEY_FILE": str(key_file)}
    script = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = manage("shell", "-c", script, env=env).stdout.strip().splitlines()[-1]
    second = manage("shell", "-c", script, env=env).stdout.strip().splitlines()[-1]
    assert len(first) >= 50 and first == second == key_file.read_text().strip()
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert "embedded-development-key" not in first


def test_the_generated_key_file_is_not_tracked():
    ignored = subprocess.run(["git", "check-ignore", ".secret_key"], cwd=ROOT, capture_output=True, text=True)
    assert ignored.returncode == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/acts/", "/search/?q=soliq", "/accounts/login/", "/api/v1/docs/", "/admin/login/"]
)
def test_every_page_sends_a_content_security_policy(client, world, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/acts/", "/search/?q=soliq", "/accounts/signup/", "/api/v1/docs/"])
def test_pages_have_no_inline_script_or_style(client, world, path):
    html = client.get(path).content.decode()
    assert "<script>" not in html and '<script type="text/javascript">' not in html
    assert " style=" not in html and "<style" not in html
    assert not re.search(r"\son[a-z]+=", html), "inline event handlers are scripts too"
