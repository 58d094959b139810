"""The API does what its OpenAPI schema says, for every role: schemathesis with all its checks,
against the app in-process, on the demo world.

Each generated request (each sequence, in test_stateful) runs in a savepoint that is rolled back, so
every request meets the same world (Hypothesis needs that to shrink a failure) and the world is
intact for the next test. Examples are few and derandomized: the module takes one to one and a half
minutes (SQLite, PostgreSQL) and finds the same things on every run.
"""

import pytest
import schemathesis
import urllib3
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, settings
from schemathesis.transport.wsgi import WSGI_TRANSPORT, multipart_serializer

from accounts.services import api_token_issue

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "citizen", "drafter", "moderator", "approver"]

# Fields whose validity depends on what exists and on the draft's state, which a schema cannot
# state: a request valid by the schema may be refused with 400 when its `errors` name only these.
# Anything else refused with 400 is a limit the schema fails to document.
RULES_BEYOND_THE_SCHEMA = {
    # Credentials of an active user; the password is checked, not its shape.
    "POST /api/v1/auth/token/": {"non_field_errors"},
    # Ids of an existing act type, issuing body, active drafters; a file that is a readable Word document.
    "POST /api/v1/drafts/": {"act_type", "issuing_body", "drafters", "file"},
    "PATCH /api/v1/drafts/{draft_id}/": {"act_type", "issuing_body", "drafters", "file"},
    # A group that exists (and, to remove it, is assigned).
    "POST /api/v1/drafts/{draft_id}/expert-groups/": {"group"},
    "DELETE /api/v1/drafts/{draft_id}/expert-groups/{group_id}/": {"group"},
    # What each transition needs (GET transitions/ lists it): a reason, a deadline far enough ahead,
    # the number and date of approval.
    "POST /api/v1/drafts/{draft_id}/transitions/{name}/": {"reason", "discussion_ends_at", "number", "approved_on"},
    # An article of the current version, a group the expert belongs to; files whose bytes are what their names say;
    # a moderator's entry on someone's behalf names the person and a channel other than the web.
    # Who is speaking: an organisation's name for any respondent but an individual, and none for an individual.
    "POST /api/v1/drafts/{draft_id}/comments/": {
        "article",
        "group",
        "files",
        "channel",
        "submitted_for",
        "organisation",
    },
    "POST /api/v1/comments/{comment_id}/replies/": {"organisation"},
    # A file whose bytes are what its name says and its kind takes, or an upload of yours waiting to be attached.
    "POST /api/v1/drafts/{draft_id}/attachments/": {"file", "file_id"},
    "POST /api/v1/drafts/{draft_id}/conclusions/": {"group"},
    # A rejection needs its reason.
    "POST /api/v1/comments/{comment_id}/moderation/": {"reason"},
    "POST /api/v1/comments/moderation/": {"reason"},
    # An article of the draft's current version.
    "PATCH /api/v1/comments/{comment_id}/": {"article"},
    # A survey's questions: options only for choice kinds (2-12, distinct), texts in the interface languages;
    # answers name the survey's own questions, each in its kind's shape, the required ones all answered.
    "PUT /api/v1/drafts/{draft_id}/survey/": {"questions", "titles"},
    "POST /api/v1/drafts/{draft_id}/survey/answers/": {"answers"},
    # A cursor the open-data export gave for this file (opaque).
    "GET /api/v1/export/{name}.{file_format}": {"cursor"},
}


@schemathesis.check
def positive_data_refused_only_for_rules_beyond_the_schema(ctx, response, case):
    """Schemathesis' positive_data_acceptance, except for the refusals above: a 400 to valid data must
    name only fields whose rules the schema cannot state."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 400:
        return None
    errors = set(response.json().get("errors") or {})
    allowed = RULES_BEYOND_THE_SCHEMA.get(case.operation.label, set())
    if not errors or not errors <= allowed:
        raise AssertionError(f"Schema-valid request refused for {sorted(errors - allowed) or 'no field'}")
    return None


@WSGI_TRANSPORT.serializer("multipart/form-data")
def multipart(ctx, value):
    """Werkzeug's test client encodes an empty field without its line break, and the field vanishes
    (an empty title would look absent); encode the parts as a real client does."""
    encoded = multipart_serializer(ctx, value)
    if not isinstance(encoded.get("data"), dict):
        return encoded
    fields = [
        (name, (part.filename or "", part.stream.read(), part.content_type) if hasattr(part, "stream") else part)
        for name, parts in encoded["data"].items()
        for part in parts
    ]
    body, content_type = urllib3.encode_multipart_formdata(fields)
    return {"data": body, "content_type": content_type}


config = schemathesis.Config.from_dict(
    {
        "generation": {"deterministic": True, "database": "none"},
        # Every check schemathesis has, and the one above in place of positive_data_acceptance, which
        # it refines: the stateful ones (use_after_free, ensure_resource_availability) act in test_stateful.
        "checks": {
            "positive_data_acceptance": {"enabled": False},
            # Schemathesis' list, plus 413: a body over the size limit is refused before its fields are read.
            "negative_data_rejection": {
                "expected-statuses": "400 401 403 404 405 406 409 413 415 422 428 429 5xx".split()
            },
        },
    }
)
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application(), config=config)


@schema.hook
def filter_case(ctx, case):
    """Which generated requests are sent."""
    if case.media_type in (None, "application/json"):
        return True
    if case.meta is not None and case.meta.phase.name.value == "coverage":
        # The boundaries are the same in every encoding of the body; forms are fuzzed in test_fuzzing.
        return False
    # A form cannot carry an empty list: `{"drafters": []}` sent as a form is no field at all.
    return not isinstance(case.body, dict) or all(value != [] for value in case.body.values())


@pytest.fixture
def in_process(world):
    """Django's WSGI handler closes the connection at each request, which would end the test's
    transaction; its test client disconnects the same signal."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def headers_of(world, role: str) -> dict:
    if role == "anonymous":
        return {}
    return {"Authorization": f"Token {api_token_issue(user=world.users[role])[0]}"}


@pytest.fixture(params=ROLES)
def role_headers(request, world):
    return headers_of(world, request.param)


@pytest.fixture(params=["drafter"])
def writer_headers(request, world):
    """Input is checked alike for everyone logged in, so one role meets every input rule: the drafter,
    who may write most. (Anonymous requests to writes stop at 401, before their input is read.)"""
    return headers_of(world, request.param)


def call_and_validate(case, headers: dict) -> None:
    cache.clear()  # throttle counters: the fuzzer tests the operations, not the rate limits
    with transaction.atomic():
        case.call_and_validate(headers=headers)
        transaction.set_rollback(True)


# The fixtures need no reset between inputs: each input runs in its own rolled-back savepoint.
FIXTURES_HOLD = [HealthCheck.function_scoped_fixture]


@schema.parametrize()
@settings(phases=[Phase.explicit], deadline=None, suppress_health_check=FIXTURES_HOLD)
def test_boundaries(case, writer_headers, in_process):
    """Schemathesis' coverage phase: the boundary and the violating values of every input."""
    call_and_validate(case, writer_headers)


@schema.parametrize()
@settings(max_examples=5, phases=[Phase.generate, Phase.shrink], deadline=None, suppress_health_check=FIXTURES_HOLD)
def test_fuzzing(case, role_headers, in_process):
    """Random valid and invalid requests to every operation, as every role."""
    call_and_validate(case, role_headers)


def test_stateful(role_headers, in_process):
    """Sequences that follow the links schemathesis infers (create a draft, then read, change and
    comment on it...), as every role; each sequence is rolled back."""

    class Workflow(schema.as_state_machine()):
        def setup(self):
            cache.clear()
            self.savepoint = transaction.atomic()
            self.savepoint.__enter__()

        def teardown(self):
            transaction.set_rollback(True)
            self.savepoint.__exit__(None, None, None)

        def get_call_kwargs(self, case):
            return {"headers": role_headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            # Named as explicit headers, the token is known to be the role's own, as in call_and_validate:
            # ignored_auth then checks that the operation refuses the request without it.
            case.validate_response(response, headers=role_headers, transport_kwargs=kwargs, recorder=self.recorder)

    Workflow.run(
        settings=settings(max_examples=10, stateful_step_count=6, deadline=None, derandomize=True, database=None)
    )
