"""The header, the summary and the favicon in Chromium (issue 11, defect 11): at 1280 px the header is one
aligned row in every language, and at 375 px the summary of proposals fits the phone's screen.

Skipped, saying so, when Chromium is not installed. Screenshots land in tests/screenshots/.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client

from tests.portal.chromium import DESKTOP, LANGUAGES, PHONE, SCREENSHOTS, needs_chromium

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_chromium,
]

# The header's items as rectangles: one row means every item's vertical centre on one line.
HEADER_ITEMS = """() => [...document.querySelectorAll('header.site .bar > *')]
  .filter(e => e.offsetParent !== null)
  .map(e => { const r = e.getBoundingClientRect(); return {tag: e.tagName, top: r.top, bottom: r.bottom, right: r.right}; })"""


def _page(browser, live_server, user, language: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale=language)
    context.set_default_timeout(15000)
    cookies = [{"name": "django_language", "value": language, "url": live_server.url}]
    if user is not None:
        client = Client()
        client.force_login(user)
        cookies.append({"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url})
    context.add_cookies(cookies)
    return context, context.new_page()


@pytest.mark.parametrize("language", LANGUAGES)
def test_at_1280_px_the_header_is_one_aligned_row(browser, live_server, world_live, language):
    SCREENSHOTS.mkdir(exist_ok=True)
    context, page = _page(browser, live_server, world_live.users["drafter"], language, DESKTOP)
    page.goto(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == language
    items = page.evaluate(HEADER_ITEMS)
    page.locator("header.site").screenshot(path=str(SCREENSHOTS / f"header-{language}-{DESKTOP}.png"))
    context.close()
    assert len(items) >= 7, items  # brand, acts, search, my work, my page, log out, language (and the bell)
    centres = [(item["top"] + item["bottom"]) / 2 for item in items]
    assert max(centres) - min(centres) <= 4, items
    assert max(item["bottom"] for item in items) - min(item["top"] for item in items) < 64, items
    assert max(item["right"] for item in items) <= DESKTOP, items  # nothing cut off at the right


@pytest.mark.parametrize("language", LANGUAGES)
def test_at_375_px_the_summary_of_proposals_fits_the_screen(browser, live_server, world_live, language):
    SCREENSHOTS.mkdir(exist_ok=True)
    draft = world_live.drafts["finalization"]
    context, page = _page(browser, live_server, world_live.users["citizen"], language, PHONE)
    page.goto(f"{live_server.url}/drafts/{draft.pk}/summary/")
    assert page.locator("table.summary-table").count() >= 1
    pdf_link = page.locator(f'a[href="/api/v1/drafts/{draft.pk}/summary/pdf/"]')
    assert pdf_link.count() == 1 and pdf_link.is_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    page.screenshot(path=str(SCREENSHOTS / f"summary-{language}-{PHONE}.png"), full_page=True)
    # The favicon is served, as the browser asks for it.
    icon = page.locator('link[rel="icon"]').get_attribute("href")
    assert page.request.get(f"{live_server.url}{icon}").headers["content-type"].startswith("image/svg+xml")
    context.close()
    assert width <= PHONE, f"the summary is {width} px wide on a {PHONE} px screen"


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_summary_and_error_pages_pass_axe_and_fit_a_phone(browser, live_server, world_live, language):
    summary = world_live.drafts["finalization"].pk
    context, page = _page(browser, live_server, None, language, PHONE)
    failures = []
    for name, address in [
        ("search", "/search/?q=soliq"),
        ("summary", f"/drafts/{summary}/summary/"),
        ("not-found", "/no-such-page/"),
    ]:
        page.goto(f"{live_server.url}{address}")
        violations = Axe().run(page).response["violations"]
        failures += [(name, v["id"], v["impact"]) for v in violations if v["impact"] in ("serious", "critical")]
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > PHONE:
            failures.append((name, "wider than the phone", width))
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{language}-{PHONE}.png"), full_page=True)
    context.close()
    assert failures == []
