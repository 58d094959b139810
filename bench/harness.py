"""What the benchmarks share: Django set-up for a throwaway database, gunicorn, and a load generator."""

import contextlib
import http.client
import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def configure(default_database_url: str) -> None:
    """Environment for a benchmark process and the gunicorn it starts; DATABASE_URL wins if set."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", default_database_url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    # Production settings refuse a short key; this one is made per run and never leaves the machine.
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    # The benchmarks measure the service, not the throttles that keep one address from hogging it. Per second,
    # not per minute: DRF keeps the time of every request of the window in one cached list that each request
    # reads and rewrites, so a minute of a benchmark's thousands of requests from one address made each search
    # cost several times its own work (a real limit, 60 a minute, keeps that list short).
    for scope in ("SEARCH", "PRINT", "SUMMARY_PDF", "LOGIN"):
        os.environ.setdefault(f"THROTTLE_{scope}", "1000000/s")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
    import django

    django.setup()


def fresh_database() -> None:
    """An empty, migrated database (SQLite file removed, PostgreSQL database flushed)."""
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(connection.settings_dict["NAME"] + suffix).unlink(missing_ok=True)
    else:
        from django.db import connections

        settings = connection.settings_dict
        connection.close()
        import psycopg

        with psycopg.connect(
            host=settings["HOST"],
            port=settings["PORT"] or 5432,
            user=settings["USER"],
            dbname="postgres",
            autocommit=True,
        ) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{settings["NAME"]}"')
        connections.close_all()
    call_command("migrate", verbosity=0)


def wait_until_healthy(port: int, attempts: int = 150, log: Path | None = None) -> None:
    """Returns once /api/v1/health/ answers 200 on the port; stops the bench (with the log's tail) if it never does."""
    for _ in range(attempts):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/api/v1/health/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start" + (": " + log.read_text()[-2000:] if log else ""))


@contextlib.contextmanager
def gunicorn(port: int, workers: int):
    """gunicorn serving the project on a loopback port for the duration of the block."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    try:
        wait_until_healthy(port)
        yield
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def load(
    port: int,
    requests: int,
    concurrency: int,
    make_request: Callable[[int, int], tuple[str, str, dict | None, dict]],
    expect: int = 200,
    latencies: list | None = None,
) -> float:
    """Requests per second: `concurrency` keep-alive clients, each sending requests // concurrency.

    `make_request(client, n)` gives (method, path, json body or None, headers).
    """
    per_client = requests // concurrency
    errors: list = []

    def client(c: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for n in range(per_client):
            method, path, body, headers = make_request(c, n)
            payload = json.dumps(body) if body is not None else None
            if payload is not None:
                headers = {**headers, "Content-Type": "application/json"}
            sent = time.perf_counter()
            conn.request(method, path, body=payload, headers=headers)
            response = conn.getresponse()
            content = response.read()
            if latencies is not None:
                latencies.append(time.perf_counter() - sent)
            if response.status != expect:
                errors.append((response.status, content[:200]))
        conn.close()

    threads = [threading.Thread(target=client, args=(c,)) for c in range(concurrency)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise SystemExit(f"{len(errors)} unexpected answers, e.g. {errors[:3]}")
    return per_client * concurrency / elapsed


def get(path: str, token: str | None = None):
    """A `make_request` that GETs one path."""
    headers = {"Authorization": f"Token {token}"} if token else {}
    return lambda c, n: ("GET", path, None, headers)


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0-100) of the values, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]
