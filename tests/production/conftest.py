"""The production stack (bin/production) started once for tests/production, stopped whatever happens.

Not collected by `make test` (pytest.ini ignores this folder); `make test-production` runs it.
Each run gets a fresh run directory, free ports, its own PostgreSQL cluster and Redis: the machine's
PostgreSQL on 5432 and anything else running here are never touched.
"""

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = ROOT / "bin" / "production"
# Variables of the caller's own setup that must not leak into the stack (it sets its own).
FOREIGN = ("DJANGO_", "DATABASE_", "REDIS_URL", "JOBS_BACKEND", "MEDIA_ROOT", "TLS_", "GUNICORN_", "SQLITE_", "PG_")
START_SECONDS = 240


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Stack:
    run: Path
    port: int
    pg_port: int
    metrics_port: int
    launcher: subprocess.Popen

    @property
    def url(self) -> str:
        return f"https://localhost:{self.port}"

    @property
    def cert(self) -> str:
        return str(self.run / "tls" / "cert.pem")

    def get(self, path: str, **kwargs) -> requests.Response:
        return requests.get(self.url + path, verify=self.cert, timeout=30, **kwargs)

    def post(self, path: str, token: str | None = None, json: dict | None = None) -> requests.Response:
        headers = {"Authorization": f"Token {token}"} if token else {}
        return requests.post(self.url + path, json=json or {}, headers=headers, verify=self.cert, timeout=60)

    def env(self, **overrides: str) -> dict[str, str]:
        """The environment the stack's parts run with (RUN_DIR/env), as a manage.py command needs it."""
        lines = (self.run / "env").read_text().splitlines()
        return {**os.environ, **dict(line.split("=", 1) for line in lines), **overrides}

    def manage(self, *args: str, timeout: float = 180, **overrides: str) -> subprocess.CompletedProcess:
        answer = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=self.env(**overrides),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert answer.returncode == 0, f"manage.py {' '.join(args)}:\n{answer.stdout}\n{answer.stderr}"
        return answer

    def ctl(self, *args: str) -> str:
        answer = subprocess.run(
            [sys.executable, str(LAUNCHER), "ctl", *args],
            env={**os.environ, "RUN_DIR": str(self.run)},
            capture_output=True,
            text=True,
            timeout=90,
        )
        return answer.stdout + answer.stderr

    def sql(self, query: str, database: str = "legaldrafts") -> str:
        psql = ["/usr/lib/postgresql/15/bin/psql", "-h", str(self.run / "pg"), "-p", str(self.pg_port)]
        answer = subprocess.run(
            [*psql, "-U", "postgres", "-d", database, "-tAc", query], capture_output=True, text=True, timeout=30
        )
        assert answer.returncode == 0, answer.stderr
        return answer.stdout.strip()

    def redis(self, *args: str) -> str:
        command = ["redis-cli", "-s", str(self.run / "redis.sock"), *args]
        return subprocess.run(command, capture_output=True, text=True, timeout=30, check=True).stdout

    def log(self, name: str) -> str:
        return "".join(path.read_text(errors="replace") for path in sorted((self.run / "logs").glob(f"{name}*.log")))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def session_processes(session: int) -> list[int]:
    """Every process still in the launcher's session: supervisord and all it started."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The fields after the command name (which may hold spaces) start with the state.
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[3]) == session:
                found.append(int(entry.name))
    return found


def stop(launcher: subprocess.Popen) -> None:
    """SIGTERM as an operator would, then SIGKILL to whatever of the session is left."""
    if launcher.poll() is None:
        launcher.send_signal(signal.SIGTERM)
        try:
            launcher.wait(timeout=90)
        except subprocess.TimeoutExpired:
            pass
    for pid in session_processes(launcher.pid):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    if launcher.poll() is None:
        launcher.wait(timeout=10)


@pytest.fixture(scope="module")
def stack():
    run = Path(tempfile.mkdtemp(prefix="ldstack-", dir="/tmp"))
    port, pg_port, metrics_port = free_port(), free_port(), free_port()
    env = {name: value for name, value in os.environ.items() if not name.startswith(FOREIGN)}
    env.update(PORT=str(port), RUN_DIR=str(run), PG_PORT=str(pg_port), METRICS_PORT=str(metrics_port))
    env.update(GUNICORN_WORKERS="2", DB_WORKERS="1")
    output = run / "launcher.out"
    with output.open("w") as sink:
        launcher = subprocess.Popen(
            [sys.executable, str(LAUNCHER)],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + START_SECONDS
        while "[production] ready:" not in output.read_text(errors="replace"):
            if launcher.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the stack did not start:\n{output.read_text(errors='replace')[-4000:]}")
            time.sleep(0.5)
        yield Stack(run=run, port=port, pg_port=pg_port, metrics_port=metrics_port, launcher=launcher)
    finally:
        stop(launcher)
        shutil.rmtree(run, ignore_errors=True)
    assert not session_processes(launcher.pid), "a part of the stack outlived it"
