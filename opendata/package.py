"""The Frictionless data package (https://specs.frictionlessdata.io/data-package/) that describes the export.

Every table is two resources with one schema: `<table>.csv` (resource `<table>`) and `<table>.jsonl`
(resource `<table>-jsonl`); foreign keys point at the CSV resources. Paths are relative to the
descriptor, so the same descriptor describes the live files under /api/v1/export/, the daily dump,
and a downloaded copy of either in a local folder.

A JSON Lines file of an empty table has no line, so nothing that says which fields its rows would
have (frictionless cannot read one): such a file is left out of the package, while its CSV twin, with
its header, is always in it.
"""

from django.conf import settings
from django.utils import timezone

from opendata.export import FORMATS
from opendata.tables import TABLES, Table

NAME = "legaldrafts"


def resource_name(table: Table, format: str) -> str:
    """`comments` for the CSV file, `comments-jsonl` for the JSON Lines one."""
    return table.name if format == "csv" else f"{table.name}-{format}"


def file_name(table: Table, format: str) -> str:
    return f"{table.name}.{format}"


def _resource(table: Table, format: str, files: dict | None) -> dict:
    schema = table.schema()
    resource = {
        "name": resource_name(table, format),
        "title": f"{table.title} ({'CSV' if format == 'csv' else 'JSON Lines'})",
        "description": table.description,
        "profile": "tabular-data-resource",
        "path": file_name(table, format),
        "format": format,
        "mediatype": FORMATS[format].split(";")[0],
        "encoding": "utf-8",
        "schema": schema,
    }
    if format == "csv":
        resource["dialect"] = {"delimiter": ",", "doubleQuote": True, "lineTerminator": "\r\n", "header": True}
    stored = (files or {}).get(resource["path"])
    if stored:
        resource["bytes"] = stored["bytes"]
        resource["hash"] = f"sha256:{stored['sha256']}"
    return resource


def _has_rows(table: Table, files: dict | None) -> bool:
    if files is not None:
        return files[file_name(table, "jsonl")]["bytes"] > 0
    return table.query().exists()


def descriptor(*, files: dict | None = None, created=None) -> dict:
    """The package descriptor; `files` (name -> bytes and sha256) adds each file's size and hash (the dump)."""
    listed = [(t, f) for t in TABLES for f in FORMATS if f == "csv" or _has_rows(t, files)]
    return {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": "Drafts of normative legal acts, their public discussion and the approved acts",
        "description": (
            "Every public draft and its public versions, every published public comment with its response, "
            "the expert conclusions the public may read, and every approved act with its official PDF. "
            "Each table as CSV and as JSON Lines, whole and uncapped. The live files take ?since=<ISO 8601 time> "
            "(rows changed at or after it), ?limit=<n> and the opaque ?cursor= of the Link rel=next header of the "
            "previous page; rows are ordered by changed_at, then id. A daily dump of the whole package is kept "
            "at /api/v1/export/dump/."
        ),
        "homepage": f"{settings.SITE_URL}/open-data/",
        "licenses": [dict(settings.OPEN_DATA_LICENSE)],
        "created": (created or timezone.now()).isoformat(),
        "resources": [_resource(table, format, files) for table, format in listed],
    }
