"""Input no honest client sends, refused at the door with a clear reason instead of a 500.

Control characters (PostgreSQL cannot store NUL in text), bidirectional controls (they make a
title print reversed in the official PDF), JSON nested past any real document, and bodies over
the size limit. The same rules hold for pages and API, on both databases.
"""

import json
import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from kernel.text import text_refusal


def _first_refusal(items) -> tuple[str, str] | None:
    for name, value in items:
        for text in (name, value):
            if isinstance(text, str) and (reason := text_refusal(text)):
                return name, reason
    return None


def _refuse(request, status: int, field: str, reason: str):
    if request.path.startswith("/api/"):
        body = {
            "detail": f"{field}: {reason}" if field else reason,
            "code": "invalid" if status == 400 else "too_large",
        }
        if status == 400:
            body["errors"] = {field: [reason]}
        return JsonResponse(body, status=status)
    return render(request, "refusal.html", {"message": reason}, status=status)


def too_large_reason(limit: int | None = None) -> str:
    return _("The request is too large: at most %(n)d bytes.") % {"n": limit or settings.DATA_UPLOAD_MAX_MEMORY_SIZE}


class HostileInputMiddleware:
    """Refuses oversized bodies (413) and query or form fields with control or bidi characters (400)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not length.isdigit():
            return _refuse(request, 400, "", _("The Content-Length header is not a number."))
        limit = _body_limit(request)
        if int(length) > limit and not _is_multipart(request):
            return _refuse(request, 413, "", too_large_reason(limit))
        try:
            fields = [*request.GET.lists(), *(request.POST.lists() if request.method == "POST" else [])]
        except RequestDataTooBig:
            return _refuse(request, 413, "", too_large_reason())
        except TooManyFieldsSent:
            return _refuse(request, 400, "", _("The request has too many fields."))
        except TooManyFilesSent:
            return _refuse(request, 400, "", _("The request has too many files."))
        except MultiPartParserError:
            return _refuse(request, 400, "", _("The multipart body is malformed (is its boundary missing?)."))
        refusal = _first_refusal((name, value) for name, values in fields for value in values)
        if refusal:
            return _refuse(request, 400, *refusal)
        return self.get_response(request)


# A chunk of a chunked upload (files.chunked) is a raw body as large as a chunk, read as a stream.
_UPLOAD_CHUNK = re.compile(r"^/api/v1/uploads/\d+/$")


def _body_limit(request) -> int:
    if request.method == "PUT" and _UPLOAD_CHUNK.match(request.path_info):
        return max(settings.FILE_UPLOAD_CHUNK_BYTES, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def _is_multipart(request) -> bool:
    return request.META.get("CONTENT_TYPE", "").startswith("multipart/")


def _depth_exceeds(text: str, limit: int) -> bool:
    """True when brackets outside strings nest deeper than the limit (checked before parsing,
    since the parser itself recurses and would fail on thousands of levels)."""
    depth, in_string, escaped = 0, False, False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _strings(value):
    if isinstance(value, str):
        yield value, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key, key
            for _name, text in _strings(item):
                yield key, text
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


class BoundedJSONParser(JSONParser):
    """JSON with a nesting limit and the same text rules as forms; refusals are 400 with a reason."""

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ParseError(_("The body is not UTF-8 encoded JSON.")) from None
        if _depth_exceeds(text, settings.JSON_MAX_DEPTH):
            raise ParseError(
                _("The JSON is nested deeper than %(n)d levels; no request of this API needs that.")
                % {"n": settings.JSON_MAX_DEPTH}
            )
        try:
            data = json.loads(text, parse_constant=_refuse_constant) if text.strip() else {}
        except ValueError as error:
            raise ParseError(_("The body is not valid JSON: %(error)s") % {"error": error}) from None
        for field, value in _strings(data):
            if reason := text_refusal(value):
                raise ParseError(f"{field}: {reason}")
        return data


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")
