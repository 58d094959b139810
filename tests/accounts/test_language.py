"""Each user reads e-mails in a language of their own: chosen at sign-up, changed in the settings or the API."""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import mail

from accounts.models import Account
from accounts.selectors import preferred_language
from accounts.services import account_set_language, account_sign_up
from kernel.errors import Forbidden, InvalidArguments

pytestmark = pytest.mark.django_db

PASSWORD = "Kuchli-parol-2026"


def sign_up(client, capture, headers=None, **fields):
    data = {"username": "dilnoza", "full_name": "Dilnoza Olimova", "email": "dilnoza@example.uz", "password": PASSWORD}
    with capture(execute=True):
        response = client.post("/accounts/signup/", data | fields, headers=headers or {})
    assert response.status_code == 200
    return Account.objects.filter(user__username=(data | fields)["username"]).first()


def test_the_language_chosen_at_sign_up_is_kept_and_the_confirmation_is_written_in_it(
    client, django_capture_on_commit_callbacks
):
    account = sign_up(client, django_capture_on_commit_callbacks, language="ru")
    assert account.language == "ru"
    message = mail.outbox[-1]
    assert message.to == ["dilnoza@example.uz"]
    assert message.subject == "Подтвердите адрес электронной почты"
    assert "http://testserver/accounts/confirm/" in message.body


def test_without_a_choice_the_language_is_that_of_the_sign_up_page(client, django_capture_on_commit_callbacks):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uz-cyrl"
    assert sign_up(client, django_capture_on_commit_callbacks).language == "uz-cyrl"


def test_the_sign_up_form_offers_every_language_with_the_pages_one_chosen(client):
    html = client.get("/accounts/signup/", headers={"accept-language": "ru"}).content.decode()
    assert '<label for="id_language">' in html
    assert '<option value="ru" selected>Русский</option>' in html
    for code, _name in settings.LANGUAGES:
        assert f'<option value="{code}"' in html


def test_an_unknown_language_is_refused_at_sign_up(client):
    response = client.post(
        "/accounts/signup/",
        {"username": "dilnoza", "full_name": "D O", "email": "d@example.uz", "password": PASSWORD, "language": "xx"},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Account.objects.filter(user__username="dilnoza").exists()
    with pytest.raises(InvalidArguments):
        account_sign_up(
            username="dilnoza", email="d@example.uz", password=PASSWORD, full_name="D", site_url="/", language="de"
        )


def test_the_owner_of_a_taken_address_is_told_in_their_own_language(client, world, django_capture_on_commit_callbacks):
    account_set_language(user=world.users["citizen"], language="ru")
    sign_up(
        client, django_capture_on_commit_callbacks, username="other", email="citizen@demo.example.uz", language="en"
    )
    notice = mail.outbox[-1]
    assert notice.to == ["citizen@demo.example.uz"]
    assert notice.subject == "Попытка регистрации с вашим адресом электронной почты"
    assert "http://testserver/accounts/password_reset/" in notice.body


def test_a_user_without_an_account_row_reads_the_default_and_gets_a_row_when_choosing(world):
    drafter = world.users["drafter"]  # made by the demo world, as an administrator would: no Account row
    assert not Account.objects.filter(user=drafter).exists()
    assert preferred_language(drafter) == settings.LANGUAGE_CODE
    assert account_set_language(user=drafter, language="uz-cyrl") == "uz-cyrl"
    assert preferred_language(drafter) == "uz-cyrl"
    assert Account.objects.get(user=drafter).language == "uz-cyrl"


def test_setting_an_unknown_language_is_refused(world):
    with pytest.raises(InvalidArguments) as refused:
        account_set_language(user=world.users["citizen"], language="fr")
    assert "language" in refused.value.details


def test_only_a_logged_in_user_sets_a_language():
    with pytest.raises(Forbidden):
        account_set_language(user=AnonymousUser(), language="ru")


def test_the_settings_page_sets_the_language_and_switches_the_pages_to_it(as_user, world):
    client = as_user("citizen")
    page = client.get("/me/settings/")
    assert page.status_code == 200
    assert '<label for="id_language">' in page.content.decode()
    response = client.post("/me/settings/", {"language": "ru"})
    assert response.status_code == 302 and response["Location"] == "/me/settings/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    assert preferred_language(world.users["citizen"]) == "ru"
    after = client.get("/me/settings/").content.decode()
    assert '<html lang="ru">' in after
    assert '<option value="ru" selected>' in after


def test_the_settings_page_refuses_an_unknown_language_and_keeps_the_old_one(as_user, world):
    client = as_user("citizen")
    response = client.post("/me/settings/", {"language": "<script>"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert preferred_language(world.users["citizen"]) == settings.LANGUAGE_CODE


def test_the_settings_page_is_for_logged_in_users(as_user):
    response = as_user(None).get("/me/settings/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_api_shows_and_sets_the_callers_language(api, world):
    client = api(world.users["citizen"])
    assert client.get("/api/v1/me/").json() == {
        "username": "citizen",
        "email": "citizen@demo.example.uz",
        "language": settings.LANGUAGE_CODE,
    }
    response = client.patch("/api/v1/me/", {"language": "uz-cyrl"}, format="json")
    assert response.status_code == 200 and response.json()["language"] == "uz-cyrl"
    assert preferred_language(world.users["citizen"]) == "uz-cyrl"


@pytest.mark.parametrize(
    "body", [{"language": "xx"}, {"language": 5}, {}, {"language": "ru", "username": "admin"}, {"language": None}]
)
def test_the_api_refuses_what_it_cannot_set(api, world, body):
    response = api(world.users["citizen"]).patch("/api/v1/me/", body, format="json")
    assert response.status_code == 400
    assert preferred_language(world.users["citizen"]) == settings.LANGUAGE_CODE
    assert world.users["citizen"].username == "citizen"


def test_the_api_me_is_for_logged_in_callers(api):
    assert api(None).get("/api/v1/me/").status_code in (401, 403)
    assert api(None).patch("/api/v1/me/", {"language": "ru"}, format="json").status_code in (401, 403)
