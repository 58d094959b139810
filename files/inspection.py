"""What an upload is, judged from its bytes, before anything is stored: refusals cost the uploader nothing.

Checks, in order: the extension is one we take here; the size is within the kind's limit; the
sniffed type (libmagic) is one the extension allows; no web page markup where a browser could
sniff it; no second file hidden in it (a zip after a picture or a PDF); office archives within
sane unpacked sizes; pictures decode and are not pixel bombs. Pictures are re-encoded later by
files.processing, so anything else hidden in them does not survive either.
"""

import hashlib
import re
import warnings
import zipfile
from dataclasses import dataclass

import magic
from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image

from files.kinds import TYPES, FileType, Kind, extensions_of, size_limit
from files.names import clean_name
from kernel.errors import InvalidArguments, TooLarge

SNIFF_BYTES = 1024 * 1024
# Browsers that ignore nosniff look at the first 512 bytes for markup; we look at more.
MARKUP_BYTES = 4096
_MARKUP = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed|meta)\b", re.I)
_TEXT_KINDS = {"txt", "csv", "rtf"}
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Inspection:
    name: str
    extension: str
    type: FileType
    size: int
    sha256: str


def inspect_upload(upload, *, kinds, field: str = "file") -> Inspection:
    """The upload's cleaned name, type, size and SHA-256, or InvalidArguments/TooLarge naming `field` and why."""
    name, extension = clean_name(getattr(upload, "name", "") or "")
    file_type = TYPES.get(extension)
    if file_type is None or file_type.kind not in kinds:
        raise InvalidArguments(
            {
                field: _("Files of this type are not accepted here. Accepted: %(list)s.")
                % {"list": ", ".join(extensions_of(kinds))}
            }
        )
    size = upload.size
    check_size(file_type, size)
    if size == 0:
        raise InvalidArguments({field: _("The file is empty.")})
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    sniffed = magic.from_buffer(head, mime=True)
    if sniffed not in file_type.sniffed:
        raise InvalidArguments(
            {
                field: _("The file's content (%(sniffed)s) is not what its name says (.%(extension)s).")
                % {"sniffed": sniffed, "extension": extension}
            }
        )
    if extension not in _TEXT_KINDS and _MARKUP.search(head[:MARKUP_BYTES]):
        raise InvalidArguments({field: _("The file holds web page markup; it is not accepted.")})
    upload.seek(0)
    if file_type.zip_marker:
        _check_office_archive(upload, file_type, extension, field)
    elif zipfile.is_zipfile(upload):
        raise InvalidArguments({field: _("The file has another file (an archive) hidden in it; it is not accepted.")})
    if file_type.kind == Kind.IMAGE:
        _check_picture(upload, file_type, field)
    return Inspection(name=name, extension=extension, type=file_type, size=size, sha256=_sha256(upload))


def check_size(file_type: FileType, size: int) -> None:
    """TooLarge (413) when `size` bytes are over the limit of the file type's kind."""
    limit = size_limit(file_type.kind)
    if size > limit:
        raise TooLarge(
            _("The file is too large: %(kind)s files may hold at most %(size)s.")
            % {"kind": file_type.kind.label, "size": _in_words(limit)},
        )


def _check_office_archive(upload, file_type: FileType, extension: str, field: str) -> None:
    """A real office document of the named format, whose parts unpack to a sane size (no zip bomb)."""
    upload.seek(0)
    refusal = _("The file is not a valid .%(extension)s document.") % {"extension": extension}
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        # NotImplementedError: a zip version or feature zipfile does not read (found by mutating a .docx).
        raise InvalidArguments({field: refusal}) from None
    names = {entry.filename for entry in entries}
    if file_type.zip_marker not in names:
        raise InvalidArguments({field: refusal})
    unpacked = sum(entry.file_size for entry in entries)
    packed = max(sum(entry.compress_size for entry in entries), 1)
    if (
        len(entries) > settings.FILE_ARCHIVE_MAX_ENTRIES
        or unpacked > settings.FILE_ARCHIVE_MAX_UNPACKED
        or unpacked > packed * settings.FILE_ARCHIVE_MAX_RATIO
    ):
        raise InvalidArguments(
            {
                field: _("The document unpacks to far more than its size (%(size)s); it is not accepted.")
                % {"size": _in_words(unpacked)}
            }
        )


# How each picture format ends: a file cut short is refused here, because WeasyPrint (loaded in the
# same process) switches Pillow to padding truncated pictures instead of failing on them.
_COMPLETE = {
    "image/jpeg": lambda data, size: b"\xff\xd9" in data[-64:],
    "image/png": lambda data, size: data.endswith(b"IEND\xaeB`\x82"),
    "image/webp": lambda data, size: int.from_bytes(data[4:8], "little") + 8 <= size,
}


def _check_picture(upload, file_type: FileType, field: str) -> None:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(max(upload.size - 64, 0))
    tail = upload.read(64)
    data = head if file_type.served_as == "image/webp" else tail
    if not _COMPLETE[file_type.served_as](data, upload.size):
        raise InvalidArguments({field: _("The picture is cut short; upload it again.")})
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
                if width * height > settings.FILE_IMAGE_MAX_PIXELS:
                    raise InvalidArguments({field: _("The picture has too many pixels.")})
                image.verify()
    except InvalidArguments:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InvalidArguments({field: _("The picture has too many pixels.")}) from None
    except Exception:
        # Pillow raises many kinds of error for broken pictures; each means the same to the uploader.
        raise InvalidArguments({field: _("The picture cannot be read.")}) from None


def _sha256(upload) -> str:
    upload.seek(0)
    digest = hashlib.sha256()
    while chunk := upload.read(CHUNK):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _in_words(n: int) -> str:
    """Decimal units, as the limits are set (20 MB is 20,000,000 bytes); small test limits in kB."""
    if n < 100_000:
        return f"{n / 1000:g} kB"
    return f"{n / 1_000_000:g} MB" if n % 1_000_000 == 0 else f"{n / 1_000_000:.1f} MB"
