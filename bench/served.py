"""The service as production serves it, and wrk to load it: what bench/docket.py and bench/campaigns.py share.

gunicorn with deploy/gunicorn.conf.py (2 workers x 4 threads), a database job worker beside it as
deploy/supervisord.conf runs one, and Debian's wrk with a Lua script that rotates paths and reports
p50/p95/p99 and the answers it counted. A Python load generator on two cores would cap the trivial
endpoint and flatter every ratio.
"""

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import harness
from vocabulary import CYRILLIC, LATIN, RUSSIAN

ROOT = Path(__file__).resolve().parent.parent

LUA = """
local paths = {paths}
local method = "{method}"
local tokens = {tokens}
local good_class = {good_class}
local unknown = "{unknown}"
local words = {words}
local letters = {letters}
counter = 0
good = 0
local threads = {{}}
function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end
function request()
  counter = counter + 1
  if #letters > 0 then
    -- Given texts, each sent once by its own author while they last: the two threads take turns.
    local i = ((counter - 1) * 2 + tid - 1) % #letters + 1
    local headers = {{["Authorization"] = "Token " .. tokens[i], ["Content-Type"] = "application/json"}}
    return wrk.format(method, paths[1], headers, letters[i])
  end
  local path = paths[(counter * 7 + tid) % #paths + 1]
  local headers = {{}}
  local body = nil
  if #tokens > 0 then
    headers["Authorization"] = "Token " .. tokens[(counter * 13 + tid * 31) % #tokens + 1]
  end
  if method == "POST" then
    headers["Content-Type"] = "application/json"
    if counter == 1 then math.randomseed({seed} + tid * 7919) end
    local said = {{}}
    for i = 1, 14 do said[i] = words[math.random(#words)] end
    body = '{{"text": "Taklif {run}-' .. tid .. '-' .. counter .. ': ' .. table.concat(said, " ") .. '."' .. unknown .. '}}'
  end
  return wrk.format(method, path, headers, body)
end
bad = ""
function response(status, headers, body)
  if math.floor(status / 100) == good_class then good = good + 1 elseif #bad < 300 then bad = bad .. status .. " " .. string.sub(body, 1, 120) .. "; " end
end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do
    total = total + t:get("good")
    if #t:get("bad") > 0 then io.write("BAD " .. t:get("bad") .. "\\n") end
  end
  io.write(string.format("GOOD %d\\n", total))
  io.write(string.format("P50 %d P95 %d P99 %d\\n", latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def wrk(
    port: int,
    paths: list[str],
    seconds: int,
    connections: int = 8,
    method: str = "GET",
    tokens=(),
    refused: bool = False,
    letters=(),
) -> dict:
    """Requests per second, latency percentiles (ms) and the 2xx answers wrk counted, rotating over `paths`.

    A POST sends a proposal in its own words, by one of `tokens`; `refused`: with a field the input check
    refuses, and the 400s are what it counts; `letters`: the given texts instead, the i-th by the i-th token."""
    if any(ord(c) < 32 and c not in "\n\t" for text in letters for c in text):
        raise ValueError("wrk's Lua reads no \\u escapes: a letter holds a control character")
    lua = LUA.format(
        letters="{"
        + ", ".join(json.dumps(json.dumps({"text": t}, ensure_ascii=False), ensure_ascii=False) for t in letters)
        + "}",
        good_class=4 if refused else 2,
        unknown=', \\"unknown\\": 1' if refused else "",
        paths="{" + ", ".join(json.dumps(p) for p in paths) + "}",
        method=method,
        tokens="{" + ", ".join(json.dumps(t) for t in tokens) + "}",
        run=time.time_ns(),  # every run's texts differ from every earlier run's (a resent text is refused)
        seed=time.time_ns() % 1_000_000,
        # Proposals in their own words (14 drawn from the vocabulary): a form letter would join a campaign.
        words="{"
        + ", ".join(
            json.dumps(w, ensure_ascii=False) for w in LATIN + CYRILLIC + RUSSIAN if "'" not in w and "’" not in w
        )
        + "}",
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", script.name, f"http://127.0.0.1:{port}"]
        before = cpu_times()
        done = subprocess.run(command, capture_output=True, text=True)
        after = cpu_times()
        if done.returncode:
            raise SystemExit(f"wrk failed: {done.stdout}{done.stderr}")
        output = done.stdout
    finally:
        os.unlink(script.name)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    if not (found := re.search(r"P50 (\d+) P95 (\d+) P99 (\d+)", output)):
        raise SystemExit(f"wrk said: {output}{done.stderr}")
    p50, p95, p99 = (int(v) / 1000 for v in found.groups())
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    good = int(re.search(r"GOOD (\d+)", output).group(1))
    if bad := re.findall(r"^BAD (.*)$", output, re.MULTILINE):
        print("    refused, e.g.:", bad[0][:300], flush=True)
    cpu = {part: (after[part] - before.get(part, 0)) / max(requests, 1) for part in after}
    return {"rate": rate, "p50": p50, "p95": p95, "p99": p99, "requests": requests, "good": good, "cpu": cpu}


# Milliseconds of CPU a tick of /proc's counters is.
_TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def _part(command: bytes) -> str | None:
    if b"gunicorn" in command:
        return "gunicorn"
    if command.startswith(b"postgres"):  # a backend names itself "postgres: user database address state"
        return "PostgreSQL"
    if b"db_worker" in command:
        return "job worker"
    return None


def cpu_times() -> dict[str, float]:
    """Milliseconds of CPU used so far: by the whole machine (all but idle and waiting), and by the processes
    that serve, by part. Per request, this varies far less than the rate when the trivial endpoint changes
    mode (wrk's 8 connections on one gunicorn worker or on both), and it shows where a request's cost goes."""
    with open("/proc/stat") as stat:
        ticks = [int(t) for t in stat.readline().split()[1:9]]
    times = {"machine": (sum(ticks) - ticks[3] - ticks[4]) * _TICK_MS}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                part = _part(cmdline.read())
            if part:
                with open(f"/proc/{pid}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                times[part] = times.get(part, 0) + (int(fields[11]) + int(fields[12])) * _TICK_MS
        except (OSError, IndexError):
            continue  # the process ended meanwhile
    return times


def cpu_text(result: dict) -> str:
    """A run's CPU per request: the machine's, and the serving parts' share of it."""
    parts = ", ".join(f"{part} {ms:.2f}" for part, ms in result["cpu"].items() if part != "machine" and ms >= 0.01)
    return f"CPU {result['cpu']['machine']:.2f} ms a request ({parts})"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(port: int):
    """gunicorn as deploy/gunicorn.conf.py runs it, on a loopback port, for the duration of the block."""
    run = Path(tempfile.mkdtemp(prefix="docket-"))
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "4",
        "GUNICORN_CONTROL_SOCKET": str(run / "gunicorn.ctl"),
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "GUNICORN_MAX_REQUESTS": "0",
        # Persistent database connections, as deploy/legaldrafts.env.example has them: a connection opened
        # for each request costs PostgreSQL a new backend, several times the request itself.
        "DATABASE_CONN_MAX_AGE": os.environ.get("DATABASE_CONN_MAX_AGE", "60"),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=(run / "out").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        harness.wait_until_healthy(port, attempts=300, log=run / "out")
        yield
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
        shutil.rmtree(run, ignore_errors=True)


@contextlib.contextmanager
def db_worker():
    """A database job worker as production runs it (deploy/supervisord.conf), its output kept for a failure."""
    log = Path(tempfile.mkdtemp(prefix="docket-worker-")) / "out"
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "1", "--worker-id", "bench"],
        cwd=ROOT,
        env=dict(os.environ),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield
    finally:
        os.killpg(worker.pid, 15)
        worker.wait(timeout=30)
        if worker.returncode not in (0, -15):
            print(log.read_text()[-2000:])
        shutil.rmtree(log.parent, ignore_errors=True)


def waiting_for_grouping(draft_id: int, limit: float = 120.0) -> tuple[int, float]:
    """Waits until the worker has grouped every comment of the draft; (comments still waiting, seconds waited)."""
    from comments.models import Comment

    start = time.perf_counter()
    while (left := Comment.objects.filter(draft_id=draft_id, campaign_pending=True).count()) and (
        time.perf_counter() - start < limit
    ):
        time.sleep(0.2)
    return left, time.perf_counter() - start
