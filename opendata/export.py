"""Streaming a table of the package as CSV or JSON Lines: whole, changed since a time, or a page after a cursor.

Rows come from one query read in chunks (`iterator(chunk_size=...)`; on PostgreSQL a server-side
cursor inside a transaction, so the database streams too), are encoded a batch at a time, and leave
as a StreamingHttpResponse: memory stays flat whatever the number of rows.

Order and resumption: every query is ordered by (changed_at, id). `?since=` keeps the rows changed at
or after a time; `?limit=` cuts a page and its `Link: <...>; rel="next"` header carries an opaque
cursor, the (changed_at, id) of the page's last row, from which the next page goes on. Rows a page
already gave are never given again by the next one, and none is skipped.
"""

import base64
import binascii
import csv
import datetime
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import connections, transaction
from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from kernel.errors import InvalidArguments
from kernel.integers import MAX_ID, bounded_int
from kernel.replica import reads_may_lag
from opendata.tables import Table

# Rows fetched from the database at a time, and encoded into one chunk of the response.
CHUNK_ROWS = 2000

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/jsonl; charset=utf-8",
}


@dataclass(frozen=True)
class Position:
    """A place in a table's order: rows strictly after it come next."""

    changed_at: datetime.datetime
    pk: int


@dataclass(frozen=True)
class Selection:
    """Which rows of a table a request asks for."""

    since: datetime.datetime | None = None
    after: Position | None = None
    limit: int | None = None


def parse_since(raw: str | None) -> datetime.datetime | None:
    """An ISO 8601 time with its offset (or Z); a `+` sent unencoded in a query string arrives as a space."""
    if raw in (None, ""):
        return None
    text = raw.strip()
    if len(text) > 40:
        raise InvalidArguments({"since": _("Give a time in ISO 8601 with its offset, such as 2025-03-01T00:00:00Z.")})
    if len(text) > 19 and text[-6] == " ":
        text = f"{text[:-6]}+{text[-5:]}"
    try:
        moment = parse_datetime(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InvalidArguments({"since": _("Give a time in ISO 8601 with its offset, such as 2025-03-01T00:00:00Z.")})
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:  # the year 1 east of Greenwich, or 9999 west of it
        raise InvalidArguments({"since": _("Give a time between the years 1 and 9999.")}) from None


def encode_cursor(table: Table, position: Position) -> str:
    """An opaque cursor: the table's name and the position, base64url without padding."""
    raw = json.dumps([table.name, position.changed_at.isoformat(), position.pk], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def parse_cursor(table: Table, raw: str | None) -> Position | None:
    """The position a cursor of this table names; InvalidArguments for anything else."""
    if raw in (None, ""):
        return None
    refusal = InvalidArguments(
        {"cursor": _("This cursor is not one this export gave for this file; start again without it.")}
    )
    if len(raw) > 200:
        raise refusal
    try:
        name, moment, pk = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
        changed_at = datetime.datetime.fromisoformat(moment)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise refusal from None
    if name != table.name or changed_at.tzinfo is None or not isinstance(pk, int) or not 0 <= pk <= 2**63 - 1:
        raise refusal
    try:
        return Position(changed_at.astimezone(datetime.UTC), pk)
    except OverflowError:
        raise refusal from None


def parse_selection(table: Table, query: dict) -> Selection:
    """`since`, `cursor` and `limit` from a query string; InvalidArguments (400) when one is malformed."""
    for key in ("since", "cursor", "limit"):
        if key in query and not query.get(key):
            raise InvalidArguments({key: _("Give a value, or leave the parameter out.")})
    return Selection(
        since=parse_since(query.get("since")),
        after=parse_cursor(table, query.get("cursor")),
        limit=bounded_int(query.get("limit"), field="limit", maximum=MAX_ID),
    )


def _after(position: Position) -> Q:
    return Q(changed_at__gt=position.changed_at) | Q(changed_at=position.changed_at, pk__gt=position.pk)


def _up_to(position: Position) -> Q:
    return Q(changed_at__lt=position.changed_at) | Q(changed_at=position.changed_at, pk__lte=position.pk)


def select(table: Table, selection: Selection) -> tuple[QuerySet, Position | None]:
    """The rows' query in (changed_at, id) order, and where the next page starts (None: this is the last).

    With a limit, the page's last position is read first (one short query), and the page is every row
    up to it: so the cursor of the next page is exactly where this one stopped.
    """
    rows = table.query()
    if selection.since is not None:
        rows = rows.filter(changed_at__gte=selection.since)
    if selection.after is not None:
        rows = rows.filter(_after(selection.after))
    rows = rows.order_by("changed_at", "pk")
    if selection.limit is None:
        return rows, None
    edge = list(rows.values_list("changed_at", "pk")[selection.limit - 1 : selection.limit + 1])
    if not edge:
        return rows, None
    last = Position(*edge[0])
    return rows.filter(_up_to(last)), last if len(edge) > 1 else None


def stream_rows(table: Table, rows: QuerySet, site: str) -> Iterator[list]:
    """The rows as the fields' values, read in chunks; on PostgreSQL through a server-side cursor in a
    transaction (outside one, PostgreSQL would hold the whole result before sending the first row)."""
    values = rows.values_list(*table.columns)
    alias = values.db
    postgres = connections[alias].vendor == "postgresql"
    with transaction.atomic(using=alias) if postgres else _nothing():
        for row in values.iterator(chunk_size=CHUNK_ROWS):
            yield table.row(row, site)


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _cell(value) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def _json(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def encode_csv(table: Table, rows: Iterable[list]) -> Iterator[bytes]:
    """A header line, then the rows, CRLF-terminated as RFC 4180 has it, a chunk of rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.field_names)
    count = 0
    for row in rows:
        writer.writerow([_cell(v) for v in row])
        count += 1
        if count % CHUNK_ROWS == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def encode_jsonl(table: Table, rows: Iterable[list]) -> Iterator[bytes]:
    """One JSON object per line, keyed by the field names, a chunk of rows at a time."""
    names = table.field_names
    lines = []
    for row in rows:
        lines.append(json.dumps(dict(zip(names, map(_json, row), strict=True)), ensure_ascii=False))
        if len(lines) == CHUNK_ROWS:
            yield ("\n".join(lines) + "\n").encode()
            lines = []
    if lines:
        yield ("\n".join(lines) + "\n").encode()


def encoded(table: Table, format: str, rows: QuerySet, site: str) -> Iterator[bytes]:
    """The table's rows in the format, streamed; its queries may go to a replica (kernel.replica)."""
    with reads_may_lag():
        encode = encode_csv if format == "csv" else encode_jsonl
        yield from encode(table, stream_rows(table, rows, site))
