"""The stored files a backup copies and a restore writes back, through Django's storage API.

So the same commands serve an installation on a local MEDIA_ROOT and one on an S3-compatible
store (config.storage): every file is listed, read and written by its storage name. On a local
disk, links (to files or folders) are never followed nor copied: whoever can plant one in
MEDIA_ROOT must not get /etc/passwd into an archive.
"""

import os
import posixpath
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import File
from django.core.files.storage import default_storage

from files.chunked import PARTS_FOLDER

# Chunks of uploads still arriving: their uploads are not copied either (operations.backups.EXCLUDED).
LEFT_OUT = (f"{PARTS_FOLDER}/",)


def local_root(storage=default_storage) -> Path | None:
    """The folder of a storage on this machine's disk (MEDIA_ROOT), None for a remote store."""
    try:
        return Path(storage.path(""))
    except NotImplementedError:
        return None


def stored_names(storage=default_storage, folder: str = "") -> Iterator[str]:
    """Every stored file's name, in a stable order, without what a backup leaves out."""
    try:
        folders, names = storage.listdir(folder)
    except FileNotFoundError:
        return  # a local MEDIA_ROOT nothing was stored in yet
    for name in sorted(names):
        path = posixpath.join(folder, name)
        if not path.startswith(LEFT_OUT) and _regular(storage, path, stat.S_ISREG):
            yield path
    for sub in sorted(folders):
        path = posixpath.join(folder, sub)
        if not f"{path}/".startswith(LEFT_OUT) and _regular(storage, path, stat.S_ISDIR):
            yield from stored_names(storage, path)


def _regular(storage, name: str, is_kind) -> bool:
    """On a local disk, a file or folder that is no link; anything a remote store lists."""
    root = local_root(storage)
    if root is None:
        return True
    try:
        return is_kind(os.lstat(storage.path(name)).st_mode)
    except FileNotFoundError:
        return False


@dataclass
class OpenedFile:
    """A stored file opened for reading, with its size and modification time as the archive records them."""

    stream: object
    size: int
    mtime: float = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stream.close()
        return False


def open_stored(name: str, storage=default_storage) -> OpenedFile | None:
    """The stored file opened for reading, or None when it was deleted since it was listed (a print replaced)."""
    root = local_root(storage)
    try:
        if root is not None:
            # O_NOFOLLOW: a link put in place after the listing is refused, not followed.
            descriptor = os.open(storage.path(name), os.O_RDONLY | os.O_NOFOLLOW)
            info = os.fstat(descriptor)
            return OpenedFile(os.fdopen(descriptor, "rb"), info.st_size, info.st_mtime)
        opened = storage.open(name, "rb")
        return OpenedFile(opened, opened.size)
    except FileNotFoundError:
        return None


def write_stored(name: str, source, storage=default_storage) -> None:
    """Writes the bytes read from `source` under exactly `name`, replacing a file left there by an earlier attempt."""
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, File(source, name=posixpath.basename(name)))
    if saved != name:
        storage.delete(saved)
        raise OSError(f"the storage kept {name} as {saved}")
