"""Confirmation links cannot be forged, reused, or used to take over or revive an account."""

import re
import time

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail, signing

from accounts.services import account_set_active, confirmation_path

pytestmark = pytest.mark.django_db

PASSWORD = "Kuchli-parol-2026"


def sign_up(client, capture, username="dilnoza", email="dilnoza@example.uz"):
    with capture(execute=True):
        response = client.post(
            "/accounts/signup/",
            {"username": username, "full_name": "Dilnoza Olimova", "email": email, "password": PASSWORD},
        )
    assert response.status_code == 200
    return response


def link_from_last_mail() -> str:
    return re.search(r"http://testserver(/accounts/confirm/\S+/)", mail.outbox[-1].body).group(1)


def session_user_id(client):
    return client.session.get("_auth_user_id")


def test_a_token_signed_for_the_administrator_logs_nobody_in(client, world):
    admin = world.users["admin"]
    # The old link format: a signed user id. Even signed with the real key it is worthless now.
    forged = signing.dumps(admin.pk, salt="portal.signup")
    response = client.get(f"/accounts/confirm/{forged}/")
    assert response.status_code == 400
    assert session_user_id(client) is None
    # And the new format with a made-up token for the administrator's id.
    response = client.get(confirmation_path(admin).rsplit("/", 2)[0] + "/abc-0123456789abcdef/")
    assert response.status_code == 400
    assert session_user_id(client) is None


def test_a_valid_link_for_an_active_account_does_nothing(client, world):
    # Even a correctly made link never logs in or touches an account that is already active.
    admin = world.users["admin"]
    response = client.get(confirmation_path(admin))
    assert response.status_code == 400
    assert session_user_id(client) is None


def test_the_link_activates_once_and_never_logs_in(client, world, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    link = link_from_last_mail()
    first = client.get(link)
    assert first.status_code == 302 and first["Location"] == "/accounts/login/"
    assert session_user_id(client) is None
    assert get_user_model().objects.get(username="dilnoza").is_active
    second = client.get(link)
    assert second.status_code == 400


def test_the_link_cannot_revive_an_account_an_administrator_deactivated(
    client, world, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    link = link_from_last_mail()
    user = get_user_model().objects.get(username="dilnoza")
    account_set_active(user=user, active=False, actor=world.users["admin"])
    assert client.get(link).status_code == 400
    user.refresh_from_db()
    assert not user.is_active


def test_an_administrator_s_deactivation_outlives_every_link(client, world, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    link = link_from_last_mail()
    assert client.get(link).status_code == 302
    user = get_user_model().objects.get(username="dilnoza")
    client.force_login(world.users["admin"])
    page = client.get(f"/admin/auth/user/{user.pk}/change/")
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update({"is_active": "", "date_joined_0": "2026-11-01", "date_joined_1": "10:00:00", "groups": []})
    saved = client.post(f"/admin/auth/user/{user.pk}/change/", data)
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    client.logout()
    assert client.get(link).status_code == 400
    user.refresh_from_db()
    assert not user.is_active and user.account.blocked_at is not None


def test_the_link_dies_when_the_password_changes(client, world, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    link = link_from_last_mail()
    user = get_user_model().objects.get(username="dilnoza")
    user.set_password("Boshqa-parol-2026")
    user.save()
    assert client.get(link).status_code == 400


def test_the_link_expires(client, world, django_capture_on_commit_callbacks, settings):
    settings.ACCOUNT_CONFIRMATION_TIMEOUT = 3600
    sign_up(client, django_capture_on_commit_callbacks)
    link = link_from_last_mail()
    with time_machine.travel(time.time() + 2 * 3600):
        assert client.get(link).status_code == 400


def test_sign_up_does_not_reveal_a_registered_e_mail(client, world, django_capture_on_commit_callbacks):
    taken = world.users["citizen"].email
    existing = sign_up(client, django_capture_on_commit_callbacks, username="yangi", email=taken)
    fresh = sign_up(client, django_capture_on_commit_callbacks, username="yangi2", email="yangi2@example.uz")

    # The page says the same thing, naming only the address typed (the CSRF token differs by request).
    def said(response, email):
        return re.sub(r'value="[^"]{64}"', "", response.content.decode().replace(email, "X"))

    assert said(existing, taken) == said(fresh, "yangi2@example.uz")
    assert not get_user_model().objects.filter(username="yangi").exists()
    # The owner of the address is told instead, with no link that activates anything.
    notice = next(m for m in mail.outbox if m.to == [taken])
    assert "already exists" in notice.body and "/accounts/confirm/" not in notice.body


@pytest.mark.parametrize("password", ["12345678", "password", "qwertyui", "98765432101", "dilnoza2026"])
def test_weak_passwords_are_refused(client, world, password):
    response = client.post(
        "/accounts/signup/",
        {"username": "dilnoza2026", "full_name": "Dilnoza", "email": "d@example.uz", "password": password},
    )
    assert response.status_code == 400
    assert not get_user_model().objects.filter(username="dilnoza2026").exists()
