"""Support and oppose in Chromium, only by clicking: a citizen supports the draft, changes to oppose,
withdraws, supports another's comment; an anonymous reader sees the counts and a login link. Each page
passes axe (no serious or critical violation) at 375 and 1280 px and fits a phone's width.

Skipped, saying so, when Chromium is not installed. Screenshots land in tests/screenshots/votes/.
"""

import pytest

from tests.portal.chromium import PHONE, SCREENSHOTS, needs_chromium
from tests.portal.test_moderation_browser import problems_on as shared_problems_on

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]

SHOTS = SCREENSHOTS / "votes"


def problems_on(page, name: str) -> list:
    """The moderation tests' check, with the votes card scrolled into view in a second screenshot."""
    return shared_problems_on(page, name, folder=SHOTS, focus="votes")


def log_in(page, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.locator("main input[name=username]").fill(username)
    page.locator("main input[name=password]").fill("demo")
    with page.expect_navigation():
        page.locator("main form:has(input[name=password]) button[type=submit]").click()


def click(page, name: str, within=None) -> None:
    with page.expect_navigation():
        (within or page).get_by_role("button", name=name).click()


def test_a_citizen_supports_opposes_withdraws_and_supports_a_comment(browser, live_server, world_live):
    from comments.models import Comment, CommentVote, DraftVote

    draft = world_live.drafts["public_discussion"]
    comment = (
        Comment.objects.filter(draft=draft, kind="public", status="published", author__username="citizen")
        .order_by("pk")
        .first()
    )
    context = browser.new_context(viewport={"width": PHONE, "height": 900}, locale="en")
    page = context.new_page()
    page.goto(f"{live_server.url}/drafts/{draft.pk}/")
    votes = page.locator("#votes")
    assert "0 support" in votes.inner_text() and "0 oppose" in votes.inner_text()
    assert votes.get_by_role("link", name="Log in to support or oppose this draft").is_visible()
    problems = problems_on(page, "draft-votes-anonymous")

    log_in(page, live_server.url, "drafter2")
    page.goto(f"{live_server.url}/drafts/{draft.pk}/")
    problems += problems_on(page, "draft-votes-not-voted")
    click(page, "Support this draft")
    assert "Your vote is recorded: you support this draft." in page.inner_text("main")
    assert "1 support" in votes.inner_text() and "You support this draft." in votes.inner_text()
    problems += problems_on(page, "draft-votes-supported")

    click(page, "Oppose this draft")
    assert "1 oppose" in votes.inner_text() and "0 support" in votes.inner_text()
    assert DraftVote.objects.get(draft=draft).vote == "against"
    click(page, "Withdraw my vote")
    assert "Your vote was withdrawn." in page.inner_text("main")
    assert not DraftVote.objects.filter(draft=draft).exists()

    card = page.locator(f"#comment-{comment.pk}")
    click(page, f"Support comment no. {comment.pk}", within=card)
    assert page.url.endswith(f"/drafts/{draft.pk}/#comment-{comment.pk}")
    assert "Supported by 1 person · including you" in card.inner_text()
    assert CommentVote.objects.filter(comment=comment).count() == 1
    click(page, "Support this draft")
    problems += problems_on(page, "draft-votes-supported-comment")
    context.close()
    assert problems == [], "\n".join(map(str, problems))


def test_in_russian_a_citizen_supports_the_draft_and_reads_the_counts(browser, live_server, world_live):
    from tests.portal.test_browser import choose_language, words

    draft = world_live.drafts["public_discussion"]
    context = browser.new_context(viewport={"width": PHONE, "height": 900}, locale="ru")
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    choose_language(page, "ru")
    log_in(page, live_server.url, "citizen")
    page.goto(f"{live_server.url}/drafts/{draft.pk}/")
    votes = page.locator("#votes")
    assert words("ru", "You have not voted yet.") in votes.inner_text()
    with page.expect_navigation():
        votes.locator("button[value=for]").click()
    assert words("ru", "Your vote is recorded: you support this draft.") in page.inner_text("main")
    assert words("ru", "You support this draft.") in votes.inner_text()
    problems = problems_on(page, "draft-votes-supported-ru")
    context.close()
    assert problems == [], "\n".join(map(str, problems))
