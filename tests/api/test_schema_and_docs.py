"""The OpenAPI schema describes the contract of brief §7, and the interactive docs page is served."""

import pytest
import yaml

pytestmark = pytest.mark.django_db

CONTRACT = [
    "/api/v1/auth/token/",
    "/api/v1/act-types/",
    "/api/v1/expert-groups/",
    "/api/v1/drafts/",
    "/api/v1/drafts/{draft_id}/",
    "/api/v1/drafts/{draft_id}/versions/",
    "/api/v1/drafts/{draft_id}/versions/{number}/",
    "/api/v1/drafts/{draft_id}/versions/diff/",
    "/api/v1/drafts/{draft_id}/expert-groups/",
    "/api/v1/drafts/{draft_id}/transitions/",
    "/api/v1/drafts/{draft_id}/transitions/{name}/",
    "/api/v1/drafts/{draft_id}/history/",
    "/api/v1/drafts/{draft_id}/conclusions/",
    "/api/v1/drafts/{draft_id}/comments/",
    "/api/v1/drafts/{draft_id}/summary/",
    "/api/v1/drafts/{draft_id}/follow/",
    "/api/v1/comments/{comment_id}/",
    "/api/v1/comments/{comment_id}/moderation/",
    "/api/v1/comments/{comment_id}/response/",
    "/api/v1/moderation/",
]


def test_schema_lists_the_contract(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert set(CONTRACT) <= set(schema["paths"])
    draft = schema["components"]["schemas"]["DraftDetail"]["properties"]
    for field in [
        "id",
        "title",
        "status",
        "act_type",
        "body",
        "version",
        "discussion_ends_at",
        "number",
        "approved_on",
    ]:
        assert field in draft
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_docs_page(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    assert b"swagger" in response.content.lower()


def test_token_login_then_use(world, client):
    response = client.post("/api/v1/auth/token/", {"username": "drafter", "password": "demo"})
    token = response.json()["token"]
    mine = client.get("/api/v1/drafts/", {"page_size": 50}, HTTP_AUTHORIZATION=f"Token {token}").json()
    anonymous = client.get("/api/v1/drafts/", {"page_size": 50}).json()
    assert mine["count"] > anonymous["count"]


def test_schema_generates_without_warnings():
    from io import StringIO

    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", stdout=StringIO(), stderr=StringIO())
