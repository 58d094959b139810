"""After logging in, each role lands where its work is: citizens on the discussions, staff on My work."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

STAFF = ["drafter", "drafter2", "expert", "expert2", "moderator", "approver", "admin"]


def log_in(client, username, **extra):
    return client.post("/accounts/login/", {"username": username, "password": "demo", **extra}, follow=True)


@pytest.mark.parametrize(
    "username,landing", [("citizen", "/")] + [(name, "/work/") for name in STAFF], ids=["citizen", *STAFF]
)
def test_each_role_lands_where_its_work_is(client, world, username, landing):
    response = log_in(client, username)
    assert response.redirect_chain[-1] == (landing, 302)
    assert response.status_code == 200


def test_a_citizen_lands_on_the_drafts_under_discussion(client, world):
    html = log_in(client, "citizen").content.decode()
    assert 'id="discussing"' in html


def test_a_new_citizen_who_only_signed_up_lands_on_the_discussions(client, world):
    user = get_user_model().objects.create_user("yangi", password="demo")
    user.groups.add(world.users["citizen"].groups.get())
    assert log_in(client, "yangi").redirect_chain[-1] == ("/", 302)


def test_a_safe_next_comes_first(client, world):
    draft = world.drafts["public_discussion"]
    response = log_in(client, "citizen", next=f"/drafts/{draft.pk}/")
    assert response.redirect_chain[-1] == (f"/drafts/{draft.pk}/", 302)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "/\\evil"])
def test_the_landing_never_leaves_the_site(client, world, target):
    client.force_login(world.users["drafter"])
    response = client.get("/accounts/landing/", {"next": target})
    assert response.status_code == 302 and response["Location"] == "/work/"


def test_the_landing_follows_its_own_safe_next(client, world):
    client.force_login(world.users["citizen"])
    response = client.get("/accounts/landing/", {"next": "/me/notifications/"})
    assert response["Location"] == "/me/notifications/"


def test_the_landing_asks_anonymous_visitors_to_log_in(client):
    response = client.get("/accounts/landing/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(("username", "has_work"), [("citizen", False), ("drafter", True), ("expert", True)])
def test_my_work_is_in_the_header_only_for_those_who_have_work(as_user, username, has_work):
    html = as_user(username).get("/").content.decode()
    assert ('<a href="/work/">' in html) is has_work
