"""Draft attachments in Chromium: a drafter attaches a photo (with GPS) and a PDF through the draft page,
sees the thumbnail drawn from the re-encoded picture and a download link, in Uzbek at 1280 px and in
Russian at 375 px; the public gets nothing of a draft still being written. Every page passes axe with no
sideways scroll on a phone; screenshots in tests/screenshots/attachments/.
"""

import pytest

from tests.files import makers
from tests.portal.chromium import DESKTOP, PHONE, needs_chromium
from tests.portal.conftest import browser, world_live  # noqa: F401 (fixtures)
from tests.portal.test_browser import (
    accessibility_problems,
    choose_language,
    log_in,
    new_context,
    overflow,
    shot,
    words,
)

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]


@pytest.mark.parametrize(("language", "width"), [("uz", DESKTOP), ("ru", PHONE)])
def test_a_drafter_attaches_a_photo_and_a_document_from_the_draft_page(
    browser,  # noqa: F811
    live_server,
    world_live,  # noqa: F811
    language,
    width,
):
    draft = world_live.drafts["draft"]
    context = new_context(browser, language, width)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    choose_language(page, language)
    log_in(page, "drafter")
    page.goto(f"{live_server.url}/drafts/{draft.pk}/")  # the journey test covers reaching it by clicks
    problems = []

    form = page.locator("main form[action$='/attachments/'][enctype='multipart/form-data']")
    for kind, title, upload in (
        ("photo", "Hudud xaritasi", {"name": "xarita.jpg", "mimeType": "image/jpeg", "buffer": makers.jpeg_with_gps()}),
        (
            "explanatory_note",
            "Tushuntirish xati",
            {"name": "xat.pdf", "mimeType": "application/pdf", "buffer": makers.pdf()},
        ),
    ):
        form.locator("[name=file]").set_input_files(upload)
        form.locator("[name=kind]").select_option(kind)
        form.locator("[name=title]").fill(title)
        with page.expect_navigation():
            form.locator("button[type=submit]").click()

    listed = page.locator("main .attachment-list li")
    assert listed.count() == 2
    page.wait_for_function("() => document.querySelector('.attachment-list img').naturalWidth > 0")
    pdf_link = listed.filter(has_text="Tushuntirish xati").get_by_role("link", name="Tushuntirish xati")
    served = context.request.get(live_server.url + pdf_link.get_attribute("href"))
    assert served.status == 200 and served.headers["content-disposition"].startswith("attachment;")
    assert served.headers["x-content-type-options"] == "nosniff"
    assert listed.first.get_by_role("button", name=words(language, "Remove")).count() == 1

    for each in (PHONE, DESKTOP):
        page.set_viewport_size({"width": each, "height": 900})
        name = f"draft-attachments-{language}-{each}"
        if each == PHONE and (extra := overflow(page)) > 0:
            problems.append((name, "overflow", extra))
        problems += accessibility_problems(page, name)
        shot(page, name, folder="attachments")
    assert problems == []

    # The draft is still being written: the public learns nothing of its files.
    picture = page.locator(".attachment-list img").get_attribute("src")
    stranger = new_context(browser, language, width)
    assert stranger.request.get(live_server.url + picture).status == 404
    stranger.close()
    context.close()
