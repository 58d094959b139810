"""`restore`: an archive of `backup` brought back into an empty installation, then checked.

In this order, so that a bad archive or a wrong target changes nothing: every member is checked
against the manifest; the target must run the same migrations and hold no rows; the rows load in
one transaction (foreign keys are checked at its end, sequences reset on PostgreSQL, counts
compared before it commits); then the files are written, every official copy's file is compared
with its stored checksum, and the search index is rebuilt from the restored rows.
"""

import hashlib
import io
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.jsonl import Deserializer
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connections, transaction

from kernel.errors import ServiceError, StateConflict
from operations.archive import CHUNK, MEDIA_DIR, ArchiveRefused, HashingReader, VerifiedArchive, media_path, verify
from operations.backups import applied_migrations, copied_models
from operations.stored_files import write_stored
from publishing.models import OfficialCopy
from search.indexing import rebuild_index

BATCH = 500


class RestoreFailed(ServiceError):
    """The restore ran but what it brought back does not check out; the report says what differs."""

    code = "restore_failed"


def installation_rows(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """The tables a restore would fill that already hold rows (an empty installation has none).

    Empty means freshly migrated: no user, no draft, no reference data, nothing that a backup
    copies. Content types and permissions, which migrate creates, do not count.
    """
    return {
        model._meta.label_lower: count
        for model in copied_models()
        if (count := model._base_manager.using(using).count())
    }


def _check_target(manifest: dict, using: str) -> None:
    ours, theirs = set(applied_migrations(using)), set(manifest.get("migrations") or [])
    if ours != theirs:
        differ = sorted(theirs - ours)[:5] + sorted(ours - theirs)[:5]
        raise StateConflict(
            "This installation's migrations differ from the archive's "
            f"({', '.join(differ)}). Install the version that made the backup "
            f"({manifest.get('app_version') or 'see the manifest'}), migrate, restore, then upgrade."
        )
    occupied = installation_rows(using)
    if occupied:
        shown = ", ".join(f"{label} ({count})" for label, count in sorted(occupied.items())[:8])
        raise StateConflict(
            "This installation is not empty, so nothing was restored: "
            f"{shown}. Restore into a new database that was only migrated (no user created yet)."
        )
    known = {model._meta.label_lower for model in copied_models()}
    unknown = sorted(table["model"] for table in manifest["tables"] if table["model"] not in known)
    if unknown:
        raise ArchiveRefused(f"The archive holds tables this version does not have: {', '.join(unknown)}.")


def _insert(model, objects: list, using: str) -> None:
    """Inserts the rows as they were: primary keys kept, no auto_now or default applied (a raw save)."""
    fields = [f for f in model._meta.local_concrete_fields if not f.generated]
    # Within the engine's limit of parameters per statement (999 on SQLite, as Django counts it).
    size = max(1, min(BATCH, connections[using].ops.bulk_batch_size(fields, objects)))
    for start in range(0, len(objects), size):
        model._base_manager.using(using)._insert(objects[start : start + size], fields=fields, raw=True, using=using)


def _load_table(tar, info, table: dict, digest: dict, using: str) -> int:
    model_label, member = table["model"], table["member"]
    reader = HashingReader(tar.extractfile(info))
    lines = io.TextIOWrapper(io.BufferedReader(reader, CHUNK), encoding="utf-8")
    loaded, batch, model = 0, [], None
    try:
        for deserialized in Deserializer(lines, using=using, ignorenonexistent=False):
            obj = deserialized.object
            if obj._meta.label_lower != model_label:
                raise ArchiveRefused(f"{member} holds a row of {obj._meta.label_lower}.")
            model = type(obj)
            batch.append(obj)
            if len(batch) >= BATCH:
                _insert(model, batch, using)
                loaded += len(batch)
                batch = []
    except DeserializationError as error:
        raise ArchiveRefused(f"{member} cannot be read: {error}") from None
    if batch:
        _insert(model, batch, using)
        loaded += len(batch)
    # The member was checked before; reading it again must give the same bytes.
    if reader.digest() != digest:
        raise ArchiveRefused(f"{member} changed while it was restored.")
    return loaded


def _load_database(archive: VerifiedArchive, using: str) -> dict[str, int]:
    manifest = archive.manifest
    connection = connections[using]
    tables = {table["member"]: table for table in manifest["tables"]}
    with transaction.atomic(using=using), archive.open() as tar:
        # In the archive's order, reading it once front to back (a .tar.gz cannot seek cheaply).
        for info in tar:
            if info.name in tables:
                _load_table(tar, info, tables[info.name], manifest["members"][info.name], using)
        try:
            # Foreign keys are deferred to the commit; checked here, a dangling one names its table.
            connection.check_constraints()
        except IntegrityError as error:
            raise ArchiveRefused(f"The archive's rows do not hold together: {error}") from None
        statements = connection.ops.sequence_reset_sql(no_style(), copied_models())
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
        counts = {table["model"]: table["count"] for table in manifest["tables"]}
        found = {label: count for label, count in installation_rows(using).items() if label in counts}
        differ = {
            label: (expected, found.get(label, 0))
            for label, expected in counts.items()
            if expected != found.get(label, 0)
        }
        if differ:
            raise RestoreFailed(
                "The restored counts differ from the manifest, so nothing was kept: "
                + ", ".join(f"{label} {want} expected, {got} loaded" for label, (want, got) in sorted(differ.items()))
            )
    return {label: found.get(label, 0) for label in counts}


def _restore_files(archive: VerifiedArchive) -> int:
    """Writes every media member back into the storage under its own name (a local MEDIA_ROOT or an S3-compatible store)."""
    written = 0
    with archive.open() as tar:
        for info in tar:
            if not info.name.startswith(f"{MEDIA_DIR}/"):
                continue
            name = media_path(info.name).as_posix()
            source = HashingReader(tar.extractfile(info))
            try:
                write_stored(name, source)
            except SuspiciousFileOperation:
                raise ArchiveRefused(f"Member {info.name!r} would land outside the storage.") from None
            if source.digest() != archive.manifest["members"][info.name]:
                default_storage.delete(name)
                raise ArchiveRefused(f"{info.name} changed while it was restored.")
            written += 1
    return written


def _sha256(name: str) -> str | None:
    try:
        with default_storage.open(name, "rb") as source:
            digest = hashlib.sha256()
            while chunk := source.read(CHUNK):
                digest.update(chunk)
            return digest.hexdigest()
    except FileNotFoundError:
        return None


def official_copy_mismatches() -> list[str]:
    """Every official copy whose stored file is missing or differs from its stored checksum."""
    problems = []
    for copy in OfficialCopy.objects.exclude(file="").order_by("pk").iterator():
        found = _sha256(copy.file.name)
        if found is None:
            problems.append(f"draft {copy.draft_id}: {copy.file.name} is missing")
        elif found != copy.pdf_checksum:
            problems.append(f"draft {copy.draft_id}: {copy.file.name} has SHA-256 {found}, stored {copy.pdf_checksum}")
    return problems


@dataclass
class RestoreReport:
    """What `restore` brought back and checked."""

    counts: dict[str, int]
    files: int
    official_copies: int
    indexed: int
    phases: dict[str, float]
    made_at: str = ""
    problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"Restored the backup of {self.made_at}: {sum(self.counts.values())} rows of {len(self.counts)} tables "
            f"(each count as in the manifest), {self.files} files.",
            f"Official copies checked against their stored SHA-256: {self.official_copies}.",
            f"Search index rebuilt: {self.indexed} drafts.",
            f"Done in {sum(self.phases.values()):.1f} s ("
            + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.phases.items())
            + "). Everybody signs in again; run catch_up (or start the worker) to finish official copies "
            "that were still pending.",
        ]


def restore(path: Path, using: str = DEFAULT_DB_ALIAS) -> RestoreReport:
    """Restores the archive into this installation, which must be empty; checks what it restored.

    Refuses (changing nothing) a damaged or tampered archive and a non-empty installation. Raises
    RestoreFailed when the official copies restored do not match their stored checksums.
    """
    phases: dict[str, float] = {}
    clock = time.monotonic()

    def phase(name: str) -> None:
        nonlocal clock
        now = time.monotonic()
        phases[name], clock = now - clock, now

    archive = verify(Path(path))
    _check_target(archive.manifest, using)
    phase("checking the archive")
    try:
        counts = _load_database(archive, using)
    except DatabaseError as error:
        raise ArchiveRefused(f"The database refused the archive's rows, nothing was kept: {error}") from None
    phase("loading the rows")
    files = _restore_files(archive)
    problems = official_copy_mismatches()
    phase("writing and checking the files")
    indexed = rebuild_index()
    phase("rebuilding the search index")
    report = RestoreReport(
        counts=counts,
        files=files,
        official_copies=OfficialCopy.objects.exclude(file="").count(),
        indexed=indexed,
        phases=phases,
        made_at=archive.manifest.get("created_at", "?"),
        problems=problems,
    )
    if problems:
        raise RestoreFailed(
            "Restored, but official copies do not match their stored checksums: " + "; ".join(problems),
            details={"report": report.lines()},
        )
    return report
