"""What the job does to a stored file after commit: scan it, re-encode pictures, read media metadata.

Until this finishes the file is PROCESSING and no one but its uploader and the staff who handle
it learn more than that it is being checked; nothing is served before it is READY.
"""

import hashlib
import io
import json
import logging
import shutil
import subprocess
import tempfile
from contextlib import contextmanager

import mutagen
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageOps

from files.inspection import CHUNK
from files.kinds import Kind
from files.models import StoredFile
from files.scanning import scan, scanning_enabled

log = logging.getLogger(__name__)

WEB_SIZE = 1600
THUMBNAIL_SIZE = 320
FFPROBE_SECONDS = 60


def stored_file_process(file_id: int) -> str:
    """Processes a PROCESSING file once; a file already READY or REFUSED (or gone) is left alone.

    Raises files.scanning.ScannerUnavailable when clamd does not answer, so the job retries.
    """
    stored = StoredFile.objects.filter(pk=file_id, status=StoredFile.Status.PROCESSING).first()
    if stored is None:
        return "nothing to do"
    with _local_copy(stored) as path:
        if scanning_enabled():
            with open(path, "rb") as stream:
                verdict = scan(stream)
            if not verdict.clean:
                return _refuse(stored, f"A virus scanner found {verdict.finding} in it.")
        changes = {}
        try:
            if stored.kind == Kind.IMAGE:
                changes = _reencode_picture(stored, path)
            elif stored.kind in (Kind.AUDIO, Kind.VIDEO):
                changes = {"metadata": _media_metadata(path)}
        except (OSError, ValueError, Image.DecompressionBombError, mutagen.MutagenError) as error:
            log.warning("Stored file %s could not be processed: %s", stored.pk, error)
            return _refuse(stored, "It could not be read.")
    changes.update(status=StoredFile.Status.READY, processed_at=timezone.now())
    StoredFile.objects.filter(pk=stored.pk, status=StoredFile.Status.PROCESSING).update(**changes)
    return "ready"


def _refuse(stored: StoredFile, why: str) -> str:
    names = [f.name for f in (stored.file, stored.web, stored.thumbnail) if f.name]
    with transaction.atomic():
        StoredFile.objects.filter(pk=stored.pk).update(
            status=StoredFile.Status.REFUSED, refusal=why, processed_at=timezone.now()
        )
        for name in names:
            transaction.on_commit(lambda name=name: stored.file.storage.delete(name))
    log.warning("Stored file %s (%s) refused: %s", stored.pk, stored.name, why)
    return "refused"


@contextmanager
def _local_copy(stored: StoredFile):
    """A path to the bytes: the stored file itself on a local storage, a temporary copy from S3 and the like."""
    try:
        path = stored.file.path
    except NotImplementedError:
        path = None
    if path is not None:
        yield path
        return
    with tempfile.NamedTemporaryFile(suffix=f".{stored.extension}") as copy:
        with stored.file.storage.open(stored.file.name, "rb") as source:
            shutil.copyfileobj(source, copy, CHUNK)
        copy.flush()
        yield copy.name


def _reencode_picture(stored: StoredFile, path: str) -> dict:
    """Re-draws the picture from its pixels alone: EXIF (GPS, camera, owner), comments and anything appended are gone.

    The re-encoded picture replaces the upload, so its size and SHA-256 are what is served.
    """
    with Image.open(path) as original:
        original.load()
        picture = ImageOps.exif_transpose(original)
        icc = original.info.get("icc_profile")
    fmt = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}[stored.extension]
    if fmt == "JPEG" and picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGB")
    elif picture.mode not in ("RGB", "RGBA", "L", "LA"):
        picture = picture.convert("RGBA" if "A" in picture.getbands() or "transparency" in picture.info else "RGB")
    clean = _encoded(picture, fmt, icc)
    storage = stored.file.storage
    name = stored.file.name
    storage.delete(name)
    storage.save(name, ContentFile(clean))
    changes = {
        "size": len(clean),
        "sha256": _sha256(clean),
        "metadata": {"width": picture.width, "height": picture.height},
    }
    for field, bound in (("web", WEB_SIZE), ("thumbnail", THUMBNAIL_SIZE)):
        smaller = picture.copy()
        smaller.thumbnail((bound, bound))
        derived = f"{name}-{field}.webp"
        storage.delete(derived)
        changes[field] = storage.save(derived, ContentFile(_encoded(smaller, "WEBP", icc)))
    return changes


def _encoded(picture: Image.Image, fmt: str, icc) -> bytes:
    out = io.BytesIO()
    options = {"JPEG": {"quality": 88, "optimize": True}, "WEBP": {"quality": 85}, "PNG": {"optimize": True}}[fmt]
    if icc:
        options["icc_profile"] = icc
    picture.save(out, fmt, **options)
    return out.getvalue()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _media_metadata(path: str) -> dict:
    """Duration and codecs: from ffprobe (Debian's ffmpeg) when installed, else from mutagen."""
    if shutil.which("ffprobe"):
        probe = subprocess.run(
            ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", path],
            capture_output=True,
            timeout=FFPROBE_SECONDS,
            check=False,
        )
        if probe.returncode != 0:
            raise ValueError(f"ffprobe cannot read it: {probe.stderr[:200]!r}")
        return _from_ffprobe(json.loads(probe.stdout or b"{}"))
    found = mutagen.File(path)
    if found is None or not getattr(found.info, "length", 0):
        raise ValueError("mutagen finds no audio in it")
    info = found.info
    codec = getattr(info, "codec", "") or type(found).__name__.lower()
    return {"duration": round(float(info.length), 3), "codecs": [codec], "source": "mutagen"}


def _from_ffprobe(probe: dict) -> dict:
    streams = probe.get("streams") or []
    if not streams:
        raise ValueError("ffprobe found no streams")
    metadata = {
        "duration": round(float(probe.get("format", {}).get("duration") or 0), 3),
        "codecs": [s.get("codec_name", "") for s in streams if s.get("codec_type") in ("audio", "video")],
        "source": "ffprobe",
    }
    video = next((s for s in streams if s.get("codec_type") == "video"), None)
    if video:
        metadata.update(width=video.get("width"), height=video.get("height"))
    return metadata
