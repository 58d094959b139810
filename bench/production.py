"""Benchmark: the draft list and search through nginx + gunicorn (the production stack) and through gunicorn alone.

Starts `bin/production` in a fresh run directory (its own PostgreSQL and Redis), adds `--drafts`
approved acts to the demo world and indexes them, then starts a second gunicorn with the same
settings on a loopback TCP port. wrk loads each endpoint on each path for `--seconds`; every
figure is also given as a ratio to `/api/v1/health/` on the same path in the same run, so that
the machine's speed cancels out. nginx speaks TLS (as in production); gunicorn alone is told the
request came through TLS (X-Forwarded-Proto), so that both answer the same way.

    python bench/production.py [--drafts 2000] [--seconds 10] [--connections 16]
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ENDPOINTS = [
    ("health", "/api/v1/health/"),
    ("draft list", "/api/v1/drafts/?status=approved&page=2"),
    ("search", "/api/v1/search/?q=soliq"),
]
ADD_DRAFTS = """
from django.utils import timezone
from drafts.models import Draft
from workflow.demo import texts
from workflow.demo.world import build_demo_world
world = build_demo_world(password="demo")
today = timezone.localdate()
Draft.objects.bulk_create([
    Draft(title=f"Viloyat hokimining {{i}}-son qarori: soliq imtiyozlari to‘g‘risida", act_type=world.act_types["qaror"],
          issuing_body=world.issuing_body, body=texts.RESOLUTION_UZ_LATN, status="approved", is_public=True,
          version=1, number=f"B-{{i}}", approved_on=today, approved_year=today.year,
          created_by=world.users["drafter"])
    for i in range({drafts})
], batch_size=500)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stack_env(run: Path) -> dict[str, str]:
    lines = (run / "env").read_text().splitlines()
    return {**os.environ, **dict(line.split("=", 1) for line in lines)}


def manage(run: Path, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=stack_env(run), check=True, stdout=subprocess.DEVNULL)


def wrk(url: str, seconds: int, connections: int, insecure_tls: bool) -> dict:
    headers = ["-H", "X-Forwarded-Proto: https", "-H", "Host: localhost"]
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", *headers, url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", output, re.MULTILINE))
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rate": rate, "p50": latency.get("50", "?"), "p99": latency.get("99", "?"), "failed": failed and failed[1]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--drafts", type=int, default=2000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: make system-packages (Debian's wrk)")

    run = Path(tempfile.mkdtemp(prefix="ldbench-", dir="/tmp"))
    port, direct_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_URL", "PG_"))}
    # Throttles would turn the load into 429s: the benchmark measures serving, not refusing.
    env.update(
        RUN_DIR=str(run), PORT=str(port), PG_PORT=str(free_port()), THROTTLE_SEARCH="100000000/min", LOG_LEVEL="WARNING"
    )
    launcher = subprocess.Popen(
        [PYTHON, str(ROOT / "bin" / "production")],
        cwd=ROOT,
        env=env,
        stdout=(run / "launcher.out").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    direct = None
    try:
        deadline = time.monotonic() + 300
        while "[production] ready:" not in (run / "launcher.out").read_text():
            if launcher.poll() is not None or time.monotonic() > deadline:
                raise SystemExit((run / "launcher.out").read_text()[-3000:])
            time.sleep(0.5)
        manage(run, "shell", "-c", ADD_DRAFTS.format(drafts=options.drafts))
        manage(run, "search_rebuild")
        workers, threads = stack_env(run)["GUNICORN_WORKERS"], stack_env(run)["GUNICORN_THREADS"]
        direct = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT,
            env={
                **stack_env(run),
                "THROTTLE_SEARCH": "100000000/min",
                "GUNICORN_BIND": f"127.0.0.1:{direct_port}",
                "GUNICORN_CONTROL_SOCKET": str(run / "direct.ctl"),
                "GUNICORN_ACCESS_LOG": "/dev/null",
                "LOG_LEVEL": "WARNING",
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(5)
        targets = [
            ("nginx + gunicorn", f"https://localhost:{port}"),
            ("gunicorn alone", f"http://127.0.0.1:{direct_port}"),
        ]
        for _, base in targets:  # warm every worker's connections and caches
            for _, path in ENDPOINTS:
                wrk(base + path, 2, options.connections, True)
        print(
            f"{options.drafts} approved drafts; gunicorn {workers} workers x {threads} threads; "
            f"wrk -t2 -c{options.connections} -d{options.seconds}s; {os.cpu_count()} cores shared with wrk\n"
        )
        print("| path | endpoint | req/s | ratio to health | p50 | p99 | non-2xx |")
        print("|---|---|---|---|---|---|---|")
        for label, base in targets:
            health = None
            for name, path in ENDPOINTS:
                result = wrk(base + path, options.seconds, options.connections, True)
                health = health or result["rate"]
                print(
                    f"| {label} | {name} | {result['rate']:.0f} | {result['rate'] / health:.2f} | "
                    f"{result['p50']} | {result['p99']} | {result['failed'] or 0} |",
                    flush=True,
                )
    finally:
        stop_stack(launcher, direct, run)


def stop_stack(launcher, direct, run: Path) -> None:
    """Stops gunicorn alone (if started) and the whole stack (bin/production), then removes its run directory."""
    if direct is not None:
        os.killpg(direct.pid, signal.SIGTERM)
        direct.wait(timeout=30)
    launcher.send_signal(signal.SIGTERM)
    try:
        launcher.wait(timeout=90)
    except subprocess.TimeoutExpired:
        os.killpg(launcher.pid, signal.SIGKILL)
    shutil.rmtree(run, ignore_errors=True)


if __name__ == "__main__":
    main()
