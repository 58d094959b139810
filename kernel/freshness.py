"""Stamps of what changed, for caches and conditional GET: one cheap read tells whether a cached answer is current.

A writer says, in its transaction, which draft changed (`kernel.outbox.DRAFT_CHANGED` does it for
every service that publishes it; `draft_changed` directly for changes no reader re-indexes, such as
votes). The stamps `drafts` (any draft: the lists) and `draft:<id>` (that draft) move on in that
transaction, so they commit with the change, a reader of the same connection sees them at once, and no
crash between commit and a later step can leave a stale answer behind. Every writer takes `drafts`
first and holds it until its commit: writers of drafts queue there for the rest of their transaction
(short: the services publish last), and never deadlock on it. Readers build cache keys and ETags from
the stamps read before they read the data, so an answer computed from older data is stored under an
older stamp and never served after the change.
"""

import datetime

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from kernel.models import Stamp

ALL_DRAFTS = "drafts"


def draft_key(draft_id: int) -> str:
    return f"draft:{draft_id}"


def draft_changed(draft_id: int) -> None:
    """In the writer's transaction: the lists' stamp and the draft's move on, and commit with the change."""
    bump(ALL_DRAFTS, draft_key(draft_id))


def bump(*keys: str) -> None:
    """Moves these stamps on, in the caller's transaction (or at once outside one), in the order given."""
    # Written as the ORM writes a DateTimeField (naive UTC text on SQLite), so every row reads back alike.
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    table = Stamp._meta.db_table
    values = ", ".join(["(%s, 1, %s)"] * len(keys))
    params = [value for key in keys for value in (key, now)]
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{table}" ("key", counter, changed_at) VALUES {values} '
            f'ON CONFLICT ("key") DO UPDATE SET counter = "{table}".counter + 1, changed_at = excluded.changed_at',
            params,
        )


def stamps(*keys: str) -> tuple[str, object]:
    """The stamps of these keys as one string, and the latest change among them (None if none changed yet).

    One plain query: it runs before every cached answer, so it costs what little it can.
    """
    table = Stamp._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT "key", counter, changed_at FROM "{table}" WHERE "key" IN ({", ".join(["%s"] * len(keys))})', keys
        )
        found = {key: (counter, changed_at) for key, counter, changed_at in cursor.fetchall()}
    text = ";".join(f"{key}={found[key][0] if key in found else 0}" for key in keys)
    changed = [_aware(changed_at) for _counter, changed_at in found.values()]
    return text, max(changed) if changed else None


def _aware(value) -> datetime.datetime:
    # A raw read skips the field's conversion: SQLite gives text or a naive UTC datetime (rows written by the
    # ORM, a restore or an older version of `bump`), PostgreSQL an aware one.
    if isinstance(value, str):
        value = parse_datetime(value)
    return timezone.make_aware(value, datetime.UTC) if timezone.is_naive(value) else value
