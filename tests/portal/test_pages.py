"""The pages follow the same rules as the API, and say refusals in words (Django's test client)."""

import datetime
import re

import pytest
import time_machine
from django.core import mail

from comments.models import Comment
from tests.workflow.test_permission_matrix import ROLES, SEES, STATES, USERNAME

pytestmark = pytest.mark.django_db


def log_in(client, username: str, password: str) -> bool:
    """Logs in through the login page, as a person does; True when it worked."""
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302


@pytest.mark.parametrize("role", ROLES)
def test_draft_pages_follow_the_visibility_matrix(world, as_user, role):
    client = as_user(USERNAME.get(role))
    for state in STATES:
        response = client.get(f"/drafts/{world.drafts[state].pk}/")
        assert response.status_code == (200 if role in SEES[state] else 404), state


@pytest.mark.parametrize(
    "path", ["/", "/acts/", "/search/?q=soliq", "/accounts/login/", "/accounts/signup/", "/verify/"]
)
def test_public_pages_open(client, world, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    "username,path",
    [
        ("drafter", "/work/"),
        ("drafter", "/work/drafts/new/"),
        ("moderator", "/work/moderation/"),
        ("citizen", "/me/"),
        ("expert", "/work/"),
    ],
)
def test_staff_pages_open(world, as_user, username, path):
    assert as_user(username).get(path).status_code == 200


def test_home_lists_the_discussion_with_days_left(client, world):
    html = client.get("/").content.decode()
    assert world.drafts["public_discussion"].title in html
    assert re.search(r"1[12] days left", html)
    assert world.drafts["draft"].title not in html


def test_hostile_comment_text_is_inert_on_the_page(world, as_user):
    draft = world.drafts["public_discussion"]
    client = as_user("citizen")
    client.post(f"/drafts/{draft.pk}/comments/", {"text": '<script>alert("x")</script>', "article": "p-1"})
    html = client.get(f"/drafts/{draft.pk}/").content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert '<script>alert("x")</script>' not in html


def test_a_late_comment_is_refused_with_a_message(world, as_user):
    draft = world.drafts["public_discussion"]
    client = as_user("citizen")
    with time_machine.travel(draft.discussion_ends_at + datetime.timedelta(minutes=1)):
        response = client.post(f"/drafts/{draft.pk}/comments/", {"text": "Kech qoldim"}, follow=True)
    assert "comments are no longer accepted" in response.content.decode()
    assert not Comment.objects.filter(text="Kech qoldim").exists()


def test_transition_buttons_are_only_those_the_user_may_perform(world, as_user):
    html = as_user("approver").get(f"/drafts/{world.drafts['approval'].pk}/").content.decode()
    for name in ("approve", "return_for_revision", "reject"):
        assert f"/transitions/{name}/" in html
    assert "/transitions/withdraw/" not in html
    citizen = as_user("citizen").get(f"/drafts/{world.drafts['approval'].pk}/").content.decode()
    assert "/transitions/" not in citizen


def test_a_refused_transition_says_why(world, as_user):
    draft = world.drafts["public_discussion"]
    response = as_user("moderator").post(f"/drafts/{draft.pk}/transitions/close_discussion/", {}, follow=True)
    assert "can be closed only after" in response.content.decode()


def test_sign_up_confirm_and_comment(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {
                "username": "dilnoza",
                "full_name": "Dilnoza Olimova",
                "email": "dilnoza@example.uz",
                "password": "Kuchli-parol-2026",
            },
        )
    assert response.status_code == 200 and "dilnoza@example.uz" in response.content.decode()
    link = re.search(r"http://testserver(/accounts/confirm/\S+/)", mail.outbox[-1].body).group(1)
    assert not log_in(client, "dilnoza", "Kuchli-parol-2026")  # not confirmed yet
    assert client.get(link)["Location"] == "/accounts/login/"
    assert log_in(client, "dilnoza", "Kuchli-parol-2026")
    draft = world.drafts["public_discussion"]
    client.post(f"/drafts/{draft.pk}/comments/", {"text": "Yangi fuqaro taklifi", "article": "p-2"})
    comment = Comment.objects.get(text="Yangi fuqaro taklifi")
    assert (comment.author.username, comment.status, comment.article.key) == ("dilnoza", "pending", "p-2")
    assert "Pending moderation" in client.get(f"/drafts/{draft.pk}/").content.decode()
    assert client.get("/accounts/confirm/forged/").status_code == 400


def test_language_switch(client, world):
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert '<html lang="ru">' in response.content.decode()


def test_password_reset(client, world):
    user = world.users["citizen"]
    response = client.post("/accounts/password_reset/", {"email": user.email}, follow=True)
    assert response.status_code == 200
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[-1].body).group(1)
    page = client.get(link, follow=True)
    set_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    client.post(set_url, {"new_password1": "Yangi-parol-2026", "new_password2": "Yangi-parol-2026"})
    assert log_in(client, "citizen", "Yangi-parol-2026")
    assert client.get(set_url).context["validlink"] is False  # the link died with its use


def test_search_page_filters(client, world):
    approved = world.drafts["approved"]
    html = client.get(
        "/search/", {"q": "soliq", "act_type": approved.act_type_id, "year": approved.approved_year}
    ).content.decode()
    assert approved.title in html
    other = client.get("/search/", {"q": "soliq", "year": 1999}).content.decode()
    assert approved.title not in other


@pytest.mark.parametrize("language,required", [("uz-cyrl", "Бу майдонни тўлдириш шарт."), ("ru", "Обязательное поле.")])
def test_form_errors_speak_the_language(client, world, language, required):
    client.cookies["django_language"] = language
    html = client.post("/accounts/signup/", {}).content.decode()
    assert required in html


@pytest.mark.parametrize(
    "username,offered", [("expert", True), ("expert2", False), ("approver", False), ("drafter", False)]
)
def test_remark_form_only_for_assigned_experts(world, as_user, username, offered):
    html = as_user(username).get(f"/drafts/{world.drafts['expert_review'].pk}/").content.decode()
    assert ('id="comment-text"' in html) == offered
