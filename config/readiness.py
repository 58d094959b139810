"""Whether this installation can do its work: what /api/v1/health/ready/ answers.

Each check measures one part and says so in names and numbers only (never an error message, a
host or a query): the database (a trivial query under a statement timeout), the cache (a key set
and read back), the search engine (the backend's ping), and three backlogs whose age tells that
something stopped: jobs waiting for a worker, official copies waiting for their PDF, and search
index updates waiting for the engine. A backlog fails the check past its configured depth or age
(settings READY_*; 0 turns a limit off). When the database cannot be reached, the backlogs are
not measured: their `ok` is null.
"""

import logging
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Count, Min, Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from kernel.states import State
from publishing.models import OfficialCopy
from search.backends import get_backend
from search.models import PendingIndexUpdate

log = logging.getLogger(__name__)

# Defaults of the READY_* settings.
TIMEOUT_SECONDS = 2.0
MAX_QUEUE_DEPTH = 1000
MAX_JOB_AGE_SECONDS = 600
MAX_RENDER_AGE_SECONDS = 900
MAX_INDEX_AGE_SECONDS = 900

# The database checked; the tests point it at one that cannot be reached.
DATABASE = DEFAULT_DB_ALIAS

# Every name a report can hold, in the order it lists them.
NAMES = ("database", "cache", "search", "jobs", "official_copies", "index_updates")


@dataclass(frozen=True)
class Readiness:
    """The checks by name; `failing` names those whose `ok` is False."""

    checks: dict[str, dict]

    @property
    def failing(self) -> list[str]:
        return [name for name in NAMES if self.checks[name]["ok"] is False]

    @property
    def ok(self) -> bool:
        return not self.failing


def _setting(name: str, default):
    return getattr(settings, name, default)


def _age(since, now) -> int:
    return max(0, int((now - since).total_seconds())) if since is not None else 0


def _within(value: int, limit: int) -> bool:
    return limit <= 0 or value <= limit


def _timed(check, *args) -> dict:
    """Runs a check; an exception fails it (logged with its class, never answered)."""
    began = time.perf_counter()
    try:
        facts = check(*args)
    except Exception as error:
        log.warning("Readiness check %s failed: %s", check.__name__.strip("_"), type(error).__name__, exc_info=True)
        facts = {"ok": False}
    return {**facts, "seconds": round(time.perf_counter() - began, 4)}


def _database(using: str) -> dict:
    connection = connections[using]
    timeout_ms = int(_setting("READY_TIMEOUT_SECONDS", TIMEOUT_SECONDS) * 1000)
    if connection.vendor == "postgresql":
        # For this transaction only: a database that accepts connections but does not answer fails fast.
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [str(timeout_ms)])
            cursor.execute("SELECT 1")
    else:
        # No transaction: SQLite's are IMMEDIATE here, and would queue behind every writer.
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    return {"ok": True}


def _cache() -> dict:
    key = f"ready:{secrets.token_hex(8)}"
    value = secrets.token_hex(8)
    cache.set(key, value, timeout=30)
    read = cache.get(key)
    cache.delete(key)
    return {"ok": read == value}


def _search() -> dict:
    backend = get_backend()
    return {"ok": bool(backend.ping(_setting("READY_TIMEOUT_SECONDS", TIMEOUT_SECONDS))), "backend": backend.name}


def _jobs(using: str, now) -> dict:
    """Jobs due and not started: how many, and how long the oldest has waited since it became due."""
    forever = get_date_max()
    row = (
        DBTaskResult.objects.using(using)
        .ready()
        .aggregate(
            pending=Count("pk"),
            enqueued=Min("enqueued_at", filter=Q(run_after=forever)),
            due=Min("run_after", filter=Q(run_after__lt=forever)),
        )
    )
    oldest = max(_age(row["enqueued"], now), _age(row["due"], now))
    max_pending = _setting("READY_MAX_QUEUE_DEPTH", MAX_QUEUE_DEPTH)
    max_age = _setting("READY_MAX_JOB_AGE_SECONDS", MAX_JOB_AGE_SECONDS)
    return {
        "ok": _within(row["pending"], max_pending) and _within(oldest, max_age),
        "pending": row["pending"],
        "oldest_seconds": oldest,
        "max_pending": max_pending,
        "max_age_seconds": max_age,
    }


def _official_copies(using: str, now) -> dict:
    """Official copies still pending since their act's approval; failed ones (attempts spent) are counted apart."""
    pending = Q(status=OfficialCopy.Status.PENDING)
    row = (
        OfficialCopy.objects.using(using)
        .exclude(status=OfficialCopy.Status.READY)
        .aggregate(
            pending=Count("pk", filter=pending, distinct=True),
            failed=Count("pk", filter=Q(status=OfficialCopy.Status.FAILED), distinct=True),
            since=Min("draft__history__at", filter=pending & Q(draft__history__target=State.APPROVED)),
        )
    )
    oldest = _age(row["since"], now)
    max_age = _setting("READY_MAX_RENDER_AGE_SECONDS", MAX_RENDER_AGE_SECONDS)
    return {
        "ok": _within(oldest, max_age),
        "pending": row["pending"],
        "failed": row["failed"],
        "oldest_seconds": oldest,
        "max_age_seconds": max_age,
    }


def _index_updates(using: str, now) -> dict:
    """Drafts whose search documents wait for the engine, and how long the oldest has waited."""
    row = PendingIndexUpdate.objects.using(using).aggregate(pending=Count("pk"), since=Min("queued_at"))
    oldest = _age(row["since"], now)
    max_age = _setting("READY_MAX_INDEX_AGE_SECONDS", MAX_INDEX_AGE_SECONDS)
    return {
        "ok": _within(oldest, max_age),
        "pending": row["pending"],
        "oldest_seconds": oldest,
        "max_age_seconds": max_age,
    }


BACKLOGS = (("jobs", _jobs), ("official_copies", _official_copies), ("index_updates", _index_updates))


def backlogs(using: str | None = None) -> dict[str, dict]:
    """The three backlogs measured now (config.metrics); raises when the database cannot be reached."""
    using = using or DATABASE
    now = timezone.now()
    return {name: measure(using, now) for name, measure in BACKLOGS}


def readiness(using: str | None = None) -> Readiness:
    """Runs every check against the database `using` (DATABASE); the backlogs only when it answered."""
    using = using or DATABASE
    now = timezone.now()
    checks = {"database": _timed(_database, using), "cache": _timed(_cache), "search": _timed(_search)}
    for name, check in BACKLOGS:
        checks[name] = _timed(check, using, now) if checks["database"]["ok"] else {"ok": None}
    return Readiness(checks=checks)
