"""Service refusals shown to people: the same reasons as the API, as a message on the page."""

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from kernel.errors import InvalidArguments, NotVisible, ServiceError


def refusal_text(error: ServiceError) -> str:
    """One sentence a person understands; field errors joined."""
    if isinstance(error, InvalidArguments) and error.details:
        return " ".join(message for messages_ in error.details.values() for message in messages_)
    return error.message


def acting(view):
    """A POST handler that redirects back with the outcome; hidden things stay 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotVisible:
            raise Http404 from None
        except ServiceError as error:
            messages.error(request, refusal_text(error))
            return redirect(safe_next(request, safe_referer(request)))

    return wrapper


def _is_local_path(target: str) -> bool:
    # A path of this site only: no scheme, no host, no "//evil" or "\\evil" that browsers read as a host.
    return (
        target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(target, allowed_hosts=None)
    )


def safe_next(request, fallback: str) -> str:
    """The form's `next` when it is a path on this site, the fallback otherwise (never another site)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if _is_local_path(target) else fallback


def safe_referer(request) -> str:
    """The page the form was on, when it is ours; the home page otherwise."""
    referer = request.META.get("HTTP_REFERER", "")
    host = request.get_host()
    for prefix in (f"http://{host}", f"https://{host}"):
        if referer.startswith(prefix + "/"):
            path = referer[len(prefix) :]
            return path if _is_local_path(path) else "/"
    return "/"
