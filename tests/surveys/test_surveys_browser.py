"""Surveys and statistics in Chromium, only by clicking: a citizen supports the draft and answers its survey
in Uzbek (Latin); the statistics page shows the votes and the survey, in Uzbek at 1280 px and in Russian at
375 px. Each page passes axe (no serious or critical violation) at 375 and 1280 px and fits a phone's width.

Skipped, saying so, when Chromium is not installed. Screenshots land in tests/screenshots/surveys/; the two
the README shows are copied to docs/screenshots/.
"""

from pathlib import Path

import pytest

from tests.portal.chromium import DESKTOP, PHONE, SCREENSHOTS, needs_chromium
from tests.portal.test_moderation_browser import problems_on as shared_problems_on

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]

SHOTS = SCREENSHOTS / "surveys"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def problems_on(page, name: str, focus: str = "") -> list:
    return shared_problems_on(page, name, folder=SHOTS, focus=focus)


def log_in(page, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.locator("main input[name=username]").fill(username)
    page.locator("main input[name=password]").fill("demo")
    with page.expect_navigation():
        page.locator("main form:has(input[name=password]) button[type=submit]").click()


def test_a_citizen_answers_the_survey_and_the_statistics_show_it(browser, live_server, world_live):
    from surveys.models import SurveyResponse
    from tests.portal.test_browser import choose_language

    draft = world_live.drafts["public_discussion"]
    context = browser.new_context(viewport={"width": PHONE, "height": 900}, locale="uz")
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    choose_language(page, "uz")
    log_in(page, live_server.url, "citizen")
    page.goto(f"{live_server.url}/drafts/{draft.pk}/")
    with page.expect_navigation():
        page.locator("#votes button[value=for]").click()

    survey = page.locator("#survey")
    survey.get_by_role("radio", name="Haftada ikki marta").check()
    survey.get_by_role("checkbox", name="Plastik").check()
    survey.get_by_role("checkbox", name="Shisha").check()
    survey.locator("fieldset.scale input[value='5']").check()
    survey.locator("textarea").fill("Hovlilarda konteyner maydonchalari kerak.")
    problems = problems_on(page, "survey-form", focus="survey")
    with page.expect_navigation():
        survey.locator("button[type=submit]").click()
    assert SurveyResponse.objects.filter(user__username="citizen", survey__draft=draft).count() == 1
    survey = page.locator("#survey")
    assert "Send my answers" not in survey.inner_text()
    # Live results: the demo residents chose 0, 1, 0 and this citizen 1.
    assert "Haftada ikki marta\t2" in survey.locator("table").first.inner_text()
    problems += problems_on(page, "survey-answered", focus="survey")

    page.goto(f"{live_server.url}/drafts/{draft.pk}/statistics/")
    main = page.locator("main")
    assert main.locator("svg[role=img]").count() >= 8
    tiles = main.locator(".stat-tiles").inner_text()
    assert "4" in tiles and "1" in tiles  # four answered the survey, one supports the draft
    problems += problems_on(page, "statistics-uz")
    page.set_viewport_size({"width": DESKTOP, "height": 900})
    page.screenshot(path=str(SHOTS / "statistics-uz-1280-full.png"), full_page=True)
    DOCS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOCS / "statistics-uz-1280.png"), full_page=True)

    choose_language(page, "ru")
    page.set_viewport_size({"width": PHONE, "height": 900})
    problems += problems_on(page, "statistics-ru")
    page.screenshot(path=str(DOCS / "statistics-ru-375.png"), full_page=True)
    page.goto(f"{live_server.url}/statistics/")
    assert page.locator("main svg[role=img]").count() >= 5
    problems += problems_on(page, "statistics-year-ru")
    context.close()
    assert problems == [], "\n".join(map(str, problems))
