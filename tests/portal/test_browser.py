"""Every page in a real browser (Debian's Chromium driven by Playwright): axe-core finds no serious or
critical accessibility violation, in each of the four languages, at a phone's 375 px and a desktop's
1280 px, and nothing runs wider than a phone's screen. The screenshots land in tests/screenshots/.

The helpers here are shared with the journey (test_journey.py). Skipped, saying so, when Chromium is
not installed (`make test` installs it).
"""

from pathlib import Path

import axe_playwright_python
import pytest
from django.conf import settings
from django.utils import translation

from tests.portal.chromium import DESKTOP, LANGUAGES, PHONE, SCREENSHOTS, needs_chromium

PASSWORD = "demo"
AXE_SCRIPT = Path(axe_playwright_python.__file__).with_name("axe.min.js")
# What the README shows (tests/screenshots/readme/, copied by hand to docs/screenshots/): the first screen of a draft under
# discussion, as a citizen sees it, in Uzbek on a desktop and in Russian on a phone.
README_PICTURES = ("draft-discussion-uz-1280", "draft-discussion-ru-375")
# The impacts that fail the test; axe-core's "minor" and "moderate" ones are left to judgement.
SERIOUS = ("serious", "critical")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_chromium,
]


def words(language: str, message: str) -> str:
    """The message as the page shows it in that language: the same catalogue as the server's."""
    with translation.override(language):
        return str(translation.gettext(message))


def state_name(language: str, state) -> str:
    with translation.override(language):
        return str(state.label)


def new_context(browser, language: str, width: int, **options):
    """A fresh browser profile; axe-core is loaded into every page it opens, ready to be run."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale=language, **options)
    context.set_default_timeout(15000)
    context.add_init_script(path=str(AXE_SCRIPT))
    return context


def choose_language(page, language: str) -> None:
    """The header's language menu, as a visitor uses it; the page comes back in that language."""
    if page.locator("html").get_attribute("lang") != language:
        with page.expect_navigation():
            page.locator("header select[name=language]").select_option(language)
    assert page.locator("html").get_attribute("lang") == language


def log_in(page, username: str, password: str = PASSWORD) -> None:
    """Through the header's "Log in" link and the form, as anyone would."""
    language = page.locator("html").get_attribute("lang")
    page.locator("header").get_by_role("link", name=words(language, "Log in"), exact=True).click()
    fill_login_form(page, username, password)


def fill_login_form(page, username: str, password: str) -> None:
    page.locator("main input[name=username]").fill(username)
    page.locator("main input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("main form:has(input[name=password]) button[type=submit]").click()
    assert page.locator("header form[action='/accounts/logout/']").count() == 1, page.inner_text("main")


def shot(page, name: str, folder: str = "pages") -> None:
    """A full-page picture to look at, as JPEG (a tenth of a PNG's time) in tests/screenshots/<folder>/."""
    (SCREENSHOTS / folder).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / folder / f"{name}.jpg"), full_page=True, type="jpeg", quality=80)


def accessibility_problems(page, name: str) -> list:
    """axe-core's serious and critical violations on the page as it is now, named for the report."""
    violations = page.evaluate(
        """impacts => axe.run(document, {resultTypes: ["violations"]}).then(results => results.violations
            .filter(v => impacts.includes(v.impact))
            .map(v => [v.id, v.help, v.nodes.slice(0, 3).map(n => n.target)]))""",
        list(SERIOUS),
    )
    return [(name, *violation) for violation in violations]


def overflow(page) -> int:
    """How far the page runs wider than the window (0: nothing to scroll sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def check_page(page, name: str) -> list:
    """The page at a phone's width and at a desktop's: no sideways scrolling on the phone, no
    serious accessibility violation at either; screenshots of both. Returns what was wrong."""
    problems = []
    for width in (PHONE, DESKTOP):
        page.set_viewport_size({"width": width, "height": 900})
        if width == PHONE and (extra := overflow(page)) > 0:
            problems.append((f"{name}-{width}", "overflow", f"{extra} px wider than a {PHONE} px screen", []))
        problems += accessibility_problems(page, f"{name}-{width}")
        shot(page, f"{name}-{width}")
        if f"{name}-{width}" in README_PICTURES:
            (SCREENSHOTS / "readme").mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "readme" / f"{name}-{width}.png"))
    return problems


def _second_version(world) -> int:
    """A draft with two versions, so its versions page shows a redline: the drafter rewrites the draft
    in finalization, answers its comments and sends it for approval, which freezes version 2."""
    from comments.selectors import unanswered_comment_ids
    from comments.services import comment_respond
    from drafts.services import draft_update
    from workflow.services import draft_transition

    draft = world.drafts["finalization"]
    drafter = world.users["drafter"]
    body = draft.body.replace("1.", "1. Yangi tahrir:", 1) + "\n99. Qaror rasmiy e’lon qilingan kundan kuchga kiradi.\n"
    draft_update(user=drafter, draft_id=draft.pk, changes={"body": body})
    for comment_id in unanswered_comment_ids(draft):
        comment_respond(user=drafter, comment_id=comment_id, decision="accepted", text="Inobatga olindi.")
    draft_transition(user=drafter, draft_id=draft.pk, name="submit_for_approval", arguments={})
    return draft.pk


def pages_by_user(world) -> dict:
    """What each kind of reader opens, by user (None: not logged in)."""
    d = world.drafts
    redlined = _second_version(world)
    return {
        None: {
            "home": "/",
            "acts": "/acts/",
            "search": "/search/?q=soliq",
            "draft-approved": f"/drafts/{d['approved'].pk}/",
            "summary": f"/drafts/{d['approved'].pk}/summary/",
            "login": "/accounts/login/",
            "signup": "/accounts/signup/",
            "not-found": "/no-such-page/",
            "verify": "/verify/",
        },
        "citizen": {
            "draft-discussion": f"/drafts/{d['public_discussion'].pk}/",
            "me": "/me/",
            "settings": "/me/settings/",
        },
        "drafter": {
            "my-work": "/work/",
            "notifications": "/me/notifications/",
            "draft-new": "/work/drafts/new/",
            "draft-own": f"/drafts/{d['draft'].pk}/",
            "versions": f"/drafts/{redlined}/versions/?from=1&to=2",
        },
        "expert": {"draft-review": f"/drafts/{d['expert_review'].pk}/"},
        "moderator": {"moderation": "/work/moderation/"},
        "approver": {"draft-approval": f"/drafts/{redlined}/"},
    }


def test_every_page_passes_axe_in_every_language_at_phone_and_desktop_width(browser, live_server, world_live):
    url = live_server.url
    statuses = {"not-found": 404}
    pages_of = pages_by_user(world_live)
    sessions = {}
    for username in pages_of:
        context = new_context(browser, "en", DESKTOP)
        page = context.new_page()
        page.goto(f"{url}/")
        if username:
            log_in(page, username)
        sessions[username] = context.storage_state()
        context.close()

    problems = []
    for username, pages in pages_of.items():
        for language in LANGUAGES:
            context = new_context(browser, language, PHONE, storage_state=sessions[username])
            # The cookie the language menu sets (the journey uses the menu itself).
            context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": url}])
            page = context.new_page()
            for name, path in pages.items():
                response = page.goto(f"{url}{path}")
                if response.status != statuses.get(name, 200):
                    problems.append((f"{name}-{language}", "status", response.status, path))
                if (shown := page.locator("html").get_attribute("lang")) != language:
                    problems.append((f"{name}-{language}", "language", f"<html lang={shown}>", path))
                problems += check_page(page, f"{name}-{language}")
            context.close()
    assert problems == [], "\n".join(map(str, problems))
