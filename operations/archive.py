"""The backup archive's format: a tar of the database's rows, the stored files and a manifest.

    manifest.json                  what is inside: counts per model, SHA-256 and size of every member
    database/<app>.<model>.jsonl   the rows of one model, one JSON object a line (Django's jsonl format)
    media/<path>                   every stored file (uploads with their web sizes and thumbnails, official
                                   copies, prints) by its storage name, byte for byte, local or S3

The manifest is the last member, because it holds the checksums of all the others. An archive is
trusted only after every member was read and matched the manifest, so nothing in it is looked at
before that but the names and types of its members.
"""

import hashlib
import io
import json
import tarfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kernel.errors import ServiceError

FORMAT = "legaldrafts-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_DIR = "database"
MEDIA_DIR = "media"
# A manifest larger than this is not ours; it is read whole, so it must be bounded.
MANIFEST_MAX_BYTES = 64 * 1024 * 1024
CHUNK = 1024 * 1024


class ArchiveRefused(ServiceError):
    """The archive is damaged, tampered with or not a backup of this service: nothing was restored."""

    code = "archive_refused"


def write_mode(path: Path) -> str:
    """The tarfile mode for an archive name: `.tar` as is, `.tar.gz`/`.tgz` compressed."""
    name = path.name.lower()
    if name.endswith((".tar.gz", ".tgz")):
        return "w:gz"
    if name.endswith(".tar"):
        return "w"
    raise ArchiveRefused(f"Name the archive <name>.tar or <name>.tar.gz (got {path.name!r}).")


def database_member(label: str) -> str:
    return f"{DATABASE_DIR}/{label.lower()}.jsonl"


class HashingReader(io.RawIOBase):
    """Reads through to a file while hashing and counting what passed, so each member is read once."""

    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.sha256.update(data)
        self.size += len(data)
        return len(data)

    def read(self, size=-1) -> bytes:
        data = self.raw.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data

    def digest(self) -> dict:
        return {"sha256": self.sha256.hexdigest(), "size": self.size}


def add_file(tar: tarfile.TarFile, name: str, source, size: int, mtime: float = 0) -> dict:
    """Adds `size` bytes read from `source` as member `name`; returns its SHA-256 and size."""
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(mtime)
    info.mode = 0o640
    reader = HashingReader(source)
    tar.addfile(info, reader)
    digest = reader.digest()
    if digest["size"] != size:
        raise OSError(f"{name} changed size while it was archived")
    return digest


def add_manifest(tar: tarfile.TarFile, manifest: dict) -> None:
    data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
    info = tarfile.TarInfo(MANIFEST)
    info.size = len(data)
    info.mode = 0o640
    tar.addfile(info, io.BytesIO(data))


def unsafe_name(name: str) -> str | None:
    """Why a member name may not be extracted (None when it is fine): only relative paths inside our folders."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/"):
        return "an absolute or malformed path"
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return "a path that leaves its folder ('..', '.' or an empty part)"
    if name != MANIFEST and (len(parts) < 2 or parts[0] not in (DATABASE_DIR, MEDIA_DIR)):
        return f"a path outside {DATABASE_DIR}/ and {MEDIA_DIR}/"
    return None


@dataclass(frozen=True)
class VerifiedArchive:
    """An archive whose every member matched the manifest; its members may now be read."""

    path: Path
    manifest: dict

    def open(self) -> tarfile.TarFile:
        return tarfile.open(self.path, mode="r:*")


def verify(path: Path) -> VerifiedArchive:
    """Reads every member of the archive and checks it against the manifest, touching nothing else.

    Refuses links, devices and folders, names that are absolute or climb out with '..', members
    the manifest does not list, members it lists that are missing, and any SHA-256 or size that
    differs.
    """
    if not path.is_file():
        raise ArchiveRefused(f"No archive at {path}.")
    found: dict[str, dict] = {}
    manifest_bytes = None
    try:
        with tarfile.open(path, mode="r:*") as tar:
            for info in tar:
                reason = unsafe_name(info.name)
                if reason:
                    raise ArchiveRefused(f"Member {info.name!r} is refused: {reason}.")
                if not info.isreg():
                    raise ArchiveRefused(
                        f"Member {info.name!r} is refused: only regular files, no links, devices or folders."
                    )
                if info.name in found or (info.name == MANIFEST and manifest_bytes is not None):
                    raise ArchiveRefused(f"Member {info.name!r} appears twice.")
                if info.name == MANIFEST:
                    if info.size > MANIFEST_MAX_BYTES:
                        raise ArchiveRefused("The manifest is too large to be ours.")
                    manifest_bytes = tar.extractfile(info).read()
                    continue
                reader = HashingReader(tar.extractfile(info))
                while reader.read(CHUNK):
                    pass
                found[info.name] = reader.digest()
    except (tarfile.TarError, EOFError, OSError) as error:
        raise ArchiveRefused(f"{path.name} is not a readable tar archive ({error}).") from None
    if manifest_bytes is None:
        raise ArchiveRefused(f"{path.name} has no {MANIFEST}: it is not a backup of this service.")
    try:
        manifest = json.loads(manifest_bytes)
    except ValueError:
        raise ArchiveRefused(f"{MANIFEST} is not valid JSON.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveRefused(f"{MANIFEST} does not describe a backup of this service.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ArchiveRefused(
            f"The archive has format version {manifest.get('format_version')!r}; this version reads {FORMAT_VERSION}."
        )
    _check_shape(manifest)
    listed = manifest["members"]
    missing = sorted(set(listed) - set(found))
    extra = sorted(set(found) - set(listed))
    changed = sorted(name for name in set(found) & set(listed) if found[name] != listed[name])
    problems = [
        *(f"missing member {name}" for name in missing),
        *(f"member {name} is not in the manifest" for name in extra),
        *(f"member {name} does not match its SHA-256 or size in the manifest" for name in changed),
    ]
    if problems:
        shown = "; ".join(problems[:10]) + ("; …" if len(problems) > 10 else "")
        raise ArchiveRefused(f"The archive does not match its manifest, nothing was restored: {shown}.")
    return VerifiedArchive(path=path, manifest=manifest)


def _check_shape(manifest: dict) -> None:
    """The manifest's parts that restore relies on have the types it expects, and agree with each other."""
    listed = manifest.get("members")
    if not isinstance(listed, dict) or not all(
        isinstance(digest, dict)
        and isinstance(digest.get("sha256"), str)
        and isinstance(digest.get("size"), int)
        and not unsafe_name(name)
        and name != MANIFEST
        for name, digest in listed.items()
    ):
        raise ArchiveRefused(f"{MANIFEST} lists its members in a form this version does not read.")
    tables = manifest.get("tables")
    if not isinstance(tables, list) or not all(
        isinstance(table, dict)
        and isinstance(table.get("model"), str)
        and isinstance(table.get("count"), int)
        and table.get("member") in listed
        and table["member"].startswith(f"{DATABASE_DIR}/")
        for table in tables
    ):
        raise ArchiveRefused(f"{MANIFEST} lists its tables in a form this version does not read.")
    named = [table["member"] for table in tables]
    rows = {name for name in listed if name.startswith(f"{DATABASE_DIR}/")}
    if len(set(named)) != len(named) or set(named) != rows:
        raise ArchiveRefused(f"{MANIFEST} does not name one table for each {DATABASE_DIR}/ member.")
    migrations = manifest.get("migrations")
    if not isinstance(migrations, list) or not all(isinstance(name, str) for name in migrations):
        raise ArchiveRefused(f"{MANIFEST} does not list the migrations the archive was made with.")


def media_path(name: str) -> PurePosixPath:
    """The storage name (the path under MEDIA_ROOT, or the key in the bucket) of a `media/...` member."""
    return PurePosixPath(name).relative_to(MEDIA_DIR)
