"""Service refusals shown to people: the same reasons as the API, as a message on the page."""

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect

from workflow.errors import InvalidArguments, NotVisible, ServiceError


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
            return redirect(request.POST.get("next") or request.META.get("HTTP_REFERER") or "/")

    return wrapper
