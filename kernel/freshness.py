"""Stamps of what changed, for caches and conditional GET: one cheap read tells whether a cached answer is current.

A writer says, in its transaction, which draft changed (`kernel.outbox.DRAFT_CHANGED` does it for
every service that publishes it; `draft_changed` directly for changes no reader re-indexes, such as
votes). The stamps `drafts` (any draft: the lists) and `draft:<id>` (that draft) move on in that
transaction, so they commit with the change, a reader of the same connection sees them at once, and no
crash between commit and a later step can leave a stale answer behind. Every writer takes `drafts`
first and holds it until its commit: writers of drafts queue there for the rest of their transaction
(short: the services publish last), and never deadlock on it. Readers build cache keys and ETags from
the stamps read before they read the data, so an answer computed from older data is stored under an
older stamp and never served after the change. A stamp reads `<counter>@<microseconds of its change>`:
the time keeps a counter that went back (a restore, a database emptied and filled again) from naming
an answer built before.

When the cache is shared between processes (REDIS_URL), the stamps are also copied into Redis, so
that a reader gets them and the stored answer in one MGET (`read_along`) instead of a database read
and a Redis read. The database stays the source of truth; the copy is kept right by three rules:
- The writer copies the values its transaction committed (read back with RETURNING), after commit
  (`transaction.on_commit`): a rolled-back change is never copied, and the writer's own next read,
  which comes after its commit callbacks, sees its change.
- A copy only moves forward: a Lua script sets a stamp only if it is missing or holds a lower counter.
  Counters grow in commit order (a writer holds the row until its commit), so callbacks that run out
  of order, or a reader filling a missing stamp with a value it read from the database just before a
  racing writer committed and copied a newer one, cannot put an older value over a newer one.
- Every copy expires STAMP_CACHE_SECONDS after it was written, then the next reader fills it again
  from the database. That bounds what the rules above cannot prevent: a process that dies (or loses
  Redis) between its commit and its copy, a reader that stalls longer than that between its database
  read and its fill while the copy expires, a counter that went back. In those cases an answer may be
  older than a committed change for at most STAMP_CACHE_SECONDS (plus the stall); otherwise only for
  the instant between a writer's commit and its callback.
Without a shared cache (the embedded setup: LocMem in each process), or with STAMP_CACHE_SECONDS at 0,
every reader reads the stamps from the database.
"""

import datetime
import functools
from typing import NamedTuple

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from kernel.models import Stamp

ALL_DRAFTS = "drafts"

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)

# KEYS: stamps; ARGV[1]: milliseconds to keep them, ARGV[i + 1]: the value for KEYS[i] ("<counter>@<µs>").
FORWARD_ONLY = """
for i, key in ipairs(KEYS) do
    local new = ARGV[i + 1]
    local old = redis.call('GET', key)
    local was = old and tonumber(string.match(old, '^%d+'))
    if not was or was < tonumber(string.match(new, '^%d+')) then
        redis.call('SET', key, new, 'PX', ARGV[1])
    end
end
return 0
"""


class Stamps(NamedTuple):
    """What the stamps of some keys say: one string for cache keys and ETags, and their latest change."""

    text: str
    changed_at: datetime.datetime | None


def draft_key(draft_id: int) -> str:
    return f"draft:{draft_id}"


def draft_changed(draft_id: int) -> None:
    """In the writer's transaction: the lists' stamp and the draft's move on, and commit with the change."""
    bump(ALL_DRAFTS, draft_key(draft_id))


def bump(*keys: str) -> None:
    """Moves these stamps on, in the caller's transaction (or at once outside one), in the order given;
    their copy in Redis, if any, follows after commit."""
    # Written as the ORM writes a DateTimeField (naive UTC text on SQLite), so every row reads back alike.
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    table = Stamp._meta.db_table
    values = ", ".join(["(%s, 1, %s)"] * len(keys))
    params = [value for key in keys for value in (key, now)]
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{table}" ("key", counter, changed_at) VALUES {values} '
            f'ON CONFLICT ("key") DO UPDATE SET counter = "{table}".counter + 1, changed_at = excluded.changed_at '
            'RETURNING "key", counter, changed_at',
            params,
        )
        committed = {key: _value(counter, changed_at) for key, counter, changed_at in cursor.fetchall()}
    if (client := shared_client()) is not None:
        # Robust: the change is committed whatever Redis says; a copy that failed expires on its own.
        transaction.on_commit(lambda: _copy(client, committed), robust=True)


def stamps(*keys: str) -> Stamps:
    """The stamps of these keys as the database holds them.

    One plain query: without a shared cache it runs before every cached answer, so it costs what little it can.
    """
    return _stamps(keys, _from_database(keys))


def read_along(client: redis.Redis, keys: list[str], along: str) -> tuple[Stamps, bytes | None]:
    """The stamps of these keys, and what Redis holds under the cache key `along`, in one round trip
    (and a database read for any stamp Redis no longer holds)."""
    *found, value = client.mget([*map(_redis_key, keys), cache.make_key(along)])
    held = {key: stamp.decode() for key, stamp in zip(keys, found, strict=True) if stamp is not None}
    if missing := [key for key in keys if key not in held]:
        filled = _from_database(missing)
        # Stamps that never moved are copied too (as 0), so that they are not read from the database again.
        filled |= {key: "0" for key in missing if key not in filled}
        _copy(client, filled)
        held |= filled
    return _stamps(keys, held), value


def shared_client() -> redis.Redis | None:
    """The Redis that holds the copies of the stamps, when the cache is shared between processes."""
    if not settings.REDIS_URL or not settings.STAMP_CACHE_SECONDS:
        return None
    return _client(settings.REDIS_URL)


@functools.cache
def _client(url: str) -> redis.Redis:
    # One client (and its connection pool) per process: making one per request costs more than the read.
    return redis.Redis.from_url(url)


@functools.cache
def _forward_only(client: redis.Redis):
    return client.register_script(FORWARD_ONLY)


def _copy(client: redis.Redis, values: dict[str, str]) -> None:
    """Copies these stamps into Redis, where they only move forward and expire after STAMP_CACHE_SECONDS."""
    keys = list(values)
    milliseconds = settings.STAMP_CACHE_SECONDS * 1000
    _forward_only(client)(keys=[_redis_key(key) for key in keys], args=[milliseconds, *values.values()])


def _redis_key(key: str) -> str:
    return cache.make_key(f"stamp:{key}")


def _from_database(keys) -> dict[str, str]:
    table = Stamp._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT "key", counter, changed_at FROM "{table}" WHERE "key" IN ({", ".join(["%s"] * len(keys))})',
            list(keys),
        )
        return {key: _value(counter, changed_at) for key, counter, changed_at in cursor.fetchall()}


def _value(counter: int, changed_at) -> str:
    return f"{counter}@{(_aware(changed_at) - EPOCH) // datetime.timedelta(microseconds=1)}"


def _stamps(keys, values: dict[str, str]) -> Stamps:
    text = ";".join(f"{key}={values.get(key, '0')}" for key in keys)
    latest = max((int(value.partition("@")[2] or 0) for value in values.values()), default=0)
    return Stamps(text, EPOCH + datetime.timedelta(microseconds=latest) if latest else None)


def _aware(value) -> datetime.datetime:
    # A raw read skips the field's conversion: SQLite gives text or a naive UTC datetime (rows written by the
    # ORM, a restore or an older version of `bump`), PostgreSQL an aware one.
    if isinstance(value, str):
        value = parse_datetime(value)
    return timezone.make_aware(value, datetime.UTC) if timezone.is_naive(value) else value
