"""The whole story in a real browser (Debian's Chromium driven by Playwright), with screenshots and an
accessibility check (axe-core) of the main pages.

Skipped, saying so, when Chromium is not installed (`make test` installs it).
"""

import datetime
import os
import re
import shutil
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
LANGUAGES = ["uz", "uz-cyrl", "ru", "en"]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed: browser tests did NOT run"),
]


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API keeps an event loop in this thread; Django's ORM calls from the test are safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def world_live(live_server):
    from workflow.demo.world import build_demo_world

    return build_demo_world(password="demo")


def new_page(browser, live_server, username=None, language="en", width=1280):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale=language)
    page = context.new_page()
    page.set_default_timeout(15000)
    if username:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", "demo")
        page.click("main button[type=submit]")
        page.wait_for_load_state()
    return page


def shot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def check_accessibility(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in serious]


def test_the_whole_story(browser, live_server, world_live):
    url = live_server.url
    # A drafter writes a draft, sees its structure, saves it, assigns a group and sends it for review.
    page = new_page(browser, live_server, "drafter")
    page.goto(f"{url}/work/drafts/new/")
    page.fill("#id_title", "Obodonlashtirish ishlari to‘g‘risida")
    page.select_option("#id_act_type", label="Viloyat hokimining qarori")
    page.select_option("#id_issuing_body", label="Samarqand viloyati hokimligi")
    page.fill(
        "#id_body",
        "1. Mahallalarda obodonlashtirish ishlari o‘tkazilsin.\n2. Ishlar 2027-yil 1-iyunga qadar yakunlansin.\n",
    )
    page.click("button[name=preview]")
    assert "2 articles and points" in page.inner_text("main")
    page.click("main form button:not([name])")
    draft_url = page.url
    draft_id = int(re.search(r"/drafts/(\d+)/", draft_url).group(1))
    page.goto(f"{url}/work/drafts/{draft_id}/edit/")
    page.select_option("#group", label="Huquqiy ekspertiza guruhi")
    page.get_by_role("button", name="Assign", exact=True).click()
    page.goto(draft_url)
    page.click("button:has-text('Send for expert review')")
    assert "Expert review" in page.inner_text("main")

    # The expert remarks on a point and concludes.
    expert = new_page(browser, live_server, "expert")
    expert.goto(draft_url)
    expert.select_option("#comment-article", "p-2")
    expert.fill("#comment-text", "Muddatni aniqlashtiring.")
    expert.get_by_role("button", name="Send", exact=True).click()
    expert.fill("#conclusion-text", "Ma’qul, izoh bilan.")
    expert.get_by_role("button", name="Submit the conclusion").click()
    assert "The conclusion was submitted." in expert.inner_text("main")

    # The drafter opens the discussion.
    page.goto(draft_url)
    page.fill("#deadline-open_discussion", (timezone.localdate() + datetime.timedelta(days=12)).isoformat())
    page.click("button:has-text('Open public discussion')")
    assert "Public discussion" in page.inner_text("main")

    # A citizen signs up, confirms, and comments on a point.
    citizen = new_page(browser, live_server)
    citizen.goto(f"{url}/accounts/signup/")
    citizen.fill("#id_username", "nodir")
    citizen.fill("#id_full_name", "Nodir Qodirov")
    citizen.fill("#id_email", "nodir@example.uz")
    citizen.fill("#id_password", "Mahalla-2026-kuchli")
    citizen.click("main button[type=submit]")
    link = re.search(r"http://[^\s]+/accounts/confirm/[^\s]+/", mail.outbox[-1].body).group(0)
    # The link confirms the address and leads to the log-in page; it never logs anyone in by itself.
    citizen.goto(link)
    assert "/accounts/login/" in citizen.url and "confirmed" in citizen.inner_text("main")
    citizen.fill("#id_username", "nodir")
    citizen.fill("#id_password", "Mahalla-2026-kuchli")
    citizen.click("main button[type=submit]")
    citizen.wait_for_load_state()
    citizen.goto(draft_url)
    citizen.select_option("#comment-article", "p-1")
    citizen.fill("#comment-text", "Bolalar maydonchalarini ham qo‘shing.")
    citizen.get_by_role("button", name="Send", exact=True).click()
    assert "Pending moderation" in citizen.inner_text("main")
    # An internal draft stays hidden from the citizen.
    internal = world_live.drafts["draft"]
    assert citizen.goto(f"{url}/drafts/{internal.pk}/").status == 404

    # The moderator publishes it.
    moderator = new_page(browser, live_server, "moderator")
    moderator.goto(f"{url}/work/moderation/")
    moderator.click("article:has-text('Bolalar maydonchalarini') button[value=publish]")
    assert "Published" in moderator.inner_text("main")

    # The citizen starts another comment before the deadline and sends it after it.
    citizen.goto(draft_url)
    citizen.fill("#comment-text", "Kechikkan taklif.")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=13), tick=True):
        citizen.get_by_role("button", name="Send", exact=True).click()
        assert "comments are no longer accepted" in citizen.inner_text("main")
        moderator.goto(draft_url)
        moderator.click("button:has-text('Close the discussion')")
        assert "Finalization" in moderator.inner_text("main")

        # The drafter answers both and sends it for approval.
        for _ in range(5):
            page.goto(draft_url)
            unanswered = page.locator("details:has(summary:text-is('Answer'))")
            if unanswered.count() == 0:
                break
            unanswered.first.locator("summary").click()
            unanswered.first.locator("textarea").fill("Inobatga olindi.")
            unanswered.first.locator("button").click()
            page.wait_for_load_state()
        page.click("button:has-text('Submit for approval')")
        assert "Awaiting approval" in page.inner_text("main")

        # The approver approves.
        approver = new_page(browser, live_server, "approver")
        approver.goto(draft_url)
        approver.fill("#number-approve", "501")
        approver.fill("#date-approve", timezone.localdate().isoformat())
        approver.click("button:has-text('Approve')")
        assert "Approved" in approver.inner_text("main")

    # Anyone downloads the official PDF.
    anyone = new_page(browser, live_server)
    anyone.goto(draft_url)
    pdf = anyone.request.get(f"{url}/api/v1/drafts/{draft_id}/pdf/")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")


def switch_language(page, live_server, language):
    page.goto(f"{live_server.url}/")
    if language != "en":
        with page.expect_navigation():
            page.select_option("#language", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_main_pages_in_each_language_are_accessible(browser, live_server, world_live, language):
    d = world_live.drafts
    public = {
        "home": "/",
        "draft": f"/drafts/{d['public_discussion'].pk}/",
        "acts": "/acts/",
        "search": "/search/?q=soliq",
        "signup": "/accounts/signup/",
        "login": "/accounts/login/",
        "summary": f"/drafts/{d['approved'].pk}/summary/",
        "verify": "/verify/",
    }
    staff = {
        "drafter": {
            "my-work": "/work/",
            "new-draft": "/work/drafts/new/",
            "draft-staff": f"/drafts/{d['finalization'].pk}/",
            "versions": f"/drafts/{d['finalization'].pk}/versions/?from=1&to=1",
        },
        "moderator": {"moderation": "/work/moderation/"},
        "citizen": {"my-page": "/me/"},
    }
    page = new_page(browser, live_server)
    switch_language(page, live_server, language)
    for name, path in public.items():
        page.goto(f"{live_server.url}{path}")
        assert page.locator("html").get_attribute("lang") == language
        shot(page, f"{name}-{language}")
        check_accessibility(page)
    for username, pages in staff.items():
        page = new_page(browser, live_server, username)
        switch_language(page, live_server, language)
        for name, path in pages.items():
            page.goto(f"{live_server.url}{path}")
            shot(page, f"{name}-{language}")
            check_accessibility(page)
    phone = new_page(browser, live_server, width=390)
    switch_language(phone, live_server, language)
    phone.goto(f"{live_server.url}{public['draft']}")
    shot(phone, f"draft-phone-{language}")
    check_accessibility(phone)
