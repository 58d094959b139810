"""Replies and flags in Chromium, only by clicking and typing: a citizen replies under a published comment
without their name, a moderator publishes the reply, the comment's author flags it, the moderator hides it
from the queue (flagged items first), and a visitor reads the public reason in its place. In Uzbek (Latin)
and Russian; each page passes axe (no serious or critical violation) at 375 and 1280 px and fits a phone.

Skipped, saying so, when Chromium is not installed. Screenshots land in tests/screenshots/participation/.
"""

import pytest

from tests.portal.chromium import PHONE, SCREENSHOTS, needs_chromium
from tests.portal.test_browser import choose_language, words
from tests.portal.test_moderation_browser import problems_on as shared_problems_on

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]

SHOTS = SCREENSHOTS / "participation"


def problems_on(page, name: str, focus: str) -> list:
    return shared_problems_on(page, name, folder=SHOTS, focus=focus)


def log_in(page, url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/accounts/login/")
    page.locator("main input[name=username]").fill(username)
    page.locator("main input[name=password]").fill("demo")
    with page.expect_navigation():
        page.locator("main form:has(input[name=password]) button[type=submit]").click()


def click(page, name: str, within=None) -> None:
    with page.expect_navigation():
        (within or page).get_by_role("button", name=name).click()


@pytest.mark.parametrize("language", ["uz", "ru"])
def test_a_reply_is_flagged_and_hidden_by_a_moderator(browser, live_server, world_live, language):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from comments.models import Comment, Flag
    from kernel.roles import Role

    def say(message: str) -> str:
        return words(language, message)

    draft = world_live.drafts["public_discussion"]
    parent = (
        Comment.objects.filter(draft=draft, kind="public", status="published", author__username="citizen")
        .order_by("pk")
        .first()
    )
    replier = get_user_model().objects.create_user(
        "malika_f", password="demo", first_name="Malika", last_name="Fayzullayeva", email="malika@example.uz"
    )
    replier.groups.add(Group.objects.get(name=Role.CITIZENS))
    context = browser.new_context(viewport={"width": PHONE, "height": 900}, locale=language)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    choose_language(page, language)

    # A citizen replies, without their name, speaking for an NGO.
    log_in(page, live_server.url, "malika_f")
    page.goto(f"{live_server.url}/drafts/{draft.pk}/#comment-{parent.pk}")
    card = page.locator(f"#comment-{parent.pk}")
    card.locator("details.reply-here > summary").click()
    card.get_by_label(say("Your reply (at most 5,000 characters; a moderator publishes it)")).fill(
        "Muddatni uzaytirish kerak emas: bu ahmoqona fikr!"
    )
    card.locator(f"#respondent-type-{parent.pk}").select_option("ngo")
    card.locator(f"#organisation-{parent.pk}").fill("Toza Hudud jamiyati")
    card.locator(f"#anonymous-{parent.pk}").check()
    problems = problems_on(page, f"reply-form-{language}", focus=f"comment-{parent.pk}")
    click(page, say("Send the reply"), within=card)
    assert say("Your reply was sent; it will appear once a moderator publishes it.") in page.inner_text("main")
    reply = Comment.objects.get(parent=parent)
    assert (reply.status, reply.anonymous, reply.organisation) == ("pending", True, "Toza Hudud jamiyati")

    # The moderator publishes it from the queue.
    log_in(page, live_server.url, "moderator")
    page.goto(f"{live_server.url}/work/moderation/")
    page.locator(f"#tick-{reply.pk}").check()
    click(page, say("Publish the ticked"))
    reply.refresh_from_db()
    assert reply.status == "published"

    # The comment's author reads the reply under their comment, as from "A citizen", and flags it.
    log_in(page, live_server.url, "citizen")
    page.goto(f"{live_server.url}/drafts/{draft.pk}/#comment-{reply.pk}")
    shown = page.locator(f"#comment-{reply.pk}")
    assert say("A citizen") in shown.inner_text() and "Malika" not in page.inner_text("main")
    assert page.locator(f"#comment-{parent.pk} .replies #comment-{reply.pk}").count() == 1
    shown.locator("details.flag-here > summary").click()
    shown.locator(f"#flag-reason-{reply.pk}").select_option("insult")
    shown.locator(f"#flag-text-{reply.pk}").fill("Haqoratli so‘z ishlatilgan")
    problems += problems_on(page, f"flag-form-{language}", focus=f"comment-{reply.pk}")
    click(page, say("Send the report"), within=shown)
    assert Flag.objects.filter(comment=reply, reason="insult").count() == 1

    # The moderator finds it first in the queue, with the flag, and hides it with a public reason.
    log_in(page, live_server.url, "moderator")
    page.goto(f"{live_server.url}/work/moderation/")
    first = page.locator("article.moderation-item").first
    assert first.get_attribute("id") == f"comment-{reply.pk}"
    assert "Haqoratli so‘z ishlatilgan" in first.inner_text() and "Malika" in first.inner_text()
    first.get_by_label(say("Public reason for hiding (shown in its place)")).fill("Haqoratli ibora")
    problems += problems_on(page, f"moderation-flagged-{language}", focus=f"comment-{reply.pk}")
    click(page, f"{say('Hide')} {words(language, 'comment no. %(id)s') % {'id': reply.pk}}".strip(), within=first)
    reply.refresh_from_db()
    assert reply.status == "hidden" and not Flag.objects.filter(comment=reply, resolution="").exists()

    # A visitor reads the reason in its place, not the words.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/drafts/{draft.pk}/#comment-{reply.pk}")
    hidden = page.locator(f"#comment-{reply.pk}")
    assert say("Hidden by a moderator: %(reason)s") % {"reason": "Haqoratli ibora"} in hidden.inner_text()
    assert "ahmoqona" not in page.inner_text("main")
    problems += problems_on(page, f"reply-hidden-{language}", focus=f"comment-{parent.pk}")
    context.close()
    assert problems == [], "\n".join(map(str, problems))
