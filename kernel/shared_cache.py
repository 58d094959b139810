"""Answers for anonymous readers: shared through the cache and revalidated by ETag, keyed by kernel.freshness.

Only a request with no credentials at all (no Authorization header, no logged-in session) is served
from or stored in the shared cache: anything personalised (a logged-in reader's own vote, drafts only
their role may see) is computed for them and marked `private`. A key holds the path with its query,
the language of the answer and the Accept header; the entry holds the stamps read before the answer
was built, and is served only while the stamps read now are the same. With Redis as the cache, the
stamps and the entry come in one MGET (kernel.freshness.read_along). Only 200 answers in JSON are
stored, so no page with a form token is ever shared. `serve` wraps a view (answers and 304s without
entering it); `shared_data` runs inside an API handler, after its throttle.
"""

import hashlib
import pickle
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language

from kernel import freshness

VARY = ("Accept", "Accept-Language", "Authorization", "Cookie")


def is_anonymous(request: HttpRequest) -> bool:
    """No credentials of any kind: the answer is the same for every such reader."""
    user = getattr(request, "user", None)
    return (
        "HTTP_AUTHORIZATION" not in request.META
        and not (user is not None and user.is_authenticated)
        # DRF's test client authenticates without a header or a session.
        and getattr(request, "_force_auth_user", None) is None
    )


def serve(request: HttpRequest, stamp_keys: list[str], build: Callable[[], HttpResponse]) -> HttpResponse:
    """The answer `build()` gives, from the shared cache or revalidated (304) when the reader is anonymous."""
    if request.method not in ("GET", "HEAD") or not is_anonymous(request) or not settings.RESPONSE_CACHE_SECONDS:
        response = build()
        if request.method in ("GET", "HEAD") and not is_anonymous(request):
            patch_cache_control(response, private=True)
        patch_vary_headers(response, VARY)
        return response
    identity = "|".join([request.get_full_path(), get_language() or "", request.META.get("HTTP_ACCEPT", "")])
    key = f"answer:{_digest(identity)}"
    current, kept = _kept(stamp_keys, key)
    etag = f'W/"{_digest(f"{identity}|{current.text}")}"'
    if _fresh_for(request, etag, current.changed_at):
        return _headers(HttpResponseNotModified(), etag, current.changed_at)
    if kept is not None:
        body, content_type = kept
        return _headers(HttpResponse(body, content_type=content_type), etag, current.changed_at)
    response = build()
    if hasattr(response, "render"):
        response.render()
    # Stored only when the API, too, saw nobody: an answer for a user is never shared.
    reader = (getattr(response, "renderer_context", None) or {}).get("request")
    if reader is not None and reader.user.is_authenticated:
        patch_cache_control(response, private=True)
        patch_vary_headers(response, VARY)
    elif response.status_code == 200 and response.get("Content-Type", "").startswith("application/json"):
        _keep(key, current.text, (response.content, response["Content-Type"]))
        _headers(response, etag, current.changed_at)
    else:
        patch_vary_headers(response, VARY)
    return response


def _fresh_for(request: HttpRequest, etag: str, changed_at) -> bool:
    """The reader's copy is current: its If-None-Match names this ETag (or, without one, If-Modified-Since is not older)."""
    if match := request.META.get("HTTP_IF_NONE_MATCH"):
        return etag.removeprefix("W/") in {tag.strip().removeprefix("W/") for tag in match.split(",")}
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return bool(since and changed_at and int(changed_at.timestamp()) <= since)


def _headers(response: HttpResponse, etag: str, changed_at) -> HttpResponse:
    response["ETag"] = etag
    if changed_at:
        response["Last-Modified"] = http_date(changed_at.timestamp())
    # Shared caches may keep it, but must ask again each time: the stamp answers in one cheap read.
    patch_cache_control(response, public=True, no_cache=True)
    patch_vary_headers(response, VARY)
    return response


def shared_data(request, stamp_keys: list[str], build: Callable[[], dict]) -> dict:
    """Inside an API handler (after its throttles and authentication): the plain data `build()` gives, shared
    with every anonymous reader of the same path and language until the stamps move on."""
    if request.user.is_authenticated or "HTTP_AUTHORIZATION" in request.META or not settings.RESPONSE_CACHE_SECONDS:
        return build()
    key = "data:" + _digest("|".join([request.get_full_path(), get_language() or ""]))
    current, data = _kept(stamp_keys, key)
    if data is None:
        data = build()
        _keep(key, current.text, data)
    return data


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _kept(stamp_keys: list[str], key: str) -> tuple[freshness.Stamps, object]:
    """The stamps now, and what the cache keeps under `key` if it was built under these same stamps."""
    if (client := freshness.shared_client()) is None:
        current, entry = freshness.stamps(*stamp_keys), cache.get(key)
    else:
        current, raw = freshness.read_along(client, stamp_keys, key)
        # Written by `_keep` below, into our own Redis, as Django's cache pickles its values.
        entry = pickle.loads(raw) if raw is not None else None
    if entry is not None and entry[0] == current.text:
        return current, entry[1]
    return current, None


def _keep(key: str, stamp: str, value: object) -> None:
    """Keeps `value`, built under `stamp`, for RESPONSE_CACHE_SECONDS (an entry built under other stamps is replaced)."""
    if (client := freshness.shared_client()) is None:
        cache.set(key, (stamp, value), settings.RESPONSE_CACHE_SECONDS)
    else:
        client.set(cache.make_key(key), pickle.dumps((stamp, value)), ex=settings.RESPONSE_CACHE_SECONDS)
