"""Bad input gets a clear 4xx with a JSON reason, and nothing changes in the database."""

import pytest
from django.forms.models import model_to_dict

from drafts.models import Draft
from workflow.models import TransitionRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def unchanged(world):
    """Asserts, after the test, that no draft and no history record changed."""
    before = ([model_to_dict(d) for d in Draft.objects.order_by("pk")], TransitionRecord.objects.count())
    yield
    after = ([model_to_dict(d) for d in Draft.objects.order_by("pk")], TransitionRecord.objects.count())
    assert after == before


def assert_refused(response, status: int, *words: str):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["detail"]
    for word in words:
        assert word in str(body), body
    return body


def test_unknown_transition(world, api, unchanged):
    draft = world.drafts["draft"]
    response = api(world.users["drafter"]).post(
        f"/api/v1/drafts/{draft.pk}/transitions/publish_now/", {}, format="json"
    )
    assert_refused(response, 404, "publish_now", "submit_for_review")


def test_missing_reason(world, api, unchanged):
    draft = world.drafts["approval"]
    response = api(world.users["approver"]).post(f"/api/v1/drafts/{draft.pk}/transitions/reject/", {}, format="json")
    body = assert_refused(response, 400, "reason")
    assert "reason" in body["errors"]


def test_editing_a_locked_draft(world, api, unchanged):
    draft = world.drafts["expert_review"]
    response = api(world.users["drafter"]).patch(f"/api/v1/drafts/{draft.pk}/", {"body": "Yangi matn"}, format="json")
    assert_refused(response, 409, "cannot be edited", "Expert review")


def test_malformed_json(world, api, unchanged):
    draft = world.drafts["draft"]
    client = api(world.users["drafter"])
    response = client.generic("PATCH", f"/api/v1/drafts/{draft.pk}/", '{"title": "x",', content_type="application/json")
    assert_refused(response, 400, "JSON")
    response = client.generic("POST", "/api/v1/drafts/", "[1, 2", content_type="application/json")
    assert_refused(response, 400, "JSON")


@pytest.mark.parametrize(
    "path,field,data",
    [
        ("patch", "title", {"title": "Q" * 501}),
        ("reject", "reason", {"reason": "x" * 5001}),
        ("approve", "number", {"number": "9" * 33, "approved_on": "2026-01-05"}),
    ],
)
def test_over_long_fields(world, api, unchanged, path, field, data):
    if path == "patch":
        response = api(world.users["drafter"]).patch(f"/api/v1/drafts/{world.drafts['draft'].pk}/", data, format="json")
    else:
        url = f"/api/v1/drafts/{world.drafts['approval'].pk}/transitions/{path}/"
        response = api(world.users["approver"]).post(url, data, format="json")
    body = assert_refused(response, 400, field)
    assert field in body["errors"]


def test_unknown_act_type_on_create(world, api, unchanged):
    response = api(world.users["drafter"]).post(
        "/api/v1/drafts/",
        {"title": "Yangi", "act_type": 9999, "issuing_body": world.issuing_body.pk, "body": "1. Matn."},
        format="json",
    )
    body = assert_refused(response, 400, "act_type")
    assert "act_type" in body["errors"]


def test_fields_that_cannot_be_set_are_refused_not_ignored(world, api, unchanged):
    draft = world.drafts["draft"]
    response = api(world.users["drafter"]).patch(
        f"/api/v1/drafts/{draft.pk}/", {"title": "Yangi", "status": "approved", "number": "1"}, format="json"
    )
    body = assert_refused(response, 400, "status", "number")
    assert set(body["errors"]) == {"status", "number"}


def test_citizen_cannot_create_drafts(world, api, unchanged):
    response = api(world.users["citizen"]).post(
        "/api/v1/drafts/",
        {"title": "Yangi", "act_type": world.act_types["qaror"].pk, "issuing_body": world.issuing_body.pk},
        format="json",
    )
    assert_refused(response, 403, "drafters")


def test_unknown_draft_and_unknown_address(world, api, unchanged):
    assert_refused(api(None).get("/api/v1/drafts/999999/"), 404)
    assert_refused(api(None).get("/api/v1/no-such-thing/"), 404)


def test_draft_changed_meanwhile(world, api, unchanged):
    draft = world.drafts["approval"]
    response = api(world.users["approver"]).post(
        f"/api/v1/drafts/{draft.pk}/transitions/approve/",
        {"number": "77", "approved_on": "2026-01-05", "expected_status": "finalization"},
        format="json",
    )
    assert_refused(response, 409, "changed meanwhile")


def test_wrong_token(world, api, unchanged):
    client = api(None)
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert_refused(client.get("/api/v1/drafts/"), 401, "token")
    response = api(None).post("/api/v1/auth/token/", {"username": "drafter", "password": "wrong"}, format="json")
    assert_refused(response, 400, "credentials")
