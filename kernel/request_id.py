"""The id of the request being served, or of the request whose job is running: every log line carries it.

config.request_id sets it for a request (from a safe X-Request-ID, or a new one); kernel.jobs stores
it with every job the request enqueues and sets it again in the worker while the job runs, so the
logs of a request and of the jobs it caused share one id.
"""

import re
import uuid
from contextlib import contextmanager
from contextvars import ContextVar

# Letters, digits and . _ : - only, at most 64: what proxies and tracing tools send (UUIDs, nginx's
# $request_id), and nothing that could forge a log line or bloat it.
SAFE = re.compile(r"[A-Za-z0-9._:-]{1,64}")

_current: ContextVar[str] = ContextVar("request_id", default="")


def current() -> str:
    """The id in force here, or "" outside any request or job."""
    return _current.get()


def new() -> str:
    """A fresh id: 32 hex digits, the same shape as nginx's $request_id."""
    return uuid.uuid4().hex


def accepted(given: str | None) -> str:
    """The caller's id when it is safe, a fresh one otherwise (absent, too long, odd characters)."""
    if given and SAFE.fullmatch(given):
        return given
    return new()


@contextmanager
def bound(value: str):
    """Runs the block with `value` as the current id, and restores the previous one after."""
    token = _current.set(value)
    try:
        yield value
    finally:
        _current.reset(token)


def enter(value: str) -> None:
    """Sets the current id until the next `enter` (the worker's loop, where no block surrounds a job)."""
    _current.set(value)
