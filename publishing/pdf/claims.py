"""Who renders what: one process at a time per document, and a dead process's claim expires.

A claim is the `render_started_at` time of the row (an official copy or a stored print), set by a
conditional UPDATE that only one caller can win, and committed before the rendering starts, so
that every other process sees it. It is cleared when the rendering ends, either way. A process
killed mid-rendering leaves its claim behind; once older than PDF_RENDER_STALE_MINUTES (a
rendering takes seconds) it no longer counts as a live attempt and anyone may take it over.
"""

import datetime

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from kernel.errors import StateConflict

# Default for the PDF_RENDER_STALE_MINUTES setting: a 1,200-article print takes under 10 seconds.
STALE_MINUTES = 5


def stale_after() -> datetime.timedelta:
    """How long a claim counts as a live attempt."""
    return datetime.timedelta(minutes=getattr(settings, "PDF_RENDER_STALE_MINUTES", STALE_MINUTES))


def no_live_claim() -> Q:
    """Rows that nobody is rendering now: never claimed, released, or claimed by a process that died."""
    return Q(render_started_at__isnull=True) | Q(render_started_at__lt=timezone.now() - stale_after())


def is_live(started_at: datetime.datetime | None) -> bool:
    """Whether a claim taken at `started_at` still counts as a rendering under way."""
    return started_at is not None and started_at >= timezone.now() - stale_after()


def claim(rows: QuerySet) -> datetime.datetime | None:
    """Claims the one row of `rows` unless someone holds a live claim; the claim's time if won, else None.

    Run it outside any transaction (or in a short one of its own): the claim must be committed
    before the rendering starts, or the others cannot see it.
    """
    started = timezone.now()
    won = rows.filter(no_live_claim()).update(render_started_at=started)
    return started if won else None


class NotReady(StateConflict):
    """The document is being prepared (or could not be); ask again after `retry_after` seconds."""

    code = "not_ready"

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message, details={"retry_after": retry_after})
        self.retry_after = retry_after
