"""Guessing passwords is throttled on every login path: the page, the admin and the API token."""

import time

import pytest
import time_machine

pytestmark = pytest.mark.django_db

WRONG = "not-the-password"


def page_login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def admin_login(client, username, password):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def token_login(client, username, password):
    return client.post(
        "/api/v1/auth/token/", {"username": username, "password": password}, content_type="application/json"
    )


PATHS = {"page": (page_login, 302), "admin": (admin_login, 302), "api": (token_login, 200)}


@pytest.mark.parametrize("path", PATHS)
def test_wrong_passwords_lock_the_user_name_out_from_that_address(client, world, path):
    login, success = PATHS[path]
    username = "admin"
    statuses = [login(client, username, WRONG).status_code for _ in range(20)]
    assert 429 in statuses
    assert statuses.index(429) <= 10  # the default limit, AXES_FAILURE_LIMIT=10
    assert set(statuses[statuses.index(429) :]) == {429}
    # Locked out, the right password does not get in either, and the refusal says when to return.
    locked = login(client, username, "demo")
    assert locked.status_code == 429 and int(locked["Retry-After"]) > 0
    if path == "api":
        assert "try again" in locked.json()["detail"]
    # The lock-out is for that user name from that address: others still log in.
    assert page_login(client, "drafter", "demo").status_code == 302
    # After the cool-off the right password works again.
    with time_machine.travel(time.time() + 16 * 60):
        assert login(client, username, "demo").status_code == success


def test_many_user_names_from_one_address_meet_the_token_throttle(client, world):
    statuses = [token_login(client, f"guess{i}", WRONG).status_code for i in range(40)]
    assert statuses[:30] == [400] * 30
    refused = token_login(client, "guess99", WRONG)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert refused.json()["code"] == "throttled"
