"""The files we take: each extension's kind, the content types its bytes may sniff as, and what we serve it as.

An upload is accepted only when its extension is listed, the sniffed type of its bytes is one
the extension allows, and its kind is one the place it is uploaded to takes. The served type is
ours, never the client's claim or libmagic's spelling.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    DOCUMENT = "document", _("document")
    IMAGE = "image", _("image")
    AUDIO = "audio", _("audio")
    VIDEO = "video", _("video")


@dataclass(frozen=True)
class FileType:
    kind: Kind
    served_as: str
    # libmagic's names for such bytes (it spells some types several ways across versions).
    sniffed: frozenset[str]
    # Zip-based office formats: an entry the archive must hold to be this format.
    zip_marker: str = ""


_OOXML = "application/vnd.openxmlformats-officedocument."
_ODF = "application/vnd.oasis.opendocument."
_OLE = frozenset({"application/msword", "application/vnd.ms-excel", "application/vnd.ms-office", "application/CDFV2"})


def _zipped(served_as: str, marker: str) -> FileType:
    return FileType(Kind.DOCUMENT, served_as, frozenset({served_as, "application/zip"}), zip_marker=marker)


TYPES: dict[str, FileType] = {
    "pdf": FileType(Kind.DOCUMENT, "application/pdf", frozenset({"application/pdf"})),
    "docx": _zipped(_OOXML + "wordprocessingml.document", "word/document.xml"),
    "xlsx": _zipped(_OOXML + "spreadsheetml.sheet", "xl/workbook.xml"),
    "pptx": _zipped(_OOXML + "presentationml.presentation", "ppt/presentation.xml"),
    "odt": _zipped(_ODF + "text", "content.xml"),
    "ods": _zipped(_ODF + "spreadsheet", "content.xml"),
    "odp": _zipped(_ODF + "presentation", "content.xml"),
    "doc": FileType(Kind.DOCUMENT, "application/msword", _OLE),
    "xls": FileType(Kind.DOCUMENT, "application/vnd.ms-excel", _OLE),
    "rtf": FileType(Kind.DOCUMENT, "application/rtf", frozenset({"text/rtf", "application/rtf"})),
    "txt": FileType(Kind.DOCUMENT, "text/plain; charset=utf-8", frozenset({"text/plain"})),
    "csv": FileType(Kind.DOCUMENT, "text/csv; charset=utf-8", frozenset({"text/csv", "text/plain", "application/csv"})),
    "jpg": FileType(Kind.IMAGE, "image/jpeg", frozenset({"image/jpeg"})),
    "jpeg": FileType(Kind.IMAGE, "image/jpeg", frozenset({"image/jpeg"})),
    "png": FileType(Kind.IMAGE, "image/png", frozenset({"image/png"})),
    "webp": FileType(Kind.IMAGE, "image/webp", frozenset({"image/webp"})),
    "mp3": FileType(Kind.AUDIO, "audio/mpeg", frozenset({"audio/mpeg", "audio/mp3"})),
    "m4a": FileType(Kind.AUDIO, "audio/mp4", frozenset({"audio/mp4", "audio/x-m4a", "video/mp4"})),
    "ogg": FileType(Kind.AUDIO, "audio/ogg", frozenset({"audio/ogg", "application/ogg"})),
    "oga": FileType(Kind.AUDIO, "audio/ogg", frozenset({"audio/ogg", "application/ogg"})),
    "opus": FileType(Kind.AUDIO, "audio/ogg", frozenset({"audio/ogg", "application/ogg"})),
    "wav": FileType(Kind.AUDIO, "audio/wav", frozenset({"audio/x-wav", "audio/wav", "audio/vnd.wave"})),
    "flac": FileType(Kind.AUDIO, "audio/flac", frozenset({"audio/flac", "audio/x-flac"})),
    "mp4": FileType(Kind.VIDEO, "video/mp4", frozenset({"video/mp4", "video/iso.segment"})),
    "webm": FileType(Kind.VIDEO, "video/webm", frozenset({"video/webm"})),
    "ogv": FileType(Kind.VIDEO, "video/ogg", frozenset({"video/ogg", "application/ogg"})),
}

# Shown in the page inline (pictures, players); everything else is a download (Content-Disposition: attachment),
# so that no document we store is ever rendered from the site's origin.
INLINE_KINDS = frozenset({Kind.IMAGE, Kind.AUDIO, Kind.VIDEO})


def size_limit(kind: str) -> int:
    """Bytes an upload of this kind may hold (FILE_LIMITS, configurable)."""
    return settings.FILE_LIMITS[kind]


def extensions_of(kinds) -> list[str]:
    """The extensions a place taking these kinds accepts, for messages and the file picker."""
    return sorted(ext for ext, t in TYPES.items() if t.kind in kinds)
