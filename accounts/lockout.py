"""What a locked-out login sees, and whose address counts as the client's."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    return _("Too many wrong passwords for this user name; try again in %(m)d minutes or reset the password.") % {
        "m": minutes
    }


def lockout_response(request, *args, **kwargs):
    """429 with Retry-After: JSON for the API, the refusal page for the pages and the admin."""
    retry_after = str(int(settings.AXES_COOLOFF_TIME * 3600))
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": lockout_message(), "code": "throttled"}, status=429)
    else:
        response = render(request, "refusal.html", {"message": lockout_message()}, status=429)
    response["Retry-After"] = retry_after
    return response


def client_address(request) -> str:
    """REMOTE_ADDR, or behind PROXY_COUNT proxies the address the outermost of them saw."""
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if settings.PROXY_COUNT and len(forwarded) >= settings.PROXY_COUNT:
        return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR", "")


def attempted_username(request, credentials) -> str:
    """The user name a failed login tried, cut to what a user name can be (axes stores it)."""
    return str((credentials or {}).get("username") or getattr(request, "POST", {}).get("username", ""))[:150]
