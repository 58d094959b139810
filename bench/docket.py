"""Docket scale (issue 13): every figure of its table, measured as production runs, against `/api/v1/health/`.

gunicorn (2 workers x 4 threads, `deploy/gunicorn.conf.py`), DEBUG off, persistent database
connections (DATABASE_CONN_MAX_AGE), Redis as the cache, PostgreSQL; wrk (Debian's) as the load
generator with a Lua script that rotates paths (draft pages, draft ids, query words) and reports
p50/p95/p99 and the answers it counted. Each rate is also given as a ratio to the trivial endpoint
measured by the same server just before it, so that the machine's speed, and other work coming and going
on it, cancels out.

The data lives in its own database, `legaldrafts_bench_docket` (PostgreSQL; `--sqlite` uses a file
under /tmp): the demo world, `--drafts` approved drafts, `--comments` published comments spread
over them (each with its search document, written by COPY with terms folded once per distinct text),
a discussion holding `--discussion` published comments (intake, publication) next to an empty one,
and a draft in finalization whose summary holds `--summary` answered comments. `--reuse` keeps a
database filled by an earlier run (the figures are measured on it afresh); the database is dropped
at the end unless `--keep`.

    python bench/docket.py [--sqlite] [--only list,detail,intake,publish,search,summary] [--seconds 10]
"""

import argparse
import datetime
import json
import os
import random
import secrets
import shutil
import sys
import time
import tracemalloc
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import harness  # noqa: E402 - bench/ is on the path now
from served import cpu_text, db_worker, free_port, gunicorn, waiting_for_grouping, wrk  # noqa: E402
from vocabulary import CYRILLIC, LATIN, RUSSIAN, sentence, vocabulary  # noqa: E402

PG_URL = "postgres://postgres@127.0.0.1:5432/legaldrafts_bench_docket"
SQLITE_PATH = "/tmp/legaldrafts_bench_docket.sqlite3"
REDIS_URL = "redis://127.0.0.1:6379/13"
FIGURES = ["list", "detail", "intake", "publish", "search", "summary"]
SECONDS = 10
TOKENS = 200  # citizens posting in the intake figure; each has its own lock, so they rarely wait for each other


def configure(sqlite: bool) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}" if sqlite else PG_URL
    os.environ["DATABASE_CONN_MAX_AGE"] = "600"
    os.environ.setdefault("REDIS_URL", REDIS_URL)
    os.environ["COMMENT_RATE_LIMIT"] = "1000000000/1"  # the throttle is not what is measured
    os.environ["JOBS_BACKEND"] = "immediate"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    # Kept beside the database for --reuse: API tokens are bound to the key they were issued under.
    key = Path(SQLITE_PATH + ".key")
    if not key.exists():
        key.write_text(secrets.token_urlsafe(50))
        key.chmod(0o600)
    os.environ["DJANGO_SECRET_KEY"] = key.read_text()

    # bench/ holds scripts named like packages (docx.py): once harness is in, only the project is on the path.
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
    harness.configure(os.environ["DATABASE_URL"])


# --- data -------------------------------------------------------------------------------------------


def _database_exists() -> bool:
    try:
        from drafts.models import Draft

        return Draft.objects.filter(title="Docket: bo‘sh muhokama").exists()
    except Exception:
        return False


def insert_rows(model, rows: list[dict]) -> None:
    """Many rows at once: COPY on PostgreSQL, executemany on SQLite; fields not given take their default."""
    from django.db import connection

    fields = [f for f in model._meta.concrete_fields]
    columns = [f.column for f in fields]
    defaults = {f.attname: f.get_default() for f in fields}
    table = model._meta.db_table
    values = ([row.get(f.attname, defaults[f.attname]) for f in fields] for row in rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            quoted = ", ".join(f'"{c}"' for c in columns)
            with cursor.cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                for value in values:
                    copy.write_row(value)
        else:
            marks = ", ".join("?" for _ in columns)
            cursor.executemany(f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({marks})', list(values))


def next_ids(model, count: int) -> range:
    """Ids for rows written with COPY; the sequence is moved past them afterwards (`fix_sequence`)."""
    from django.db.models import Max

    start = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    return range(start, start + count)


def fix_sequence(model) -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM \"{table}\"))")


class Corpus:
    """Distinct texts, each folded once; rows reuse them, so a million documents cost a few thousand foldings."""

    def __init__(self, seed: int = 7, comments: int = 20000, drafts: int = 4000):
        from search.backends.database import _exact, _folded, _vector
        from search.folding import words

        rng = random.Random(seed)
        vocabs = [vocabulary(ws, rng) for ws in (LATIN, CYRILLIC, RUSSIAN)]
        self.vocab_words = vocabs[0][0]

        def entry(title: str, body: str) -> dict:
            t, b = words(title), words(body)
            return {
                "title": title,
                "body": body,
                "title_terms": _folded(t),
                "body_terms": _folded(b),
                "title_exact": _exact(t),
                "body_exact": _exact(b),
                "vector": _vector(t, b),
            }

        self.comments = [entry("", sentence(rng, rng.choice(vocabs), 18)) for _ in range(comments)]
        self.drafts = []
        for _ in range(drafts):
            v = rng.choice(vocabs)
            self.drafts.append(
                entry(sentence(rng, v, 7), "\n".join(f"{p}. {sentence(rng, v, 14)}" for p in range(1, 9)))
            )
        # Query words by how many documents hold them: common ones in a large share, rare ones in a few.
        frequency: dict[str, int] = {}
        for doc in self.comments:
            for term in set(doc["body_terms"].split()):
                frequency[term] = frequency.get(term, 0) + 1
        ranked = sorted(frequency.items(), key=lambda kv: -kv[1])
        self.common = [w for w, n in ranked if w.isascii() and w.isalpha() and len(w) > 3][:4]
        self.rare = [w for w, n in ranked if 2 <= n <= 6 and w.isascii() and w.isalpha() and len(w) > 5][:40:10]


def generate(options) -> dict:
    """Fills the database; returns the ids the figures use."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.services import api_token_issue
    from comments.models import Comment, Response
    from drafts.models import Draft, DraftVersion
    from kernel.roles import Role
    from search.models import SearchEntry
    from workflow.demo.world import _new, _review, _step, build_demo_world

    started = time.perf_counter()
    world = build_demo_world(password="demo")
    corpus = Corpus()
    now = timezone.now()
    today = timezone.localdate()
    drafter = world.users["drafter"]
    citizen = world.users["citizen"]
    act_types = list(world.act_types.values())

    # Two discussions, one to fill and one left empty, and the finalization draft of the summary.
    full = world.drafts["public_discussion"]
    empty = _new(world, "Docket: bo‘sh muhokama", full.body)
    _review(world, empty)
    _step(world, empty, "open_discussion", discussion_ends_at=now + datetime.timedelta(days=12))
    summary_draft = world.drafts["finalization"]

    group = Group.objects.get(name=Role.CITIZENS)
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"docket{i}", password="!") for i in range(TOKENS)]
    )
    group.user_set.add(*users)
    tokens = [api_token_issue(user=u)[0] for u in users]

    with transaction.atomic():
        # Approved public drafts, each with its version.
        draft_ids = next_ids(Draft, options.drafts)
        insert_rows(
            Draft,
            (
                {
                    "id": pk,
                    "title": corpus.drafts[i % len(corpus.drafts)]["title"],
                    "act_type_id": act_types[i % len(act_types)].pk,
                    "issuing_body_id": world.issuing_body.pk,
                    "language": "uz-latn",
                    "body": corpus.drafts[i % len(corpus.drafts)]["body"],
                    "explanatory_note": "",
                    "version": 1,
                    "created_by_id": drafter.pk,
                    "created_at": now,
                    "updated_at": now - datetime.timedelta(seconds=i),
                    "status": "approved",
                    "is_public": True,
                    "number": f"D-{pk}",
                    "approved_on": today,
                    "approved_year": today.year - i % 5,
                    "review_round": 1,
                }
                for i, pk in enumerate(draft_ids)
            ),
        )
        fix_sequence(Draft)
        version_ids = next_ids(DraftVersion, options.drafts)
        insert_rows(
            DraftVersion,
            (
                {
                    "id": vid,
                    "draft_id": pk,
                    "number": 1,
                    "title": "",
                    "body": "",
                    "checksum": "0" * 64,
                    "created_at": now,
                    "is_public": True,
                }
                for pk, vid in zip(draft_ids, version_ids, strict=True)
            ),
        )
        fix_sequence(DraftVersion)
        print(f"  {options.drafts} drafts written ({time.perf_counter() - started:.0f} s)", flush=True)

        def comment_rows(pairs, status="published", text=None):
            for cid, (draft_id, version_id, n) in pairs:
                yield {
                    "id": cid,
                    "draft_id": draft_id,
                    "version_id": version_id,
                    "kind": "public",
                    "status": status,
                    "author_id": citizen.pk,
                    "text": text(n) if text else corpus.comments[n % len(corpus.comments)]["body"],
                    "fingerprint": f"{cid:064d}",
                    "created_at": now,
                    "channel": "web",
                    "submitted_for": "",
                    "moderation_reason": "",
                    "respondent_type": "individual",
                    "organisation": "",
                    "anonymous": False,
                }

        # Comments spread over the approved drafts, and the full discussion's own.
        spread = [(draft_ids[n % len(draft_ids)], version_ids[n % len(draft_ids)], n) for n in range(options.comments)]
        full_version = full.versions.get(number=full.version).pk
        in_full = [(full.pk, full_version, n) for n in range(options.discussion)]
        summary_version = summary_draft.versions.get(number=summary_draft.version).pk
        in_summary = [(summary_draft.pk, summary_version, n) for n in range(options.summary)]
        comment_ids = next_ids(Comment, len(spread) + len(in_full) + len(in_summary))
        numbered = list(zip(comment_ids, spread + in_full + in_summary, strict=True))
        insert_rows(Comment, comment_rows(numbered))
        fix_sequence(Comment)
        summary_ids = comment_ids[len(spread) + len(in_full) :]
        response_ids = next_ids(Response, len(summary_ids))
        insert_rows(
            Response,
            (
                {"id": rid, "comment_id": cid, "decision": "accepted", "text": "Inobatga olindi."}
                | {"author_id": drafter.pk, "answered_at": now}
                for rid, cid in zip(response_ids, summary_ids, strict=True)
            ),
        )
        fix_sequence(Response)
        print(f"  {len(numbered)} comments written ({time.perf_counter() - started:.0f} s)", flush=True)

        # Their search documents, as the database backend writes them.
        entry_ids = next_ids(SearchEntry, options.drafts + len(spread) + len(in_full))
        postgresql = connection.vendor == "postgresql"

        def entries():
            ids = iter(entry_ids)
            for i, pk in enumerate(draft_ids):
                doc = corpus.drafts[i % len(corpus.drafts)]
                yield _entry(next(ids), f"draft:{pk}", "draft", pk, None, doc, act_types[i % len(act_types)].pk, i)
            for cid, (draft_id, _version, n) in numbered[: len(spread) + len(in_full)]:
                doc = corpus.comments[n % len(corpus.comments)]
                i = draft_id - draft_ids[0]
                act_type = act_types[i % len(act_types)].pk if draft_id != full.pk else full.act_type_id
                yield _entry(next(ids), f"comment:{cid}", "comment", draft_id, cid, doc, act_type, i)

        def _entry(pk, key, kind, draft_id, comment_id, doc, act_type_id, i):
            return {
                "id": pk,
                "key": key,
                "kind": kind,
                "draft_id": draft_id,
                "comment_id": comment_id,
                "material_id": None,
                "title_terms": doc["title_terms"],
                "body_terms": doc["body_terms"],
                "title_exact": doc["title_exact"],
                "body_exact": doc["body_exact"],
                "status": "approved" if draft_id != full.pk else "public_discussion",
                "act_type_id": act_type_id,
                "issuing_body_id": world.issuing_body.pk,
                "year": today.year - i % 5,
                "updated_at": now,
                "search_vector": doc["vector"] if postgresql else None,
            }

        rows = list(entries())
        insert_rows(SearchEntry, rows)
        fix_sequence(SearchEntry)
        if not postgresql:
            with connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO search_fts (rowid, title_exact, title, body_exact, body) VALUES (?, ?, ?, ?, ?)",
                    [(r["id"], r["title_exact"], r["title_terms"], r["body_exact"], r["body_terms"]) for r in rows],
                )
        del rows
        print(f"  {len(entry_ids)} search documents written ({time.perf_counter() - started:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    meta = {
        "full": full.pk,
        "empty": empty.pk,
        "summary": summary_draft.pk,
        "tokens": tokens,
        "common": corpus.common,
        "rare": corpus.rare,
        "first_draft": draft_ids[0],
        "generated_s": time.perf_counter() - started,
    }
    Path(meta_path(options)).write_text(json.dumps(meta))
    return meta


def fresh_tokens() -> list[str]:
    from django.contrib.auth import get_user_model

    from accounts.services import api_token_issue

    users = get_user_model().objects.filter(username__startswith="docket").order_by("pk")
    return [api_token_issue(user=user)[0] for user in users]


def meta_path(options) -> str:
    return "/tmp/legaldrafts_bench_docket.sqlite.json" if options.sqlite else "/tmp/legaldrafts_bench_docket.json"


def drop_database(options) -> None:
    from django.db import connections

    connections.close_all()
    if options.sqlite:
        for suffix in ("", "-wal", "-shm"):
            Path(SQLITE_PATH + suffix).unlink(missing_ok=True)
        return
    import psycopg

    with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS legaldrafts_bench_docket WITH (FORCE)")


# --- figures ----------------------------------------------------------------------------------------


class Table:
    def __init__(self):
        self.rows = []

    def add(self, figure: str, measured: str, ratio: str, target: str, met: bool | None) -> None:
        verdict = "" if met is None else ("met" if met else "MISSED")
        self.rows.append((figure, measured, ratio, target, verdict))
        print(f"  {figure}: {measured} | {ratio} | {target} | {verdict}", flush=True)

    def print(self, header: str) -> None:
        print()
        print(header)
        print()
        print("| figure | measured | ratio to trivial | target | |")
        print("|---|---|---|---|---|")
        for row in self.rows:
            print("| " + " | ".join(row) + " |")


def comment_count(draft_id: int) -> int:
    from comments.models import Comment

    return Comment.objects.filter(draft_id=draft_id).count()


def trivial(port: int) -> dict:
    """The trivial endpoint measured just before a figure, so that the figure's ratio is to the machine as it was
    then (other work on a shared machine comes and goes within a run)."""
    return wrk(port, ["/api/v1/health/"], SECONDS)


def against(health: dict) -> str:
    return f" (trivial just before: {health['rate']:.0f} req/s, CPU {health['cpu']['machine']:.2f} ms a request)"


def by_cpu(result: dict, health: dict) -> str:
    """The run's CPU per request and its ratio to the trivial endpoint's: steadier than the rates' ratio."""
    return f"; {cpu_text(result)}, by CPU {cpu_ratio(result, health):.2f}x"


def cpu_ratio(result: dict, health: dict) -> float:
    return health["cpu"]["machine"] / result["cpu"]["machine"]


def reaches(result: dict, health: dict, target: float) -> bool:
    """A ratio target is met when the rates' ratio and the CPU's both reach it: a trivial run in its lower mode
    (the 8 connections on one gunicorn worker) halves the trivial rate and once made an intake at 0.16x by CPU
    read 0.43x by rate."""
    return result["rate"] / health["rate"] >= target and cpu_ratio(result, health) >= target


def measure_search(port: int, meta: dict, table, setting: str) -> None:
    from django.db import connection

    words = [*meta["common"], "soliq", "солиқ", "fermer imtiyoz"]
    for label, query in (("common words", words), ("rare words", meta["rare"])):
        paths = [f"/api/v1/search/?q={quote(w)}" for w in query]
        wrk(port, paths, 2)
        health = trivial(port)
        result = wrk(port, paths, SECONDS)
        target = 150 if connection.vendor == "sqlite" else 100
        table.add(
            f"search on {connection.vendor}, {label} ({', '.join(query)}), 8 clients, {setting}",
            f"p95 {result['p95']:.0f} ms, p50 {result['p50']:.0f} ms, {result['rate']:.0f} req/s"
            f"{by_cpu(result, health)}{against(health)}",
            f"{result['rate'] / health['rate']:.2f}",
            f"p95 ≤ {target} ms",
            result["p95"] <= target and 0 < result["requests"] <= result["good"],
        )


def measure_intake(port: int, meta: dict, table, setting: str) -> None:
    """8 citizens' clients POST comments to an empty discussion, then to the full one; every 201 must be stored."""
    for name, draft_id in (("an empty discussion", meta["empty"]), ("a discussion holding", meta["full"])):
        health = trivial(port)
        before = comment_count(draft_id)
        name = f"{name} {before:,}" if name.endswith("holding") else name
        result = wrk(port, [f"/api/v1/drafts/{draft_id}/comments/"], SECONDS, method="POST", tokens=meta["tokens"])
        stored = comment_count(draft_id) - before
        left, waited = waiting_for_grouping(draft_id)
        ratio = result["rate"] / health["rate"]
        grouped = (
            f"; all grouped {waited:.1f} s after the last" if not left else f"; {left} NOT grouped after {waited:.0f} s"
        )
        table.add(
            f"comment intake, 8 clients, {name}, {setting}",
            f"{result['rate']:.0f} req/s, p50 {result['p50']:.0f} ms, p95 {result['p95']:.0f} ms; "
            f"{result['good']} accepted, {stored} stored, {max(result['good'] - stored, 0)} lost{grouped}"
            f"{by_cpu(result, health)}{against(health)}",
            f"{ratio:.2f}",
            "≥ 0.3x, flat, 0 lost",
            reaches(result, health, 0.3)
            and result["good"] >= result["requests"]
            and stored >= result["good"]
            and not left,
        )


def measure_write_floor(port: int, meta: dict, table) -> None:
    """What every write pays before its own work: the same POSTs with a field the input check refuses, so each
    is authenticated by its token, parsed and checked, and answered 400 without a statement of its own."""
    health = trivial(port)
    path = f"/api/v1/drafts/{meta['full']}/comments/"
    result = wrk(port, [path], SECONDS, method="POST", tokens=meta["tokens"], refused=True)
    ratio = result["rate"] / health["rate"]
    table.add(
        "the floor of a write: an intake POST refused at its input check (400), 8 clients",
        f"{result['rate']:.0f} req/s, p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms; "
        f"{result['good']} of {result['requests']} refused{by_cpu(result, health)}{against(health)}",
        f"{ratio:.2f}",
        "",
        None,
    )


def measure_publish(meta: dict, table: Table, decisions: int = 30) -> None:
    """Moderation decisions (publish) through the service, the index job included (immediate backend)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from comments.models import Comment
    from comments.services import comment_moderate, comment_submit

    moderator = get_user_model().objects.get(username="moderator")
    citizens = list(get_user_model().objects.filter(username__startswith="docket")[:decisions])
    timings = {}
    for name in ("empty", "full"):
        draft_id = meta[name]
        pending = [
            comment_submit(user=c, draft_id=draft_id, text=f"Docket nashr {name} {i} {time.time()}").pk
            for i, c in enumerate(citizens)
        ]
        comment_moderate(user=moderator, comment_id=pending[0], decision="publish")  # warm
        spent, queries = [], []
        for pk in pending[1:]:
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                comment_moderate(user=moderator, comment_id=pk, decision="publish")
                spent.append(time.perf_counter() - start)
            queries.append(len(captured))
        published = Comment.objects.filter(draft_id=draft_id, status="published").count()
        spent.sort()
        timings[name] = (spent[len(spent) // 2] * 1000, max(queries), published)
    (empty_ms, empty_q, _), (full_ms, full_q, full_n) = timings["empty"], timings["full"]
    # What each decision cost before issue 13: its whole draft re-indexed, every published comment with it.
    from search.backends import get_backend
    from search.documents import documents_for

    start = time.perf_counter()
    get_backend().replace_drafts({meta["full"]}, documents_for([meta["full"]])[0])
    whole_draft_ms = (time.perf_counter() - start) * 1000
    table.add(
        f"publishing a comment, discussion holding {full_n:,} published (median of {decisions - 1})",
        f"{full_ms:.1f} ms, {full_q} queries (empty discussion: {empty_ms:.1f} ms, {empty_q} queries; "
        f"re-indexing the whole draft, as each decision did before: {whole_draft_ms:,.0f} ms)",
        f"{full_ms / empty_ms:.2f}x the empty one",
        "as fast as in an empty one",
        full_ms <= empty_ms * 1.5 and full_q <= empty_q,
    )


def measure_summary(port: int, meta: dict, table: Table) -> None:
    """GET the summary of the draft holding `--summary` answered comments: first byte, whole answer, memory."""
    import http.client

    from django.contrib.auth import get_user_model

    from accounts.services import api_token_issue

    token = api_token_issue(user=get_user_model().objects.get(username="drafter"))[0]
    results = []
    for _ in range(1):  # a whole answer takes a minute: once is enough to see its first byte and its length
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        start = time.perf_counter()
        conn.request("GET", f"/api/v1/drafts/{meta['summary']}/summary/", headers={"Authorization": f"Token {token}"})
        response = conn.getresponse()
        response.read(1)
        first_byte = time.perf_counter() - start
        size = 1 + len(response.read())
        results.append((first_byte, time.perf_counter() - start, size, response.status))
        conn.close()
    first_byte, whole, size, status = results[0]
    peak = summary_peak_in_process(meta, size)
    table.add(
        "summary of proposals, first byte",
        f"{first_byte * 1000:.0f} ms (whole answer {whole:.1f} s, {size / 2**20:.0f} MiB, HTTP {status})",
        "",
        "< 300 ms, streamed",
        first_byte < 0.3 and status == 200,
    )
    table.add(
        "summary of proposals, memory (Python's peak while it is read, in process)",
        f"peak {peak[1]:.0f} MiB after {peak[0] / 2**20:.0f} MiB of JSON, {peak[3]:.0f} MiB after all {peak[2] / 2**20:.0f} MiB",
        "",
        "flat",
        peak[3] < 1.5 * peak[1] + 10,
    )


def summary_peak_in_process(meta: dict, size: int) -> tuple:
    """Python's peak memory (tracemalloc) after a tenth of the summary's bytes were consumed, and at its end."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="drafter"))
    tracemalloc.start()
    response = client.get(f"/api/v1/drafts/{meta['summary']}/summary/")
    read, tenth = 0, None
    for chunk in response.streaming_content if response.streaming else [response.content]:
        read += len(chunk)
        if tenth is None and read >= size / 10:
            tenth = (read, tracemalloc.get_traced_memory()[1] / 2**20)
    tenth = tenth or (read, tracemalloc.get_traced_memory()[1] / 2**20)
    end = (read, tracemalloc.get_traced_memory()[1] / 2**20)
    tracemalloc.stop()
    return (tenth[0], tenth[1], end[0], end[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", action="store_true", help="SQLite (the search figure's second target)")
    parser.add_argument("--drafts", type=int, default=100_000)
    parser.add_argument("--comments", type=int, default=None, help="1,000,000 on PostgreSQL, 200,000 on SQLite")
    parser.add_argument("--discussion", type=int, default=100_000)
    parser.add_argument("--summary", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--only", default=",".join(FIGURES))
    parser.add_argument("--reuse", action="store_true", help="keep a database an earlier run filled (with --keep)")
    parser.add_argument("--keep", action="store_true", help="leave the database for a later --reuse")
    options = parser.parse_args()
    options.comments = options.comments if options.comments is not None else (200_000 if options.sqlite else 1_000_000)
    only = options.only.split(",")
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: make system-packages (Debian's wrk)")
    configure(options.sqlite)
    import redis

    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()

    try:
        if options.reuse and Path(meta_path(options)).exists() and _database_exists():
            meta = json.loads(Path(meta_path(options)).read_text())
            meta["tokens"] = fresh_tokens()  # tokens are bound to the key they were issued under
            print("reusing the filled database")
        else:
            drop_database(options)
            harness.fresh_database()
            print("filling the database ...", flush=True)
            meta = generate(options)
        run(options, only, meta)
    finally:
        if not options.keep:
            drop_database(options)
            Path(meta_path(options)).unlink(missing_ok=True)
            Path(SQLITE_PATH + ".key").unlink(missing_ok=True)


def settle() -> None:
    """The tables as production's autovacuum keeps them. Earlier runs of a reused database left their dead
    rows (the publication figure rewrites a discussion's 100,000 search documents to show the old way's cost,
    each intake run adds thousands of comments), and a cluster with autovacuum off, as on this machine, never
    clears them: the next run's searches then read through them."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"  tables vacuumed and analysed ({time.perf_counter() - started:.0f} s)", flush=True)
    if connection.vendor == "postgresql":
        # What the catch-up does every few minutes: the common terms' lists, from the statistics just taken
        # (the bench writes its entries by COPY, past the backend that records them).
        from search.backends import get_backend

        started = time.perf_counter()
        listed = get_backend().tidy()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_recentmatch")
        print(f"  {listed} common terms listed ({time.perf_counter() - started:.0f} s)", flush=True)


def run(options, only: list[str], meta: dict) -> None:
    from django.db import connection

    settle()
    table = Table()
    port = free_port()
    s = options.seconds
    global SECONDS
    SECONDS = s
    drafts = meta["first_draft"]
    with gunicorn(port):
        warm = [f"/api/v1/drafts/?page={p}" for p in range(1, 51)] + [
            f"/api/v1/drafts/{drafts + i}/" for i in range(50)
        ]
        wrk(port, ["/api/v1/health/"], 2)
        wrk(port, warm, 3)
        health = wrk(port, ["/api/v1/health/"], s)
        table.add(
            "trivial endpoint /api/v1/health/",
            f"{health['rate']:.0f} req/s, p95 {health['p95']:.1f} ms; {cpu_text(health)}",
            "1.00",
            "",
            None,
        )

        def versus(name, result, target_ratio, health):
            ratio = result["rate"] / health["rate"]
            table.add(
                name,
                f"{result['rate']:.0f} req/s, p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms"
                f"{by_cpu(result, health)}{against(health)}",
                f"{ratio:.2f}",
                f"≥ {target_ratio}x",
                reaches(result, health, target_ratio) and result["good"] >= result["requests"],
            )

        if "list" in only:
            before = trivial(port)
            result = wrk(port, [f"/api/v1/drafts/?page={p}" for p in range(1, 51)], s)
            versus("draft list, anonymous, page of 20 (50 pages rotated)", result, 0.5, before)
        if "detail" in only:
            before = trivial(port)
            result = wrk(port, [f"/api/v1/drafts/{drafts + i}/" for i in range(50)], s)
            versus("draft detail, anonymous (50 drafts rotated)", result, 0.5, before)
        if "search" in only:
            measure_search(port, meta, table, "shared cache on, 7 queries rotated")
        if "summary" in only:
            measure_summary(port, meta, table)
    if "intake" in only:
        # As production runs it: jobs in the database, done by a db_worker beside gunicorn (campaign grouping
        # after commit, in batches). Then without grouping, for what grouping costs.
        os.environ["JOBS_BACKEND"] = "database"
        for grouping in ("true", "false"):
            os.environ["CAMPAIGN_GROUPING"] = grouping
            with gunicorn(port), db_worker():
                wrk(port, ["/api/v1/health/"], 2)
                # Fresh processes pay once for what a long-running one has done (connections, first uses of the
                # code's paths): measured first without this, a discussion took 8.5 ms of CPU a comment, and 7.1 in
                # the next run to the same discussion. Warmed on the full one, which it barely grows, and grouped
                # before anything is measured, so that its grouping does not run during the measurement.
                wrk(port, [f"/api/v1/drafts/{meta['full']}/comments/"], 2, method="POST", tokens=meta["tokens"])
                waiting_for_grouping(meta["full"])
                if grouping == "true":
                    measure_write_floor(port, meta, table)
                measure_intake(port, meta, table, f"campaign grouping {'on' if grouping == 'true' else 'off'}")
        del os.environ["CAMPAIGN_GROUPING"]
        os.environ["JOBS_BACKEND"] = "immediate"
    if "search" in only:
        # Every search computed: what a query nobody asked a moment ago costs.
        os.environ["RESPONSE_CACHE_SECONDS"] = "0"
        with gunicorn(port):
            wrk(port, ["/api/v1/health/"], 2)
            measure_search(port, meta, table, "no shared cache: every search computed")
        del os.environ["RESPONSE_CACHE_SECONDS"]
    if "publish" in only:
        measure_publish(meta, table)
    data = (
        f"{options.drafts:,} drafts, {options.comments:,} comments spread over them, discussions of "
        f"{options.discussion:,}, a summary of {options.summary:,}"
    )
    table.print(
        f"{connection.vendor}; {data}; gunicorn 2 workers x 4 threads, DEBUG off, CONN_MAX_AGE 600, Redis cache; "
        f"wrk -t2 -c8 -d{s}s; {os.cpu_count()} cores shared by everything"
    )


if __name__ == "__main__":
    main()
