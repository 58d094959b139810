"""The daily dump: the whole package written as files into the store, made current only once complete.

Each dump is written into a new folder of the store (Django's storage API, so a local MEDIA_ROOT or
an S3-compatible store alike, as operations.stored_files does for backups), each file first spooled
to a local temporary file while its size and SHA-256 are counted. Only when every file is stored does
one database update mark the dump ready, and readers always take the newest ready dump: that update
is the atomic swap. A dump that fails midway is marked failed and its folder deleted; the previous
dump stays current. The dump before the current one is kept too, for downloads still running.
"""

import datetime
import hashlib
import json
import logging
import os
import secrets
import tempfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from kernel.errors import NotVisible
from opendata.export import FORMATS, Selection, encoded, select
from opendata.models import Dump
from opendata.package import descriptor, file_name
from opendata.tables import TABLES

log = logging.getLogger(__name__)

ROOT = "opendata/dumps"
PACKAGE = "datapackage.json"
# Ready dumps kept: the current one and the one before it.
KEEP = 2
# A dump still "writing" after this long belongs to a process that died: its folder is removed.
STALE_HOURS = 12

CONTENT_TYPES = {PACKAGE: "application/json", **{f".{format}": FORMATS[format] for format in FORMATS}}


@dataclass(frozen=True)
class StoredPart:
    name: str
    bytes: int
    sha256: str


def _store(folder: str, name: str, chunks) -> StoredPart:
    """Spools the chunks to a temporary file, then stores it under folder/name; its size and hash."""
    digest = hashlib.sha256()
    size = 0
    with tempfile.TemporaryFile() as spool:
        for chunk in chunks:
            spool.write(chunk)
            digest.update(chunk)
            size += len(chunk)
        spool.seek(0)
        stored = default_storage.save(f"{folder}/{name}", File(spool, name=name))
    if stored != f"{folder}/{name}":
        raise RuntimeError(f"The store renamed {folder}/{name} to {stored}.")
    return StoredPart(name, size, digest.hexdigest())


def _delete_folder(folder: str) -> None:
    try:
        _, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in names:
        default_storage.delete(f"{folder}/{name}")
    try:
        os.rmdir(default_storage.path(folder))  # a local MEDIA_ROOT keeps empty folders
    except (OSError, NotImplementedError):
        pass


def dump_write() -> Dump:
    """Writes the whole package into a new folder and makes it the current dump once every file is stored.

    Raises whatever stopped it, after marking the dump failed and deleting its folder: the previous
    dump stays current.
    """
    started = timezone.now()
    folder = f"{ROOT}/{started:%Y%m%dT%H%M%S}-{secrets.token_hex(4)}"
    dump = Dump.objects.create(started_at=started, folder=folder)
    try:
        files = {}
        for table in TABLES:
            for format in FORMATS:
                rows, _ = select(table, Selection())
                part = _store(folder, file_name(table, format), encoded(table, format, rows, settings.SITE_URL))
                files[part.name] = {"bytes": part.bytes, "sha256": part.sha256}
        package = json.dumps(descriptor(files=files, created=started), ensure_ascii=False, indent=2).encode()
        part = _store(folder, PACKAGE, [package])
        files[PACKAGE] = {"bytes": part.bytes, "sha256": part.sha256}
    except BaseException as error:
        log.exception("The open-data dump %s failed; the previous dump stays current.", folder)
        Dump.objects.filter(pk=dump.pk).update(
            status=Dump.Status.FAILED, finished_at=timezone.now(), error=repr(error)[:2000]
        )
        _delete_folder(folder)
        raise
    with transaction.atomic():
        Dump.objects.filter(pk=dump.pk).update(status=Dump.Status.READY, finished_at=timezone.now(), files=files)
    dump.refresh_from_db()
    _prune()
    return dump


def _prune() -> None:
    """Deletes the ready dumps older than the KEEP newest, and the folders of dumps that died writing."""
    ready = Dump.objects.filter(status=Dump.Status.READY).order_by("-finished_at", "-id")
    stale = Dump.objects.filter(
        status=Dump.Status.WRITING, started_at__lt=timezone.now() - datetime.timedelta(hours=STALE_HOURS)
    )
    for old in [*ready[KEEP:], *stale]:
        _delete_folder(old.folder)
        old.delete()


def current_dump() -> Dump | None:
    """The newest complete dump, or None before the first one."""
    return Dump.objects.filter(status=Dump.Status.READY).order_by("-finished_at", "-id").first()


def dump_file_open(name: str):
    """The current dump's file opened from the store, with its content type; NotVisible for any other name."""
    dump = current_dump()
    if dump is None or name not in dump.files:
        raise NotVisible(f"The current open-data dump has no file {name[:100]!r}.")
    suffix = name if name == PACKAGE else name[name.rfind(".") :]
    return default_storage.open(f"{dump.folder}/{name}", "rb"), CONTENT_TYPES[suffix], dump
