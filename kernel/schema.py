"""The OpenAPI schema tells the whole truth: every refusal an operation can give, with its body, and
every input limit, so that clients (and schemathesis, tests/api/test_schemathesis.py) can rely on it.

Views declare their successes; the refusals follow from what the view is (authenticated, paginated,
with path ids, with a body, throttled), and a view adds the rare one that does not with `refusals()`.
"""

from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import ScopedRateThrottle

from kernel.integers import MAX_ID
from kernel.states import State
from kernel.strict_input import StrictInputSerializer
from kernel.text import BIDI_CONTROLS, CONTROL_CHARACTERS

REFUSALS = {
    400: "The request is malformed or a field breaks its rule: `errors` names each field and why.",
    401: "Not logged in, or the token is invalid or has expired.",
    403: "Logged in, but not allowed to do this.",
    404: "Nothing here that you can see.",
    409: "Not possible in the current state: `reasons`, `status` or `duplicate_of` say why.",
    413: "The body is larger than the server accepts.",
    415: "The body is not JSON, a URL-encoded form or multipart.",
    429: "Too many requests: wait `Retry-After` seconds.",
    503: "Being prepared: ask again after `Retry-After` seconds (`retry_after`).",
}

# Text with these characters is refused everywhere (kernel.text); each regex is one character class.
_REFUSED = (CONTROL_CHARACTERS.pattern[1:-1] + BIDI_CONTROLS.pattern[1:-1]).encode("ascii", "backslashreplace")
_REFUSED = _REFUSED.decode().replace(r"\x", r"\u00")
# Lookaheads only, so that tools cannot fold maxLength into the pattern (schemathesis would compile
# `{0,2000000}`, which takes seconds, or narrow "contains a non-space" into "only non-spaces").
TEXT_PATTERN = rf"^(?![\s\S]*[{_REFUSED}])"
# Trimmed and not blank: besides, at least one character that is not white space.
NOT_BLANK_TEXT_PATTERN = rf"^(?![\s\S]*[{_REFUSED}])(?=[\s\S]*\S)"


class ErrorSerializer(serializers.Serializer):
    """Every refusal (config.api_errors): why in words, a stable code, and what to fix."""

    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False, help_text="400: field -> reasons"
    )
    reasons = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="409: every unmet condition of a transition"
    )
    status = serializers.ChoiceField(choices=State.choices, required=False, help_text="409: the draft's state now")
    duplicate_of = serializers.IntegerField(required=False, help_text="409: your earlier identical comment")
    retry_after = serializers.IntegerField(required=False, help_text="429: seconds to wait")


def refusals(*statuses: int) -> dict:
    """Responses for `extend_schema(responses=...)`, for a refusal the rules of AutoSchema do not foresee."""
    return {status: OpenApiResponse(ErrorSerializer, description=REFUSALS[status]) for status in statuses}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, plus the refusals of each operation and the limits of its input."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation["responses"]
        for status in sorted(self._refusal_statuses(operation)):
            if str(status) not in responses:
                responses[str(status)] = self._get_response_for_code(
                    refusals(status)[status], str(status), media_types=["application/json"]
                )
        if self.method == "PATCH" and "requestBody" in operation:
            operation["requestBody"]["required"] = True  # a change that changes nothing is refused
        for waiting in ("429", "503"):
            if waiting in responses:
                responses[waiting]["headers"] = {
                    "Retry-After": {"schema": {"type": "integer"}, "description": "seconds to wait"}
                }
        return operation

    def _refusal_statuses(self, operation) -> set[int]:
        # Any request can be malformed (a control character in the query, a bad Content-Length).
        statuses = {400}
        unsafe = self.method not in SAFE_METHODS
        if self.view.get_authenticators():
            # An invalid or expired token is refused before anything else; unsafe methods are refused
            # to the wrong person (and to a session without its CSRF token).
            statuses |= {401, 403} if unsafe else {401}
        has_path_ids = any(parameter["in"] == "path" for parameter in operation.get("parameters", []))
        if has_path_ids or (self._is_list_view() and self._get_paginator()):
            statuses.add(404)
        if unsafe and has_path_ids:
            # The object's state decides what may be done to it.
            statuses.add(409)
        if "requestBody" in operation:
            statuses |= {413, 415}
        if any(self._throttles(throttle) for throttle in self.view.get_throttles()):
            statuses.add(429)
        return statuses

    def _throttles(self, throttle) -> bool:
        return not isinstance(throttle, ScopedRateThrottle) or getattr(self.view, "throttle_scope", None) is not None

    def _resolve_path_parameters(self, variables):
        parameters = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            if parameter["schema"].get("type") == "integer":
                parameter["schema"].update(minimum=1, maximum=MAX_ID)
        return parameters

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction != "request" or schema is None:
            return schema
        if isinstance(field, serializers.CharField):
            not_blank = not field.allow_blank and field.trim_whitespace
            schema.setdefault("pattern", NOT_BLANK_TEXT_PATTERN if not_blank else TEXT_PATTERN)
        elif isinstance(field, serializers.PrimaryKeyRelatedField) and schema.get("type") == "integer":
            schema.update(minimum=1, maximum=MAX_ID)
        return schema

    def _insert_field_validators(self, field, schema):
        # TEXT_PATTERN matches the empty string already; left in place, it would make drf-spectacular
        # add a `oneOf` with an empty-string branch, and then "" would match both branches (invalid).
        pattern = schema.pop("pattern") if schema.get("pattern") == TEXT_PATTERN else None
        super()._insert_field_validators(field, schema)
        if pattern:
            schema["pattern"] = pattern

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "request" and isinstance(serializer, StrictInputSerializer):
            schema["additionalProperties"] = False
            if self.method == "PATCH":
                schema["minProperties"] = 1
        return schema
