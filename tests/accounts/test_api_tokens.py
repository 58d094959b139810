"""API tokens expire, die with a password change or deactivation, and are stored only as digests."""

import time

import pytest
import time_machine

from accounts.models import ApiToken
from accounts.services import account_set_active

pytestmark = pytest.mark.django_db


def get_token(client, username="drafter", password="demo") -> str:
    response = client.post(
        "/api/v1/auth/token/", {"username": username, "password": password}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def my_drafts(client, token):
    return client.get("/api/v1/drafts/", HTTP_AUTHORIZATION=f"Token {token}")


def test_a_token_works_until_it_expires(client, world, settings):
    settings.API_TOKEN_TTL_HOURS = 2
    token = get_token(client)
    assert my_drafts(client, token).status_code == 200
    with time_machine.travel(time.time() + 3 * 3600):
        expired = my_drafts(client, token)
    assert expired.status_code == 401
    assert "POST /api/v1/auth/token/" in expired.json()["detail"]


def test_a_password_change_kills_the_token(client, world):
    token = get_token(client)
    user = world.users["drafter"]
    user.set_password("Yangi-parol-2026")
    user.save()
    assert my_drafts(client, token).status_code == 401
    assert my_drafts(client, get_token(client, password="Yangi-parol-2026")).status_code == 200


def test_deactivation_kills_the_token(client, world):
    token = get_token(client)
    account_set_active(user=world.users["drafter"], active=False, actor=world.users["admin"])
    assert my_drafts(client, token).status_code == 401
    assert (
        client.post(
            "/api/v1/auth/token/", {"username": "drafter", "password": "demo"}, content_type="application/json"
        ).status_code
        == 400
    )


def test_only_a_digest_is_stored(client, world):
    token = get_token(client)
    assert not ApiToken.objects.filter(digest=token).exists()
    assert all(token not in value for value in ApiToken.objects.values_list("digest", "password_stamp").first())
