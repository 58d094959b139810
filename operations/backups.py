"""`backup`: the whole installation in one archive, read from one snapshot of the database.

The rows are written with Django's serializers (JSON lines, one member per model), so an archive
made on SQLite restores on PostgreSQL and back. Content types and permissions are not copied:
`migrate` creates them on the target, with ids of its own, so every reference to them (guardian's
object permissions, group and user permissions, the admin log) is written by natural key
(`app_label`, `model`, `codename`). Everything else keeps its primary key.
"""

import datetime
import json
import os
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.jsonl import Serializer as JsonLinesSerializer
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from operations.archive import (
    FORMAT,
    FORMAT_VERSION,
    MEDIA_DIR,
    ArchiveRefused,
    add_file,
    add_manifest,
    database_member,
    write_mode,
)
from operations.stored_files import local_root, open_stored, stored_names
from publishing.models import OfficialCopy

# Rows that are not copied, and why; everything else of every installed app is.
EXCLUDED = {
    "contenttypes.contenttype": "created by migrate on the target; referred to by natural key",
    "auth.permission": "created by migrate on the target; referred to by natural key",
    "sessions.session": "everybody signs in again after a restore; no live session leaves in an archive",
    "django_tasks_database.dbtaskresult": (
        "the job queue: pending work is found again from the rows (catch_up), and notifications "
        "queued at backup time are not sent twice"
    ),
    "search.searchentry": "the search index is rebuilt from the database after a restore",
    "search.pendingindexupdate": "the search index is rebuilt from the database after a restore",
    "search.listedterm": "the search index's lists of common terms are made again by the catch-up after a restore",
    "search.recentmatch": "the search index's lists of common terms are made again by the catch-up after a restore",
    "axes.accessattempt": "lock-out counters: they expire within minutes anyway",
    "axes.accessattemptexpiration": "lock-out counters: they expire within minutes anyway",
    "files.chunkedupload": "uploads still arriving in chunks (and their chunks): the uploader sends the file again",
}
# Models whose rows exist on every migrated installation, under ids of its own.
BY_NATURAL_KEY = (ContentType, Permission)


def copied_models() -> list[type]:
    """Every model whose rows the archive holds, many-to-many tables included, in a stable order."""
    return sorted(
        (
            model
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed
            and not model._meta.proxy
            and model._meta.label_lower not in EXCLUDED
            and not issubclass(model, BY_NATURAL_KEY)
        ),
        key=lambda model: model._meta.label_lower,
    )


class RowSerializer(JsonLinesSerializer):
    """Django's JSON lines, with references to content types and permissions by natural key only.

    Natural keys everywhere would cost a query per row on restore; primary keys of content types
    and permissions would point at other rows on a target that created them in another order.
    Many-to-many fields are skipped: their tables are copied as models of their own.
    """

    def handle_fk_field(self, obj, field):
        if issubclass(field.remote_field.model, BY_NATURAL_KEY):
            related = getattr(obj, field.name)
            self._current[field.name] = related.natural_key() if related else None
        else:
            self._current[field.name] = self._value_from_field(obj, field)

    def handle_m2m_field(self, obj, field):
        pass

    def end_object(self, obj):
        # json.dumps runs the C encoder; json.dump to a stream (Django's way) the pure Python one, several times slower.
        self.stream.write(json.dumps(self.get_dump_object(obj), **self.json_kwargs))
        self.stream.write("\n")
        self._current = None


def _rows(model):
    """The model's rows in primary key order, with what their natural keys need fetched along."""
    joins = []
    for f in model._meta.concrete_fields:
        if f.is_relation and issubclass(f.remote_field.model, ContentType):
            joins.append(f.name)
        elif f.is_relation and issubclass(f.remote_field.model, Permission):
            joins.append(f"{f.name}__content_type")
    rows = model._base_manager.using(DEFAULT_DB_ALIAS).order_by("pk")
    return rows.select_related(*joins) if joins else rows


@contextmanager
def snapshot(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """One consistent view of the database for everything read inside, without blocking writers.

    PostgreSQL: a read-only REPEATABLE READ transaction. SQLite (in WAL mode): a deferred read
    transaction; the project's IMMEDIATE transactions would hold the write lock for the whole
    backup. Inside a caller's transaction (a test), that transaction is the snapshot.
    """
    connection = connections[using]
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
        return
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def app_version() -> str | None:
    """The code's version: APP_VERSION when set (packaged installs), else the git commit, else unknown."""
    if os.environ.get("APP_VERSION"):
        return os.environ["APP_VERSION"]
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return (done.stdout.strip() or None) if done.returncode == 0 else None


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connections[using]).applied_migrations())


@dataclass
class BackupReport:
    """What `backup` wrote."""

    path: Path
    counts: dict[str, int]
    files: int
    bytes: int
    seconds: float
    official_copies: list[dict] = field(default_factory=list)

    @property
    def damaged_copies(self) -> list[dict]:
        return [copy for copy in self.official_copies if not copy["matches"]]

    def lines(self) -> list[str]:
        rows = sum(self.counts.values())
        return [
            f"Wrote {self.path}: {rows} rows of {len(self.counts)} tables, {self.files} files, "
            f"{len(self.official_copies)} official copies, {self.bytes} bytes in {self.seconds:.1f} s.",
            *(
                f"Official copy of draft {copy['draft']} ({copy['file'] or 'no file'}) does not match its "
                f"stored checksum: {copy['problem']}."
                for copy in self.damaged_copies
            ),
        ]


def _dump_tables(tar: tarfile.TarFile, members: dict, workdir: Path) -> tuple[list[dict], dict[str, int]]:
    tables, counts = [], {}
    for model in copied_models():
        label = model._meta.label_lower
        scratch = workdir / f"{label}.jsonl"
        with open(scratch, "w", encoding="utf-8") as out:
            # The serializer streams: one row in memory at a time, fetched in chunks by the iterator.
            RowSerializer().serialize(_rows(model).iterator(chunk_size=2000), stream=out)
        with open(scratch, "rb") as source:
            count = sum(1 for _line in source)
            source.seek(0)
            name = database_member(label)
            members[name] = add_file(tar, name, source, scratch.stat().st_size)
        scratch.unlink()
        tables.append({"model": label, "member": name, "count": count})
        counts[label] = count
    return tables, counts


def _add_media(tar: tarfile.TarFile, members: dict) -> int:
    """Every stored file, read through the storage (a local MEDIA_ROOT or an S3-compatible store); links are left out."""
    added = 0
    for name in stored_names():
        opened = open_stored(name)
        if opened is None:
            continue  # deleted since it was listed (a print replaced); the snapshot does not need it
        with opened:
            member = f"{MEDIA_DIR}/{name}"
            members[member] = add_file(tar, member, opened.stream, opened.size, opened.mtime)
            added += 1
    return added


def _official_copies(members: dict) -> list[dict]:
    """Each official copy with a file, its stored checksum, and whether the archived file matches it."""
    listed = []
    for copy in OfficialCopy.objects.exclude(file="").order_by("pk").iterator():
        member = members.get(f"{MEDIA_DIR}/{copy.file.name}")
        if member is None:
            problem = "the file is missing from storage"
        elif member["sha256"] != copy.pdf_checksum:
            problem = f"the stored file's SHA-256 is {member['sha256']}"
        else:
            problem = ""
        listed.append(
            {
                "draft": copy.draft_id,
                "status": copy.status,
                "file": copy.file.name,
                "member": f"{MEDIA_DIR}/{copy.file.name}",
                "pdf_checksum": copy.pdf_checksum,
                "size": copy.size,
                "matches": not problem,
                "problem": problem,
            }
        )
    return listed


def backup(path: Path) -> BackupReport:
    """Writes the archive at `path` from one snapshot: every copied table, every stored file, the manifest.

    The archive appears under its name only when complete (it is written beside it, then renamed);
    an existing file is never overwritten.
    """
    path = Path(path)
    mode = write_mode(path)
    if path.exists():
        raise ArchiveRefused(f"{path} exists already; choose a new name (backups are never overwritten).")
    if not path.parent.is_dir():
        raise ArchiveRefused(f"No folder {path.parent} to write the archive into.")
    media_root = local_root()
    if media_root is not None and path.resolve().is_relative_to(media_root.resolve()):
        raise ArchiveRefused("Write the archive outside MEDIA_ROOT, which it copies (best: off this machine).")
    began = timezone.now()
    members: dict[str, dict] = {}
    partial = path.with_name(f".{path.name}.partial")
    try:
        with tempfile.TemporaryDirectory(dir=path.parent, prefix=".backup-") as workdir:
            with tarfile.open(partial, mode=mode, format=tarfile.PAX_FORMAT) as tar, snapshot():
                created_at = timezone.now()
                tables, counts = _dump_tables(tar, members, Path(workdir))
                files = _add_media(tar, members)
                official = _official_copies(members)
                add_manifest(
                    tar,
                    {
                        "format": FORMAT,
                        "format_version": FORMAT_VERSION,
                        "created_at": created_at.isoformat(),
                        "app_version": app_version(),
                        "django_version": django.get_version(),
                        "database_vendor": connections[DEFAULT_DB_ALIAS].vendor,
                        "migrations": applied_migrations(),
                        "tables": tables,
                        "excluded": EXCLUDED,
                        "members": members,
                        "official_copies": official,
                    },
                )
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return BackupReport(
        path=path,
        counts=counts,
        files=files,
        bytes=path.stat().st_size,
        seconds=(timezone.now() - began) / datetime.timedelta(seconds=1),
        official_copies=official,
    )
