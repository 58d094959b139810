"""Stamps of what changed, for caches and conditional GET: one cheap read tells whether a cached answer is current.

A writer says, in its transaction, which draft changed (`kernel.outbox.DRAFT_CHANGED` does it for
every service that publishes it; `draft_changed` directly for changes no reader re-indexes, such as
votes). The draft's stamp `draft:<id>` moves on in that transaction, so it commits with the change
and a reader of the same connection sees it at once; the stamp of every list, `drafts`, moves on
right after commit, in a statement of its own, so that writers of different drafts never queue on
one row. Readers build cache keys and ETags from the stamps read before they read the data, so an
answer computed from older data is stored under an older stamp and never served after the change;
a process killed between commit and the list's stamp leaves lists at most `RESPONSE_CACHE_SECONDS` old.
"""

from functools import partial

from django.db import connection, transaction
from django.utils import timezone

from kernel.models import Stamp

ALL_DRAFTS = "drafts"


def draft_key(draft_id: int) -> str:
    return f"draft:{draft_id}"


def draft_changed(draft_id: int) -> None:
    """In the writer's transaction: the draft's stamp moves on now, the lists' once it commits."""
    bump(draft_key(draft_id))
    transaction.on_commit(partial(bump, ALL_DRAFTS))


def bump(*keys: str) -> None:
    """Moves these stamps on now (one statement, its own short transaction when called after commit)."""
    now = timezone.now()
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
    """The stamps of these keys as one string, and the latest change among them (None if none changed yet)."""
    found = {s.key: s for s in Stamp.objects.filter(key__in=keys)}
    text = ";".join(f"{key}={found[key].counter if key in found else 0}" for key in keys)
    changed = [s.changed_at for s in found.values()]
    return text, max(changed) if changed else None
