"""Benchmark: the open-data export of 1,000,000 published comments on PostgreSQL, streamed through gunicorn.

A throwaway PostgreSQL database `legaldrafts_bench_export` gets the demo world, then 1,000,000
published public comments (a tenth anonymous, a tenth answered) written with COPY. gunicorn (gthread,
as deployed) serves `/api/v1/export/comments.csv` and `.jsonl`, whole and in cursor pages of 100,000,
to curl; the figures are rows per second and the resident memory (RSS) of the gunicorn processes,
before and at the peak (flat: it does not grow with the rows). Next to them, in the same run: the
same rows copied out by PostgreSQL itself (`COPY (SELECT ...) TO STDOUT`, psql), and the trivial
`/api/v1/health/` with wrk. The database is dropped at the end.

    python bench/export.py [--comments 1000000] [--port 8769]
"""

import argparse
import datetime
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from harness import ROOT, configure, fresh_database, wait_until_healthy

DATABASE = "postgres://postgres@127.0.0.1:5432/legaldrafts_bench_export"
os.environ.setdefault("THROTTLE_EXPORT", "1000000/min")  # the throttle is not what is measured
configure(DATABASE)


def fill(count: int) -> int:
    """The demo world, then `count` published public comments (COPY) on its public drafts; the draft's id."""
    from django.db import connection
    from django.utils import timezone

    from comments.models import Comment, Response
    from drafts.models import Draft
    from workflow.demo.world import build_demo_world

    world = build_demo_world(password="bench")
    draft = Draft.objects.get(pk=world.drafts["public_discussion"].pk)
    version = draft.versions.get(number=draft.version)
    articles = [a.pk for a in version.articles.all()] + [None]
    template = Comment(
        draft=draft, version=version, kind="public", status="published", author=world.users["citizen"], text="",
        fingerprint="", created_at=timezone.now(), moderated_at=timezone.now(),
    )  # fmt: skip
    fields = [f for f in Comment._meta.concrete_fields if not f.primary_key]
    base = {f.column: f.get_db_prep_save(getattr(template, f.attname), connection) for f in fields}
    columns = list(base)
    start = timezone.now() - datetime.timedelta(days=30)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {Comment._meta.db_table} ({', '.join(columns)}) FROM STDIN") as copy:
            for i in range(count):
                at = start + datetime.timedelta(microseconds=i * 2500)
                row = dict(base)
                row.update(
                    text=f"Taklif {i}: muddatni uzaytirish, mahallalar bilan kelishish va xarajatlarni hisoblash.",
                    fingerprint=f"{i:064x}",
                    created_at=at,
                    moderated_at=at,
                    article_id=articles[i % len(articles)],
                    anonymous=i % 10 == 0,
                )
                copy.write_row([row[c] for c in columns])
    # Read before the COPY: the connection can do nothing else while one runs.
    answered = list(
        Comment.objects.filter(draft=draft, text__startswith="Taklif ")
        .order_by("pk")
        .values_list("pk", flat=True)[: count // 10]
    )
    now = timezone.now()
    with connection.cursor() as cursor:
        with cursor.cursor.copy(
            f"COPY {Response._meta.db_table} (comment_id, decision, text, author_id, answered_at) FROM STDIN"
        ) as copy:
            for pk in answered:
                copy.write_row([pk, "accepted", "Taklif inobatga olindi.", world.users["drafter"].pk, now])
        cursor.execute("ANALYZE")
    return draft.pk


def rss_of(marker: bytes) -> int:
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if b"gunicorn" in (entry / "cmdline").read_bytes() and marker in (entry / "environ").read_bytes():
                for line in (entry / "status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


class Peak:
    """The highest summed RSS of the marked gunicorn processes while the block runs."""

    def __init__(self, marker: bytes):
        self.marker, self.peak, self._stop = marker, 0, threading.Event()

    def __enter__(self):
        self.before = rss_of(self.marker)
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_of(self.marker))
            time.sleep(0.05)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def curl(url: str, headers_file: str) -> tuple[int, float, float]:
    """Bytes, seconds to the first byte and seconds in all of one GET, the body thrown away."""
    out = subprocess.run(
        ["curl", "-sS", "-o", "/dev/null", "-D", headers_file, "-w", "%{size_download} %{time_starttransfer} "
         "%{time_total} %{http_code}", url],
        check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    if out[3] != "200":
        raise SystemExit(f"{url}: HTTP {out[3]}")
    return int(out[0]), float(out[1]), float(out[2])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--port", type=int, default=8769)
    parser.add_argument("--page", type=int, default=100_000)
    args = parser.parse_args()

    from django.db import connection

    fresh_database()
    began = time.perf_counter()
    fill(args.comments)
    from opendata.selectors import public_comments

    rows = public_comments().count()
    print(f"{rows:,} published comments written in {time.perf_counter() - began:.0f} s", flush=True)
    settings = connection.settings_dict
    connection.close()

    marker = f"BENCH_EXPORT_{os.getpid()}"
    env = {**os.environ, marker: "1", "GUNICORN_BIND": f"127.0.0.1:{args.port}", "GUNICORN_WORKERS": "2",
           "GUNICORN_THREADS": "4", "GUNICORN_TIMEOUT": "600", "GUNICORN_ACCESS_LOG": "/dev/null",
           "GUNICORN_CONTROL_SOCKET": f"{tempfile.gettempdir()}/bench-export-{os.getpid()}.ctl",
           "DATABASE_CONN_MAX_AGE": "60"}  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "config.wsgi"], cwd=ROOT, env=env
    )
    base = f"http://127.0.0.1:{args.port}"
    results = []
    try:
        wait_until_healthy(args.port)
        wrk = subprocess.run(
            ["wrk", "-t2", "-c8", "-d10s", f"{base}/api/v1/health/"], check=True, capture_output=True, text=True
        ).stdout
        health = float(re.search(r"Requests/sec:\s+([\d.]+)", wrk).group(1))
        headers = f"{tempfile.gettempdir()}/bench-export-headers-{os.getpid()}"
        curl(f"{base}/api/v1/export/comments.csv?limit=1000", headers)  # warm the workers
        for format in ("csv", "jsonl"):
            with Peak(marker.encode()) as memory:
                size, first, total = curl(f"{base}/api/v1/export/comments.{format}", headers)
            results.append((f"comments.{format}, whole", size, first, total, memory))
        with Peak(marker.encode()) as memory:
            size = pages = 0
            first = None
            started = time.perf_counter()
            url = f"{base}/api/v1/export/comments.csv?limit={args.page}"
            while url:
                got, first_byte, _ = curl(url, headers)
                size, pages, first = size + got, pages + 1, first or first_byte
                link = re.search(r"^Link: <([^>]+)>", Path(headers).read_text(), re.M | re.I)
                url = link.group(1) if link else None
            total = time.perf_counter() - started
        results.append((f"comments.csv, {pages} pages of {args.page:,}", size, first, total, memory))
    finally:
        server.terminate()
        server.wait(timeout=30)

    # The same rows as PostgreSQL writes them itself: what the service's own work is measured against.
    query = (
        "SELECT c.id, c.draft_id, c.text, c.created_at FROM comments_comment c JOIN drafts_draft d ON d.id = c.draft_id"
        " WHERE d.is_public AND c.kind = 'public' AND c.status = 'published' ORDER BY c.moderated_at, c.id"
    )
    started = time.perf_counter()
    subprocess.run(
        ["psql", "-h", settings["HOST"], "-U", settings["USER"], "-d", settings["NAME"], "-qc",
         f"COPY ({query}) TO STDOUT WITH CSV"],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    copy_seconds = time.perf_counter() - started

    print(f"\n{rows:,} published comments, PostgreSQL, gunicorn gthread 2 workers x 4 threads, curl as the client")
    print(f"trivial /api/v1/health/ (wrk -t2 -c8): {health:,.0f} req/s")
    print(
        f"PostgreSQL's own COPY of the rows (4 columns) to psql: {copy_seconds:.1f} s = {rows / copy_seconds:,.0f} rows/s"
    )
    print("| export | MB | first byte | seconds | rows/s | gunicorn RSS before → peak (MiB) |")
    print("|---|---|---|---|---|---|")
    for name, size, first, total, memory in results:
        print(
            f"| {name} | {size / 1e6:,.0f} | {first * 1000:,.0f} ms | {total:.1f} | {rows / total:,.0f} | "
            f"{memory.before / 2**20:.0f} → {memory.peak / 2**20:.0f} |"
        )
    print("target: ≥ 20,000 rows/s, memory flat")

    from django.db import connections

    connections.close_all()
    import psycopg

    with psycopg.connect(host=settings["HOST"], user=settings["USER"], dbname="postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}" WITH (FORCE)')


if __name__ == "__main__":
    main()
