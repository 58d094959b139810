"""Reads that may lag a few seconds behind the last write, which a PostgreSQL streaming replica may serve.

Search facets, exports and feeds are counted over large sets and nobody expects them to show a write
made a moment ago; they run inside `reads_may_lag()`, and config.db_router sends their queries to the
replica when one is configured (DATABASE_REPLICA_URL). Every other read stays on the primary, so a
user always sees their own writes.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_may_lag: ContextVar[bool] = ContextVar("reads_may_lag", default=False)


@contextmanager
def reads_may_lag() -> Iterator[None]:
    """Queries evaluated inside may be answered by the replica."""
    token = _may_lag.set(True)
    try:
        yield
    finally:
        _may_lag.reset(token)


def reading_may_lag() -> bool:
    """Whether the current code runs inside `reads_may_lag()`."""
    return _may_lag.get()
