"""One error contract for the whole API: a JSON body that says why, with the right status."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from kernel.errors import (
    DraftChanged,
    Forbidden,
    InvalidArguments,
    NotVisible,
    RateLimited,
    ServiceError,
    StateConflict,
    TooLarge,
)

STATUS_OF = [
    (NotVisible, status.HTTP_404_NOT_FOUND),
    (Forbidden, status.HTTP_403_FORBIDDEN),
    (InvalidArguments, status.HTTP_400_BAD_REQUEST),
    (DraftChanged, status.HTTP_409_CONFLICT),
    (StateConflict, status.HTTP_409_CONFLICT),
    (TooLarge, status.HTTP_413_REQUEST_ENTITY_TOO_LARGE),
    (RateLimited, status.HTTP_429_TOO_MANY_REQUESTS),
]


def _service_error_response(exc: ServiceError, request) -> Response:
    code = next(code for cls, code in STATUS_OF if isinstance(exc, cls))
    if code == status.HTTP_403_FORBIDDEN and not request.user.is_authenticated:
        code = status.HTTP_401_UNAUTHORIZED
    body = {"detail": exc.message, "code": exc.code}
    if isinstance(exc, InvalidArguments):
        body["errors"] = exc.details
    elif exc.details:
        body.update(exc.details)
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimited) else None
    return Response(body, status=code, headers=headers)


def exception_handler(exc, context):
    """DRF's handler, plus our service errors, with `detail` and `code` in every body."""
    if isinstance(exc, ServiceError):
        return _service_error_response(exc, context["request"])
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        first_field, first_messages = next(iter(errors.items()), ("input", ["invalid"]))
        first = first_messages[0] if isinstance(first_messages, list) and first_messages else first_messages
        response.data = {"detail": f"{first_field}: {first}", "code": "invalid", "errors": errors}
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data["code"] = getattr(exc, "default_code", "error")
        if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
            response.data["retry_after"] = int(exc.wait) or 1
    return response
