"""Sending a hostile request and judging the answer: never a 500, JSON reasons from the API, no live markup."""

import json
import os
import traceback
from urllib.parse import quote, urlsplit

import pytest

from tests.security.corpus import XSS_MARKERS

ALLOWED = {200, 201, 204, 302, 400, 401, 403, 404, 405, 409, 413, 415, 429}
PROJECT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _short(frame) -> str:
    name = frame.filename
    name = name.split("site-packages/")[-1] if "site-packages/" in name else os.path.relpath(name, PROJECT)
    return f"{name}:{frame.lineno}"


def where(error: BaseException) -> str:
    """The deepest frame of the project's code, the deepest frame of a third-party app below it
    (not Django, DRF or the database driver), and the frame that raised."""
    frames = list(enumerate(traceback.extract_tb(error.__traceback__)))
    ours = [(i, f) for i, f in frames if "site-packages/" not in f.filename and "/tests/" not in f.filename]
    generic = ("django/", "rest_framework/", "psycopg/", "_pytest/", "pluggy/")
    apps = [(i, f) for i, f in frames if "site-packages/" in f.filename and not _short(f).startswith(generic)]
    parts = [_short(ours[-1][1])] if ours else ["(no frame of the project's code)"]
    if apps and (not ours or apps[-1][0] > ours[-1][0]):
        parts.append(f"via {_short(apps[-1][1])}")
    if frames:
        parts.append(f"raised in {_short(frames[-1][1])}")
    return " ".join(parts)


def send(client, method: str, path: str, body=None, content_type: str | None = None, **extra):
    """The response, or a test failure naming the exception that would have been a 500 and where."""
    try:
        if body is None:
            return client.generic(method, path, **extra)
        return client.generic(method, path, body, content_type=content_type, **extra)
    except Exception as error:  # noqa: BLE001 - every exception here is the 500 under test
        pytest.fail(f"500: {type(error).__name__}: {str(error)[:300]!r} at {where(error)}", pytrace=False)


def typed(value: str):
    """A base value for a JSON body: ids as numbers, the rest as strings."""
    return int(value) if value.isdigit() else value


def encode_form(pairs: dict) -> str:
    return "&".join(f"{quote(str(k), safe='')}={quote(str(v), safe='')}" for k, v in pairs.items())


def assert_sane(response, *, api: bool, refused: bool = False, expected: set | None = None):
    """No 500; an allowed status; 400 for refused input; an API error says why in JSON; no live markup."""
    status = response.status_code
    body = response.content.decode("utf-8", errors="replace") if not response.streaming else ""
    assert status != 500, f"500: {body[:300]}"
    assert status in (expected or ALLOWED), f"status {status}: {body[:300]}"
    if refused:
        assert status == 400, f"status {status}, not 400, for refused input: {body[:300]}"
    content_type = response.get("Content-Type", "")
    if api and status >= 400:
        if content_type.startswith("application/vnd.oai.openapi"):
            # The schema answers in the format asked for (YAML by default), its errors too.
            assert "detail" in body, body[:300]
        else:
            assert content_type.startswith("application/json"), f"{status} {content_type}: {body[:300]}"
            assert response.json().get("detail"), body[:300]
    if content_type.startswith("text/html"):
        for marker in XSS_MARKERS:
            assert marker not in body, f"unescaped {marker!r} in the page"
    if status == 302:
        assert_local(response["Location"])


def assert_local(location: str):
    """A redirect stays on this site: a path (absolute or relative), no scheme, no host, nothing
    that browsers read as a host (`//x`, `/\\x`, `\\x`), no control characters."""
    parts = urlsplit(location)
    assert not parts.scheme and not parts.netloc, f"off-site redirect to {location!r}"
    assert not location.startswith(("//", "/\\", "\\")), f"redirect to {location!r}"
    assert not any(c in location for c in "\r\n\t\x00"), f"redirect to {location!r}"


def build_field_request(endpoint, field: str, value, ids: dict) -> tuple[str, str | None, str | None]:
    """(path, body, content type) with the hostile value in `field` and valid values in the others."""
    path = endpoint.path.format(**ids)
    base = {k: str(v).format(**ids) for k, v in endpoint.base.items() if k != field}
    if endpoint.encoding == "json":
        raw = value.as_json()
        if endpoint.fields[field] == "ints" and not value.name.startswith("type_"):
            raw = f"[{raw}]"
        members = [f"{json.dumps(k)}: {json.dumps(typed(v))}" for k, v in base.items()] + [f'"{field}": {raw}']
        return path, "{" + ", ".join(members) + "}", "application/json"
    form = encode_form(base)
    form = f"{form}&{field}={value.as_form()}" if form else f"{field}={value.as_form()}"
    if endpoint.encoding == "query":
        return f"{path}?{form}", None, None
    return path, form, "application/x-www-form-urlencoded"


def run_field_case(client_as, ids: dict, endpoint, field: str, value):
    """Sends the hostile value in the field, valid values in the others, as the endpoint's user."""
    path, body, content_type = build_field_request(endpoint, field, value, ids)
    client = client_as(endpoint.user, api=endpoint.api)
    response = send(client, endpoint.method, path, body, content_type)
    assert_sane(response, api=endpoint.api, refused=value.refused)
