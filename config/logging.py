"""Logging: JSON lines for machines (production), readable lines for people (development).

Every record carries the request id (kernel.request_id): of the request being served, or of the
request that enqueued the job being run. DJANGO_LOG_FORMAT=json or text chooses; by default JSON
when DEBUG is off. Django's own records name the request object; it is left out (its string holds
the query string), and the path, status and traceback are already in `message`, `status_code` and `exc_info`.
"""

import logging

from pythonjsonlogger.core import RESERVED_ATTRS

from kernel import request_id

# What each JSON line holds first; any `extra={...}` of a call follows.
JSON_FIELDS = ["asctime", "levelname", "name", "message", "request_id"]
# Attributes of Django's records that are objects, not facts: never written out.
OMITTED = ["request", "server_time"]


class RequestIdFilter(logging.Filter):
    """Puts the current request id on the record ("-" outside any request or job).

    Django logs a 4xx or 5xx answer after the middleware has returned, with the request on the
    record: its id comes from there.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        current = request_id.current() or getattr(getattr(record, "request", None), "request_id", "")
        record.request_id = current if isinstance(current, str) and current else "-"
        return True


def logging_config(*, json: bool, level: str) -> dict:
    """The LOGGING setting: one console handler, JSON lines or text, with the request id on every record."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": JSON_FIELDS,
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
                "reserved_attrs": [*RESERVED_ATTRS, *OMITTED],
                "datefmt": "%Y-%m-%dT%H:%M:%S%z",
            },
            "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "json" if json else "text",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        # Django's own console handler (DEBUG only) would print its records a second time, without the id.
        "loggers": {"django": {"handlers": [], "level": level, "propagate": True}},
    }
