"""The API's scoped throttles, applied to pages too, so a page is no cheaper way in than the API."""

from functools import wraps

from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework.throttling import ScopedRateThrottle


class _Scoped:
    def __init__(self, scope: str):
        self.throttle_scope = scope


def throttled_page(scope: str, methods: tuple[str, ...] = ("GET", "POST")):
    """Answers 429 with Retry-After once the caller (user, or address when anonymous) passes the scope's rate."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods:
                throttle = ScopedRateThrottle()
                if not throttle.allow_request(request, _Scoped(scope)):
                    wait = int(throttle.wait() or 1)
                    response = render(
                        request,
                        "refusal.html",
                        {"message": _("Too many requests; try again in %(s)d seconds.") % {"s": wait}},
                        status=429,
                    )
                    response["Retry-After"] = str(wait)
                    return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
