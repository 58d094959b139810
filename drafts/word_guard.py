"""Whether an uploaded Word document may be read at all, judged before any of its XML is parsed.

files.inspection has already judged the bytes (type, size, archive ratio); a document whose text
we are about to read gets more: no part larger than we would ever read, no declared size the
bytes exceed, no DTD in any XML part (so no entity can expand or point outside), no macros or
ActiveX, no relationship that would make Word fetch something (an attached template, a linked
picture or frame; hyperlinks stay: they are text a reader may follow, never fetched by us), no field
that makes Word pull data in or run a program (DDE, INCLUDETEXT, ...). Each refusal says why.
"""

import re
import zipfile
import zlib

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException
from django.conf import settings
from django.utils.translation import gettext as _

from files.inspection import Inspection, inspect_upload
from files.kinds import Kind
from files.names import clean_name
from kernel.errors import InvalidArguments, TooLarge

# The most entries a Word document of ours may hold, and the most bytes its XML may unpack to:
# 1,500 pages of text are 4 to 15 MB of WordprocessingML, which reads in a few seconds; these
# bounds keep the worst document a drafter can send to about half a minute of reading.
MAX_ENTRIES = 2_000
MAX_XML_BYTES = 60 * 1000 * 1000
MAX_PART_BYTES = 50 * 1000 * 1000

_MACRO_TYPES = ("macroenabled", "vbaproject", "vbadata", "activex")
_MACRO_PARTS = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml|activeX/)", re.I)
_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Fields Word evaluates by reaching outside the document: another program (DDE), a file or address.
DANGEROUS_FIELD = re.compile(r"^\s*(DDE|DDEAUTO|INCLUDETEXT|INCLUDEPICTURE|INCLUDE|LINK|IMPORT)\b", re.I)


def _refuse(field: str, reason: str):
    return InvalidArguments({field: reason})


def check_word_document(upload, *, field: str = "file") -> Inspection:
    """The upload's inspection, or InvalidArguments/TooLarge naming `field` and why it cannot be read."""
    name, extension = clean_name(getattr(upload, "name", "") or "")
    if extension in ("docm", "dotm"):
        raise _refuse(field, _("Macro-enabled Word documents are not accepted; save it as a Word document (.docx)."))
    if extension != "docx":
        raise _refuse(
            field,
            _("Upload a Word document (.docx); %(name)s is not one. Save older .doc files as .docx first.")
            % {"name": name or "?"},
        )
    inspection = inspect_upload(upload, kinds={Kind.DOCUMENT}, field=field)
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            small = _check_parts(archive, field)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError, zlib.error):
        raise _refuse(field, _("The file is not a valid Word document.")) from None
    except RuntimeError:
        # zipfile's word for a part encrypted with a password.
        raise _refuse(field, _("The document is protected with a password; save it without one.")) from None
    finally:
        upload.seek(0)
    _check_content_types(small, field)
    _check_relationships(small, field)
    return inspection


def _check_parts(archive: zipfile.ZipFile, field: str) -> dict[str, bytes]:
    """Every part within bounds and every XML part without a DTD; the package's own small parts, read."""
    entries = [e for e in archive.infolist() if not e.is_dir()]
    if len(entries) > MAX_ENTRIES:
        raise _refuse(field, _("The document holds too many parts (%(n)d); it is not accepted.") % {"n": len(entries)})
    names = {e.filename for e in entries}
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise _refuse(field, _("The file is not a valid Word document."))
    if any(_MACRO_PARTS.search(n) for n in names):
        raise _refuse(field, _("The document contains macros or ActiveX controls; save it without them (.docx)."))
    ratio = settings.FILE_ARCHIVE_MAX_RATIO
    total, small = 0, {}
    for entry in entries:
        if entry.file_size > MAX_PART_BYTES:
            raise TooLarge(
                _("A part of the document unpacks to more than we read (%(n)d MB).") % {"n": MAX_PART_BYTES // 10**6}
            )
        # A part that packs far better than any real document does is a bomb, whatever the whole archive says.
        if entry.file_size > 1_000_000 and entry.file_size > max(entry.compress_size, 1) * ratio:
            raise _refuse(field, _("A part of the document unpacks to far more than its size; it is not accepted."))
        # zipfile never reads past a part's declared size, and checks it against the bytes at the end.
        with archive.open(entry) as stream:
            head = stream.read(64)
        if not _looks_like_xml(head):
            continue
        total += entry.file_size
        if total > MAX_XML_BYTES:
            raise TooLarge(
                _("The document's text unpacks to more than we read (%(n)d MB).") % {"n": MAX_XML_BYTES // 10**6}
            )
        with archive.open(entry) as stream:
            _check_prolog(stream, entry.filename, field)
        if entry.filename == "[Content_Types].xml" or entry.filename.endswith(".rels"):
            small[entry.filename] = archive.read(entry)
    return small


def _looks_like_xml(head: bytes) -> bool:
    """Whether a parser would read these bytes as XML (whatever the part's name): python-docx goes by content type."""
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        head = head.removeprefix(bom)
    head = head.replace(b"\0", b"").lstrip()
    return head.startswith(b"<")


def _check_prolog(stream, name: str, field: str) -> None:
    """No DTD before the root element: without one, no entity can be declared, expanded or fetched.

    The expat parser of defusedxml stops at the first DTD; only the prolog is read here. The part
    itself is parsed later by python-docx's parser, which neither resolves entities nor reaches
    the network, and finds no DTD to obey.
    """
    try:
        for _event, _element in safe_xml.iterparse(_Pieces(stream), events=("start",), forbid_dtd=True):
            return
    except DefusedXmlException:
        raise _refuse(
            field,
            _(
                "The document's XML declares a DTD or entities (%(part)s); Word never writes them, so it is not accepted."
            )
            % {"part": name},
        ) from None
    except (safe_xml.ParseError, ValueError, UnicodeError):
        raise _refuse(field, _("The document's XML is broken (%(part)s).") % {"part": name}) from None


class _Pieces:
    """A stream read in small pieces, so that iterparse stops soon after the root element starts."""

    def __init__(self, stream):
        self.stream = stream

    def read(self, size: int = -1) -> bytes:
        return self.stream.read(16384 if size is None or size < 0 else min(size, 16384))


def _parse(data: bytes, name: str, field: str):
    try:
        return safe_xml.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise _refuse(field, _("The document's XML declares a DTD or entities (%(part)s).") % {"part": name}) from None
    except (safe_xml.ParseError, ValueError, UnicodeError):
        raise _refuse(field, _("The document's XML is broken (%(part)s).") % {"part": name}) from None


def _check_content_types(parts: dict[str, bytes], field: str) -> None:
    types = _parse(parts["[Content_Types].xml"], "[Content_Types].xml", field)
    for element in types.iter():
        content_type = (element.get("ContentType") or "").lower()
        if any(marker in content_type for marker in _MACRO_TYPES):
            raise _refuse(field, _("The document contains macros or ActiveX controls; save it without them (.docx)."))


def _check_relationships(parts: dict[str, bytes], field: str) -> None:
    for name, data in parts.items():
        if not name.endswith(".rels"):
            continue
        for relationship in _parse(data, name, field).iter(f"{_RELS_NS}Relationship"):
            kind = relationship.get("Type") or ""
            if (relationship.get("TargetMode") or "").lower() == "external" and kind != _HYPERLINK:
                raise _refuse(
                    field,
                    _(
                        "The document refers to something outside it (%(kind)s: %(target)s) that Word would fetch; "
                        "remove the link (an attached template, a linked picture) and upload it again."
                    )
                    % {"kind": kind.rsplit("/", 1)[-1], "target": (relationship.get("Target") or "")[:100]},
                )
