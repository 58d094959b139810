"""Moderation and "my comments" in Chromium, only by clicking: a moderator filters the queue, ticks two
comments and publishes them with one click, enters a letter on an article chosen from the draft's own
list; a citizen edits and then withdraws a pending comment from /me/. Each page passes axe (no serious
or critical violation) and fits a 375 px phone screen.

Skipped, saying so, when Chromium is not installed. Screenshots land in tests/screenshots/.
"""

import pytest

from tests.portal.chromium import DESKTOP, PHONE, SCREENSHOTS, needs_chromium

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_chromium,
]


@pytest.fixture
def world_live(live_server, settings):
    from workflow.demo.world import build_demo_world

    settings.COMMENT_RATE_LIMIT = (100, 600)
    return build_demo_world(password="demo")


def problems_on(page, name: str, folder=SCREENSHOTS, focus: str = "") -> list:
    """Sideways scrolling at 375 px, and axe's serious or critical violations at 375 and 1280 px.

    Screenshots go to `folder`; with `focus` (an element id) the whole page is `<name>-<width>-page.png`
    and `<name>-<width>.png` shows that element scrolled to the top of the screen.
    """
    from axe_playwright_python.sync_playwright import Axe

    found = []
    for width in (PHONE, DESKTOP):
        page.set_viewport_size({"width": width, "height": 900})
        extra = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if width == PHONE and extra > 0:
            found.append((name, "overflow", extra))
        found += [
            (name, width, v["id"], [n["target"] for n in v["nodes"]][:3])
            for v in Axe().run(page).response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        folder.mkdir(parents=True, exist_ok=True)
        if focus:
            page.screenshot(path=str(folder / f"{name}-{width}-page.png"), full_page=True)
            page.evaluate(f"document.getElementById('{focus}').scrollIntoView()")
            page.screenshot(path=str(folder / f"{name}-{width}.png"))
        else:
            page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": PHONE, "height": 900})
    return found


def log_in(page, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.locator("main input[name=username]").fill(username)
    page.locator("main input[name=password]").fill("demo")
    with page.expect_navigation():
        page.locator("main form:has(input[name=password]) button[type=submit]").click()


def test_moderator_filters_publishes_in_bulk_and_enters_a_letter(browser, live_server, world_live):
    from comments.models import Comment
    from comments.services import comment_submit

    draft = world_live.drafts["public_discussion"]
    citizen = world_live.users["citizen"]
    first = comment_submit(user=citizen, draft_id=draft.pk, text="Brauzerdan birinchi taklif.")
    second = comment_submit(user=citizen, draft_id=draft.pk, text="Brauzerdan ikkinchi taklif.")
    context = browser.new_context(viewport={"width": PHONE, "height": 900}, locale="en")
    page = context.new_page()
    log_in(page, live_server.url, "moderator")
    page.goto(f"{live_server.url}/work/")
    page.goto(f"{live_server.url}/work/moderation/")
    problems = problems_on(page, "moderation-queue")

    page.select_option("#filter-draft", str(draft.pk))
    page.select_option("#filter-order", "newest")
    with page.expect_navigation():
        page.get_by_role("button", name="Show", exact=True).click()
    assert f"draft={draft.pk}" in page.url
    page.check(f"#tick-{first.pk}")
    page.check(f"#tick-{second.pk}")
    with page.expect_navigation():
        page.get_by_role("button", name="Publish the ticked").click()
    assert "Published: 2. Rejected: 0." in page.inner_text("main")
    assert f"draft={draft.pk}" in page.url  # back on the filtered queue
    assert set(Comment.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)) == {"published"}

    # Choosing the draft lists its articles at once (site.js presses "Show its articles").
    article = draft.versions.get(number=draft.version).articles.order_by("position")[1]
    with page.expect_navigation():
        page.select_option("#behalf-draft", str(draft.pk))
    page.select_option("#behalf-article", str(article.pk))
    page.fill("#behalf-submitted_for", "Qodirova Saodat, Navoiy")
    page.select_option("#behalf-channel", "letter")
    page.fill("#behalf-text", "Xat: ushbu bandga muddat qo'shilsin.")
    problems += problems_on(page, "moderation-on-behalf")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the proposal").click()
    assert "The proposal from Qodirova Saodat, Navoiy was recorded and published." in page.inner_text("main")
    recorded = Comment.objects.get(submitted_for="Qodirova Saodat, Navoiy")
    assert (recorded.article_id, recorded.channel, recorded.status) == (article.pk, "letter", "published")
    context.close()
    assert problems == [], "\n".join(map(str, problems))


def test_citizen_edits_then_withdraws_a_pending_comment(browser, live_server, world_live):
    from comments.models import Comment
    from comments.services import comment_submit

    draft = world_live.drafts["public_discussion"]
    comment = comment_submit(user=world_live.users["citizen"], draft_id=draft.pk, text="Tahrirga tayyor taklif.")
    context = browser.new_context(viewport={"width": PHONE, "height": 900}, locale="en")
    page = context.new_page()
    log_in(page, live_server.url, "citizen")
    page.goto(f"{live_server.url}/me/")
    problems = problems_on(page, "my-comments")
    card = page.locator(f"#comment-{comment.pk}")
    with page.expect_navigation():
        card.get_by_role("link", name="Edit").click()
    problems += problems_on(page, "my-comment-edit")
    page.fill("#edit-text", "Tahrir qilingan taklif matni.")
    page.select_option("#edit-article", label=page.locator("#edit-article option").nth(2).inner_text())
    with page.expect_navigation():
        page.get_by_role("button", name="Save the change").click()
    assert "Your comment was changed" in page.inner_text("main")
    comment.refresh_from_db()
    assert comment.text == "Tahrir qilingan taklif matni." and comment.article is not None

    with page.expect_navigation():
        page.locator(f"#comment-{comment.pk}").get_by_role("button", name="Withdraw").click()
    assert "Your comment was withdrawn" in page.inner_text("main")
    assert page.locator(f"#comment-{comment.pk} .badge.withdrawn").count() == 1
    assert page.locator(f"#comment-{comment.pk}").get_by_role("button", name="Withdraw").count() == 0
    assert Comment.objects.get(pk=comment.pk).status == "withdrawn"
    context.close()
    assert problems == [], "\n".join(map(str, problems))
