"""Benchmark: a 200 MB file up (the chunked upload API) and down (whole, and in ranges) through the
production stack, against copying the same file on disk, with the server's memory sampled throughout.

Starts `bin/production` in a fresh run directory (nginx with TLS → gunicorn on a Unix socket, its own
PostgreSQL and Redis, stored files in the run directory's media folder) and a second gunicorn with
the same settings on a loopback TCP port, without X-Accel-Redirect, so that Django sends the bytes
itself. On each path it uploads a WAV file of `--megabytes` (audio may hold 200 MB) in chunks of
FILE_UPLOAD_CHUNK_BYTES, completes it, makes it a library material, downloads it whole (as its editor)
and then `--ranges` random 1 MiB ranges (what a player seeking does). After a warm-up (each worker has
imported what uploads need), a sampler reads the resident memory (RSS) of every gunicorn process of
that path every 50 ms: it must stay flat, whatever the file's size, because every byte is streamed.

    python bench/files.py [--megabytes 200] [--ranges 100]
"""

import argparse
import hashlib
import http.client
import json
import os
import random
import shutil
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from production import PYTHON, ROOT, free_port, stack_env, stop_stack

PIECE = 1024 * 1024
SETUP = """
from django.contrib.auth.models import Group, User
from accounts.services import api_token_issue
editor = User.objects.create_user("bench-editor", password="bench editor password 1")
editor.groups.add(Group.objects.get_or_create(name="media_editors")[0])
print("TOKEN", api_token_issue(user=editor)[0])
"""


def wav(path: Path, size: int) -> str:
    """A WAV file of exactly `size` bytes of noise (16-bit mono, 48 kHz); its SHA-256."""
    data = size - 44
    header = (
        b"RIFF" + struct.pack("<I", size - 8) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, 48000, 96000, 2, 16)
    )
    header += b"data" + struct.pack("<I", data)
    digest = hashlib.sha256(header)
    with open(path, "wb") as out:
        out.write(header)
        left = data
        while left:
            piece = os.urandom(min(PIECE, left))
            digest.update(piece)
            out.write(piece)
            left -= len(piece)
    return digest.hexdigest()


def manage_output(run: Path, *args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=stack_env(run), check=True, capture_output=True, text=True
    )
    return done.stdout


class Memory:
    """Samples the summed RSS of the processes whose environment holds `marker` (one path's gunicorn)."""

    def __init__(self, marker: str):
        self.marker = marker.encode()
        self.peak = 0
        self.samples: list[int] = []
        self._stop = threading.Event()
        self._thread = None

    def pids(self) -> list[int]:
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                if b"gunicorn" in (entry / "cmdline").read_bytes() and self.marker in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
        return found

    def rss(self) -> int:
        total = 0
        for pid in self.pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            except OSError:
                continue
        return total

    def __enter__(self):
        self.peak, self.samples = 0, []
        self._stop.clear()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.is_set():
            value = self.rss()
            self.samples.append(value)
            self.peak = max(self.peak, value)
            time.sleep(0.05)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        return False


class Client:
    """One keep-alive connection to a path (https to nginx, http to gunicorn alone)."""

    def __init__(self, scheme: str, port: int, token: str | None = None):
        if scheme == "https":
            context = ssl.create_default_context()
            context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
            self.connection = http.client.HTTPSConnection("localhost", port, timeout=600, context=context)
        else:
            self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        self.headers = {"Host": "localhost", "X-Forwarded-Proto": "https"}
        if token:
            self.headers["Authorization"] = f"Token {token}"

    def call(self, method: str, path: str, body=None, headers=None, expect=200):
        headers = {**self.headers, **(headers or {})}
        if isinstance(body, dict):
            body, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        self.connection.request(method, path, body=body, headers=headers)
        answer = self.connection.getresponse()
        return answer, expect

    def json(self, method: str, path: str, body=None, headers=None, expect=200) -> dict:
        answer, _ = self.call(method, path, body, headers)
        content = answer.read()
        if answer.status != expect:
            raise SystemExit(f"{method} {path}: {answer.status} {content[:300]!r}")
        return json.loads(content) if content else {}


def upload(client: Client, source: Path, size: int) -> tuple[int, float, float]:
    """The file sent in chunks, then completed: (file id, seconds sending, seconds completing)."""
    started = client.json("POST", "/api/v1/uploads/", {"name": "hearing.wav", "size": size}, expect=201)
    chunk, upload_id = started["chunk_size"], started["id"]
    began = time.perf_counter()
    with open(source, "rb") as stream:
        first = 0
        while first < size:
            data = stream.read(chunk)
            headers = {
                "Content-Type": "application/octet-stream",
                "Content-Range": f"bytes {first}-{first + len(data) - 1}/{size}",
            }
            client.json("PUT", f"/api/v1/uploads/{upload_id}/", data, headers)
            first += len(data)
    sent = time.perf_counter() - began
    began = time.perf_counter()
    completed = client.json("POST", f"/api/v1/uploads/{upload_id}/complete/")
    return completed["file_id"], sent, time.perf_counter() - began


def material(client: Client, file_id: int) -> int:
    """The file as a library material (the owner that serves it, to its editor); waits until it is checked."""
    created = client.json(
        "POST",
        "/api/v1/media/",
        {"kind": "audio", "title": "Bench hearing", "date": "2026-11-28", "file_id": file_id},
        expect=201,
    )
    for _ in range(600):
        answer, _ = client.call("HEAD", f"/api/v1/media/{created['id']}/file/")
        answer.read()
        if answer.status == 200:
            return created["id"]
        time.sleep(0.5)
    raise SystemExit("the file was never ready")


def download(client: Client, path: str, expected: str) -> float:
    began = time.perf_counter()
    answer, _ = client.call("GET", path)
    digest = hashlib.sha256()
    while piece := answer.read(PIECE):
        digest.update(piece)
    if answer.status != 200 or digest.hexdigest() != expected:
        raise SystemExit(f"download: {answer.status}, SHA-256 {digest.hexdigest()}")
    return time.perf_counter() - began


def ranges(client: Client, path: str, source: Path, size: int, count: int) -> float:
    rng = random.Random(15)
    began = time.perf_counter()
    with open(source, "rb") as original:
        for _ in range(count):
            first = rng.randrange(0, size - PIECE)
            answer, _ = client.call("GET", path, headers={"Range": f"bytes={first}-{first + PIECE - 1}"})
            content = answer.read()
            original.seek(first)
            if answer.status != 206 or content != original.read(PIECE):
                raise SystemExit(f"range at {first}: {answer.status}, {len(content)} bytes")
            # nginx (X-Accel-Redirect) or Django: the same type and sandbox either way.
            if answer.getheader("Content-Type") != "audio/wav" or "sandbox" not in answer.getheader(
                "Content-Security-Policy", ""
            ):
                raise SystemExit(f"range answer without its type or sandbox: {answer.getheaders()}")
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=200)
    parser.add_argument("--ranges", type=int, default=100)
    options = parser.parse_args()
    size = options.megabytes * 1_000_000

    run = Path(tempfile.mkdtemp(prefix="ldbench-files-", dir="/tmp"))
    port, direct_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_URL", "PG_"))}
    env.update(RUN_DIR=str(run), PORT=str(port), PG_PORT=str(free_port()), LOG_LEVEL="WARNING")
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
        source = run / "hearing.wav"
        expected = wav(source, size)
        began = time.perf_counter()
        shutil.copyfile(source, run / "copy.wav")
        copy_seconds = time.perf_counter() - began
        began = time.perf_counter()
        subprocess.run(["cp", str(source), str(run / "copy-cp.wav")], check=True)
        cp_seconds = time.perf_counter() - began
        (run / "copy.wav").unlink()
        (run / "copy-cp.wav").unlink()

        deadline = time.monotonic() + 300
        while "[production] ready:" not in (run / "launcher.out").read_text():
            if launcher.poll() is not None or time.monotonic() > deadline:
                raise SystemExit((run / "launcher.out").read_text()[-3000:])
            time.sleep(0.5)
        token = manage_output(run, "shell", "-c", SETUP).split("TOKEN ", 1)[1].strip()
        stack = stack_env(run)
        direct = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT,
            env={
                **stack,
                "GUNICORN_BIND": f"127.0.0.1:{direct_port}",
                "GUNICORN_CONTROL_SOCKET": str(run / "direct.ctl"),
                "GUNICORN_ACCESS_LOG": "/dev/null",
                # Django sends the bytes itself: what gunicorn alone costs.
                "X_ACCEL_REDIRECT_PREFIX": "",
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(5)
        paths = [
            ("nginx + gunicorn", "https", port, Memory(f"GUNICORN_BIND={stack['GUNICORN_BIND']}")),
            ("gunicorn alone", "http", direct_port, Memory(f"GUNICORN_BIND=127.0.0.1:{direct_port}")),
        ]
        mb = size / 1e6
        print(
            f"{mb:.0f} MB WAV; chunks of {int(stack.get('FILE_UPLOAD_CHUNK_BYTES', 8 * 1024 * 1024)) // 2**20} MiB; "
            f"gunicorn {stack['GUNICORN_WORKERS']} workers x {stack['GUNICORN_THREADS']} threads; "
            f"{os.cpu_count()} cores shared with the client; the source file is in the page cache\n"
        )
        print("| path | operation | seconds | MB/s | gunicorn RSS before → peak (MiB) |")
        print("|---|---|---|---|---|")
        print(f"| disk | shutil.copyfile | {copy_seconds:.2f} | {mb / copy_seconds:.0f} | |")
        print(f"| disk | cp | {cp_seconds:.2f} | {mb / cp_seconds:.0f} | |")
        warm_up = run / "warm-up.wav"
        wav(warm_up, 20_000_000)
        for label, scheme, target_port, memory in paths:
            client = Client(scheme, target_port, token)
            # Every worker imports what uploads and downloads need before anything is measured.
            for _ in range(int(stack["GUNICORN_WORKERS"]) * 2):
                warm = material(client, upload(client, warm_up, 20_000_000)[0])
                download(client, f"/api/v1/media/{warm}/file/", hashlib.sha256(warm_up.read_bytes()).hexdigest())
            before = memory.rss()
            with memory:
                file_id, sending, completing = upload(client, source, size)
            row = f"{before / 2**20:.0f} → {memory.peak / 2**20:.0f}"
            print(f"| {label} | upload: chunks | {sending:.2f} | {mb / sending:.0f} | {row} |", flush=True)
            print(f"| {label} | upload: complete (join, check, store) | {completing:.2f} | {mb / completing:.0f} | |")
            path = f"/api/v1/media/{material(client, file_id)}/file/"
            reader = Client(scheme, target_port, token)
            before = memory.rss()
            with memory:
                whole = download(reader, path, expected)
            row = f"{before / 2**20:.0f} → {memory.peak / 2**20:.0f}"
            print(f"| {label} | download: whole file | {whole:.2f} | {mb / whole:.0f} | {row} |", flush=True)
            before = memory.rss()
            with memory:
                seconds = ranges(reader, path, source, size, options.ranges)
            row = f"{before / 2**20:.0f} → {memory.peak / 2**20:.0f}"
            moved = options.ranges * PIECE / 1e6
            print(
                f"| {label} | download: {options.ranges} ranges of 1 MiB ({options.ranges / seconds:.0f} req/s) | "
                f"{seconds:.2f} | {moved / seconds:.0f} | {row} |",
                flush=True,
            )
    finally:
        stop_stack(launcher, direct, run)


if __name__ == "__main__":
    sys.exit(main())
