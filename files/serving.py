"""Sending a stored file to a reader its owner has already checked: ranges, safe headers, the proxy or the store.

Documents always go out as downloads; pictures, audio and video inline with the type we sniffed,
never the uploader's. Every answer says nosniff and carries a sandboxing CSP, so that even a
file a browser would try to render runs no script on our origin. Audio and video answer byte
ranges with 206, so that players can seek. Behind nginx (X_ACCEL_REDIRECT_PREFIX) nginx sends
the bytes, ranges included; on a store with no local path (S3) the reader is sent to a
short-lived signed address that carries the same disposition and type.
"""

import re
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from files.inspection import CHUNK
from files.models import StoredFile
from kernel.errors import NotVisible, StateConflict

VARIANTS = ("file", "web", "thumbnail")
SANDBOX = "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'"
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def stored_file_response(request, stored: StoredFile, *, variant: str = "file", public: bool = False):
    """The bytes of a READY file (or its web size or thumbnail), after the caller's permission check."""
    if stored.status == StoredFile.Status.PROCESSING:
        raise StateConflict(_("The file is still being checked; try again in a minute."))
    if stored.status != StoredFile.Status.READY:
        raise NotVisible(_("No such file."))
    field = getattr(stored, variant) if variant in VARIANTS else None
    if not field:
        raise NotVisible(_("No such file."))
    content_type = stored.content_type if variant == "file" else "image/webp"
    inline = stored.shows_inline()
    etag = f'"{stored.sha256}-{variant}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    elif _is_remote(field):
        response = HttpResponseRedirect(_signed_url(field, content_type, stored.name, inline))
    elif settings.X_ACCEL_REDIRECT_PREFIX:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.X_ACCEL_REDIRECT_PREFIX.rstrip("/") + "/" + quote(field.name)
    else:
        response = _local_response(request, field, content_type, etag)
    response["ETag"] = etag
    response["Content-Disposition"] = content_disposition_header(not inline, stored.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-cache"
    return response


def _local_response(request, field, content_type: str, etag: str):
    size = field.size
    wanted = _wanted_range(request, size, etag)
    opened = field.open("rb")
    if wanted is None:
        response = FileResponse(opened, content_type=content_type)
    elif wanted == "unsatisfiable":
        opened.close()
        response = HttpResponse(status=416, content_type="text/plain")
        response["Content-Range"] = f"bytes */{size}"
    else:
        start, end = wanted
        response = StreamingHttpResponse(_slice(opened, start, end), status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    return response


def _wanted_range(request, size: int, etag: str):
    """(first, last) byte asked for, "unsatisfiable", or None for the whole file (no Range, several ranges, a stale If-Range)."""
    header = request.headers.get("Range", "")
    if not header or request.headers.get("If-Range", etag) != etag:
        return None
    match = _RANGE.match(header.replace(" ", ""))
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":
        suffix = int(last)
        if suffix == 0:
            return "unsatisfiable"
        return max(size - suffix, 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size:
        return "unsatisfiable"
    if end < start:
        return None
    return start, end


def _slice(opened, start: int, end: int):
    with opened:
        opened.seek(start)
        left = end - start + 1
        while left > 0:
            chunk = opened.read(min(CHUNK, left))
            if not chunk:
                return
            left -= len(chunk)
            yield chunk


def _is_remote(field) -> bool:
    """A store without local paths (S3 and the like): Django's storage API says so by refusing `path`."""
    try:
        return not field.path
    except NotImplementedError:
        return True


def _signed_url(field, content_type: str, name: str, inline: bool) -> str:
    """A few minutes' address on the store (django-storages' S3 signs it) with our disposition and type."""
    parameters = {
        "ResponseContentDisposition": content_disposition_header(not inline, name),
        "ResponseContentType": content_type,
    }
    return field.storage.url(field.name, parameters=parameters, expire=settings.FILE_SIGNED_URL_SECONDS)
