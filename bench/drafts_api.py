"""Benchmark: the draft list and detail endpoints under gunicorn, against a trivial endpoint.

Builds a database with a few thousand drafts, starts gunicorn on a loopback port, sends a
fixed number of requests per endpoint from concurrent keep-alive clients, and prints
throughput as a ratio of the trivial `/api/v1/health/` endpoint measured in the same run,
plus the SQL queries each request runs. Uses SQLite in bench/ by default; set
DATABASE_URL to benchmark PostgreSQL (the database is dropped and rebuilt).

    python bench/drafts_api.py [--drafts 3000] [--requests 2000] [--concurrency 8]
"""

import argparse
import json

from harness import ROOT, configure, fresh_database, get, gunicorn, load

configure(f"sqlite:///{ROOT / 'bench' / 'bench.sqlite3'}")


def build_database(drafts: int) -> dict:
    """A fresh database: the demo world plus `drafts` approved acts and as many drafts of `drafter`."""
    from django.utils import timezone

    fresh_database()
    from accounts.services import api_token_issue
    from drafts.models import Draft, DraftUserObjectPermission
    from workflow.demo import texts
    from workflow.demo.world import build_demo_world

    world = build_demo_world()
    drafter = world.users["drafter"]
    act_type, body = world.act_types["qaror"], world.issuing_body
    # Rows written directly, for speed: the services that make such rows are what the tests exercise.
    approved = [
        Draft(
            title=f"Viloyat hokimining {i}-son qarori loyihasi: obodonlashtirish to‘g‘risida",
            act_type=act_type,
            issuing_body=body,
            body=texts.RESOLUTION_UZ_LATN,
            status="approved",
            is_public=True,
            version=1,
            number=f"B-{i}",
            approved_on=timezone.localdate(),
            approved_year=timezone.localdate().year,
            created_by=drafter,
        )
        for i in range(drafts)
    ]
    own = [
        Draft(
            title=f"Ishchi loyiha {i}",
            act_type=act_type,
            issuing_body=body,
            body=texts.TAX_UZ_LATN,
            created_by=drafter,
        )
        for i in range(drafts)
    ]
    Draft.objects.bulk_create(approved, batch_size=500)
    created = Draft.objects.bulk_create(own, batch_size=500)
    from django.contrib.auth.models import Permission

    author = Permission.objects.get(codename="author_draft")
    DraftUserObjectPermission.objects.bulk_create(
        [DraftUserObjectPermission(user=drafter, permission=author, content_object=d) for d in created], batch_size=500
    )
    token = api_token_issue(user=drafter)[0]
    detail_id = Draft.objects.filter(status="approved").order_by("-id").values_list("id", flat=True)[0]
    return {"token": token, "detail_id": detail_id, "total": Draft.objects.count()}


def queries_per_request(path: str, token: str | None) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
    with CaptureQueriesContext(connection) as captured:
        response = Client().get(path, **headers)
    assert response.status_code == 200, response.content[:300]
    return len(captured)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=3000, help="approved acts, and as many drafts of `drafter`")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    data = build_database(args.drafts)
    endpoints = [
        ("trivial DRF endpoint (baseline)", "/api/v1/health/", None),
        ("draft list, anonymous, 20 per page", "/api/v1/drafts/", None),
        ("draft list, drafter, 20 per page", "/api/v1/drafts/", data["token"]),
        ("draft list, anonymous, 100 per page", "/api/v1/drafts/?page_size=100", None),
        ("draft detail, anonymous", f"/api/v1/drafts/{data['detail_id']}/", None),
    ]
    queries = {path + str(bool(token)): queries_per_request(path, token) for _, path, token in endpoints}

    with gunicorn(args.port, args.workers):
        results = []
        for label, path, token in endpoints:
            load(args.port, 100, 4, get(path, token))  # warm-up
            rps = load(args.port, args.requests, args.concurrency, get(path, token))
            results.append((label, rps, queries[path + str(bool(token))]))

    from django.db import connection

    baseline = results[0][1]
    print(
        f"database: {connection.vendor}; drafts: {data['total']}; gunicorn workers: {args.workers}; "
        f"{args.requests} requests per endpoint from {args.concurrency} clients"
    )
    print(f"{'endpoint':40} {'req/s':>8} {'ratio':>7} {'SQL/request':>12}")
    for label, rps, n in results:
        print(f"{label:40} {rps:8.0f} {rps / baseline:7.2f} {n:12d}")
    print(
        json.dumps(
            {label: {"rps": round(rps), "ratio": round(rps / baseline, 3), "queries": n} for label, rps, n in results}
        )
    )


if __name__ == "__main__":
    main()
