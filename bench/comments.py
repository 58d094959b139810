"""Benchmark: comment ingestion under gunicorn, and the summary of proposals of a 10,000-comment draft.

1. Many citizens POST comments at once to a draft in public discussion; comments accepted per
   second, as a ratio of the trivial `/api/v1/health/` endpoint measured in the same run.
2. A draft in finalization with `--summary-comments` published, answered comments: the time and
   SQL queries of `GET drafts/{id}/summary/`, next to a baseline of fetching the same rows plainly.

PostgreSQL by default (database `legaldrafts_bench`, dropped and rebuilt); DATABASE_URL overrides.

    python bench/comments.py [--requests 2000] [--concurrency 8] [--summary-comments 10000]
"""

import argparse
import os
import time
import tracemalloc

from harness import configure, fresh_database, get, gunicorn, load

os.environ.setdefault("COMMENT_RATE_LIMIT", "1000000/1")  # the throttle is not what is measured
configure("postgres://postgres@127.0.0.1:5432/legaldrafts_bench")


def citizens_with_tokens(count: int) -> list[str]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from accounts.services import api_token_issue
    from kernel.roles import Role

    group = Group.objects.get(name=Role.CITIZENS)
    tokens = []
    for i in range(count):
        user = get_user_model().objects.create_user(f"bench{i}", password="x")
        user.groups.add(group)
        tokens.append(api_token_issue(user=user)[0])
    return tokens


def fill_summary_draft(draft, count: int) -> None:
    """`count` published public comments with responses, written directly for speed."""
    from django.utils import timezone

    from comments.models import Comment, Response
    from comments.text import comment_fingerprint

    version = draft.versions.get(number=draft.version)
    articles = list(version.articles.all()) + [None]
    author = draft.created_by
    now = timezone.now()
    comments = Comment.objects.bulk_create(
        [
            Comment(
                draft=draft,
                version=version,
                article=articles[i % len(articles)],
                kind="public",
                status="published",
                author=author,
                text=f"Taklif {i}: muddatni uzaytirish va mahallalar bilan kelishish tartibini belgilash.",
                fingerprint=comment_fingerprint(f"Taklif {i}"),
                created_at=now,
            )
            for i in range(count)
        ],
        batch_size=1000,
    )
    Response.objects.bulk_create(
        [Response(comment=c, decision="accepted", text="Inobatga olindi.", author=author) for c in comments],
        batch_size=1000,
    )


def measure_summary(draft) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    from comments.models import Comment

    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username="citizen"))
    path = f"/api/v1/drafts/{draft.pk}/summary/"
    client.get(path)  # warm-up
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - start
    queries = len(captured)  # read now: the next request clears Django's query log
    # Memory in a run of its own: tracing allocations slows Python down several times.
    tracemalloc.start()
    client.get(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert response.status_code == 200, response.content[:300]
    start = time.perf_counter()
    rows = list(
        Comment.objects.filter(draft=draft).select_related("response").values_list("id", "text", "response__text")
    )
    baseline = time.perf_counter() - start
    return {
        "comments": response.json()["counts"]["comments"],
        "seconds": elapsed,
        "queries": queries,
        "peak_mib": peak / 2**20,
        "baseline_seconds": baseline,
        "baseline_rows": len(rows),
        "bytes": len(response.content),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--summary-comments", type=int, default=10000)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()

    fresh_database()
    from django.db import connection

    from workflow.demo.world import build_demo_world

    world = build_demo_world()
    discussion = world.drafts["public_discussion"]
    tokens = citizens_with_tokens(args.concurrency)

    def comment(c: int, n: int):
        body = {"text": f"Fuqaro {c}: {n}-taklif, chiqindi idishlarini ko‘paytirish kerak.", "article": "p-1"}
        return "POST", f"/api/v1/drafts/{discussion.pk}/comments/", body, {"Authorization": f"Token {tokens[c]}"}

    with gunicorn(args.port, args.workers):
        load(args.port, 200, 4, get("/api/v1/health/"))  # warm-up
        baseline = load(args.port, args.requests, args.concurrency, get("/api/v1/health/"))
        accepted = load(args.port, args.requests, args.concurrency, comment, expect=201)

    summary = measure_summary_for(world.drafts["finalization"], args.summary_comments)
    print(f"database: {connection.vendor}; gunicorn workers: {args.workers}; {args.concurrency} concurrent clients")
    print(f"trivial endpoint (baseline)   {baseline:8.0f} req/s   ratio 1.00")
    print(f"comments accepted (201)       {accepted:8.0f} /s      ratio {accepted / baseline:.3f}")
    print(
        f"summary of {summary['comments']} comments: {summary['seconds'] * 1000:.0f} ms, {summary['queries']} queries, "
        f"peak {summary['peak_mib']:.1f} MiB, {summary['bytes'] / 2**20:.1f} MiB of JSON; "
        f"plain fetch of the same {summary['baseline_rows']} rows: {summary['baseline_seconds'] * 1000:.0f} ms "
        f"(ratio {summary['seconds'] / summary['baseline_seconds']:.1f}x)"
    )


def measure_summary_for(draft, count: int) -> dict:
    fill_summary_draft(draft, count)
    return measure_summary(draft)


if __name__ == "__main__":
    main()
