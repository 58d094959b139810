"""Benchmark: search over 100,000 drafts and 1,000,000 comments on PostgreSQL.

Reports indexing throughput (documents per second through the real outbox and backend, next to
merely reading the same documents), and search latency p50/p95 under concurrent load on
gunicorn, next to the trivial endpoint under the same load and a plain `ILIKE` scan of the
same words. PostgreSQL database `legaldrafts_bench` (dropped and rebuilt) unless DATABASE_URL
is set.

    python bench/search.py [--drafts 100000] [--comments-per-draft 10] [--requests 1000]
"""

import argparse
import random
import time
from urllib.parse import quote

from harness import configure, fresh_database, get, gunicorn, load, percentile
from vocabulary import CYRILLIC, LATIN, RUSSIAN, sentence, vocabulary

configure("postgres://postgres@127.0.0.1:5432/legaldrafts_bench")

QUERIES = ["soliq", "солиқ", "ta’lim", "o'zgartirish", "налог", "fermer imtiyoz", "chiqindi", "kommunal xizmat"]


def generate(drafts: int, per_draft: int, seed: int = 7) -> None:
    """Approved, public drafts and published comments, written directly (the services are what the tests run)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from comments.models import Comment
    from drafts.models import ActType, Draft, DraftVersion, IssuingBody

    rng = random.Random(seed)
    vocabs = [vocabulary(words, rng) for words in (LATIN, CYRILLIC, RUSSIAN)]
    author = get_user_model().objects.get(username="citizen")
    drafter = get_user_model().objects.get(username="drafter")
    act_types = list(ActType.objects.all())
    body = IssuingBody.objects.first()
    today = timezone.localdate()
    batch = 2000
    for start in range(0, drafts, batch):
        rows = []
        for i in range(start, min(start + batch, drafts)):
            words = rng.choice(vocabs)
            text = "\n".join(f"{p}. {sentence(rng, words, 14)}" for p in range(1, 9))
            rows.append(
                Draft(
                    title=sentence(rng, words, 7),
                    act_type=rng.choice(act_types),
                    issuing_body=body,
                    body=text,
                    status="approved",
                    is_public=True,
                    version=1,
                    number=f"B{i}",
                    approved_on=today,
                    approved_year=today.year - rng.randint(0, 5),
                    created_by=drafter,
                    language="uz-latn",
                )
            )
        created = Draft.objects.bulk_create(rows)
        versions = DraftVersion.objects.bulk_create(
            [DraftVersion(draft=d, number=1, title=d.title, body=d.body, checksum="0" * 64) for d in created]
        )
        comments = []
        for draft, version in zip(created, versions, strict=True):
            for _ in range(per_draft):
                words = rng.choice(vocabs)
                comments.append(
                    Comment(
                        draft=draft,
                        version=version,
                        kind="public",
                        status="published",
                        author=author,
                        text=sentence(rng, words, 18),
                        fingerprint="0" * 64,
                        created_at=timezone.now(),
                    )
                )
        Comment.objects.bulk_create(comments, batch_size=5000)
        print(f"\rgenerated {min(start + batch, drafts)}/{drafts} drafts", end="", flush=True)
    print()


def measure_indexing() -> dict:
    from django.utils import timezone

    from drafts.models import Draft
    from search.documents import documents_for
    from search.indexing import BATCH, apply_pending_updates
    from search.models import PendingIndexUpdate

    ids = list(Draft.objects.values_list("pk", flat=True))
    start = time.perf_counter()
    documents = 0
    for i in range(0, len(ids), BATCH):
        documents += len(documents_for(ids[i : i + BATCH])[0])
    reading = time.perf_counter() - start

    now = timezone.now()
    PendingIndexUpdate.objects.bulk_create(
        [PendingIndexUpdate(draft_id=pk, queued_at=now) for pk in ids], batch_size=5000
    )
    start = time.perf_counter()
    apply_pending_updates()
    indexing = time.perf_counter() - start
    return {"documents": documents, "indexing_s": indexing, "reading_s": reading}


def like_scan_latencies(rounds: int) -> list[float]:
    """The same words found by a plain ILIKE over titles and texts (no folding, no ranking): the baseline."""
    from django.db.models import Q

    from drafts.models import Draft

    latencies = []
    for n in range(rounds):
        word = QUERIES[n % len(QUERIES)].split()[0]
        start = time.perf_counter()
        matches = Draft.objects.filter(Q(title__icontains=word) | Q(body__icontains=word))
        matches.count()
        list(matches.values_list("pk", flat=True)[:20])
        latencies.append(time.perf_counter() - start)
    return latencies


def search_latencies_in_process(rounds: int) -> list[float]:
    """One search at a time, through Django but without HTTP or queueing: comparable with the ILIKE scan."""
    from django.test import Client

    client, latencies = Client(), []
    for n in range(rounds):
        start = time.perf_counter()
        assert client.get("/api/v1/search/", {"q": QUERIES[n % len(QUERIES)]}).status_code == 200
        latencies.append(time.perf_counter() - start)
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=100_000)
    parser.add_argument("--comments-per-draft", type=int, default=10)
    parser.add_argument("--requests", type=int, default=800)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8767)
    args = parser.parse_args()

    fresh_database()
    from django.db import connection

    from workflow.demo.world import build_demo_world

    build_demo_world()
    started = time.perf_counter()
    generate(args.drafts, args.comments_per_draft)
    generated = time.perf_counter() - started
    indexing = measure_indexing()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    trivial, searching = [], []
    with gunicorn(args.port, args.workers):
        load(args.port, 100, 4, get("/api/v1/health/"))
        load(args.port, args.requests, args.concurrency, get("/api/v1/health/"), latencies=trivial)
        queries = [f"/api/v1/search/?q={quote(q)}" for q in QUERIES]
        load(args.port, 40, 4, lambda c, n: ("GET", queries[n % len(queries)], None, {}))
        search_rps = load(
            args.port,
            args.requests,
            args.concurrency,
            lambda c, n: ("GET", queries[(c + n) % len(queries)], None, {}),
            latencies=searching,
        )
    like = like_scan_latencies(max(40, args.requests // 10))
    alone = search_latencies_in_process(max(40, args.requests // 10))

    docs_per_s = indexing["documents"] / indexing["indexing_s"]
    print(
        f"database: {connection.vendor}; {args.drafts} drafts, {args.drafts * args.comments_per_draft} comments "
        f"(generated in {generated:.0f} s)"
    )
    print(
        f"indexing: {indexing['documents']} documents in {indexing['indexing_s']:.0f} s = {docs_per_s:.0f} docs/s; "
        f"reading the same documents alone: {indexing['reading_s']:.0f} s (indexing/reading {indexing['indexing_s'] / indexing['reading_s']:.1f}x)"
    )
    ms = lambda v: v * 1000  # noqa: E731
    print(f"{'under load, ' + str(args.concurrency) + ' clients':34} {'p50 ms':>8} {'p95 ms':>8}")
    print(f"{'trivial endpoint (baseline)':34} {ms(percentile(trivial, 50)):8.1f} {ms(percentile(trivial, 95)):8.1f}")
    print(
        f"{'GET /api/v1/search/':34} {ms(percentile(searching, 50)):8.1f} {ms(percentile(searching, 95)):8.1f}"
        f"   ({search_rps:.0f} searches/s; p50 {percentile(searching, 50) / percentile(trivial, 50):.0f}x trivial)"
    )
    print("one at a time, in-process")
    print(f"{'search (folding, ranking, facets)':34} {ms(percentile(alone, 50)):8.1f} {ms(percentile(alone, 95)):8.1f}")
    print(
        f"{'plain ILIKE scan (baseline)':34} {ms(percentile(like, 50)):8.1f} {ms(percentile(like, 95)):8.1f}"
        f"   (search p50 / ILIKE p50 = {percentile(alone, 50) / percentile(like, 50):.2f})"
    )


if __name__ == "__main__":
    main()
