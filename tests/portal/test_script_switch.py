"""The draft page in either script: a switch on Uzbek drafts, the official script named, comments as written."""

import re

import pytest
from django.utils.html import escape

from comments.models import Comment
from drafts.models import Draft
from drafts.transliteration import to_cyrillic, to_latin
from tests.portal.chromium import SCREENSHOTS, needs_chromium

pytestmark = pytest.mark.django_db


def switch_links(html: str) -> dict[str, bool]:
    """The switch's two links, each with whether it is marked current."""
    links = re.findall(r'<a href="\?script=(latn|cyrl)"[^>]*?( aria-current="true")?>', html)
    return {script: bool(current) for script, current in links}


def test_a_latin_draft_is_read_in_cyrillic_with_its_comments_as_written(world, as_user):
    draft = world.drafts["public_discussion"]
    client = as_user("citizen")
    official = client.get(f"/drafts/{draft.pk}/").content.decode()
    response = client.get(f"/drafts/{draft.pk}/?script=cyrl")
    html = response.content.decode()

    assert response.status_code == 200
    assert switch_links(official) == {"latn": True, "cyrl": False}
    assert switch_links(html) == {"latn": False, "cyrl": True}
    assert "Official text: Latin script." in html and "Shown in Cyrillic." in html
    assert "Shown in" not in official
    assert f"<h1>{escape(to_cyrillic(draft.title))}</h1>" in html
    opening = to_cyrillic(draft.body.splitlines()[0].strip())
    assert escape(opening) in html and escape(draft.body.splitlines()[0].strip()) not in html
    # Provisions keep their anchors, so links to #p-1 work in both scripts.
    assert re.findall(r'id="((?:art|p)-[\w-]+)"', html) == re.findall(r'id="((?:art|p)-[\w-]+)"', official)
    shown_comments = [c.text for c in Comment.objects.filter(draft=draft) if escape(c.text) in official]
    assert shown_comments, "the page shows comments"
    for text in shown_comments:
        assert escape(text) in html, "a comment is shown as its author wrote it"
    # The print link follows the script shown.
    assert f"/api/v1/drafts/{draft.pk}/print/?script=cyrl" in html


def test_a_cyrillic_draft_is_read_in_latin(world, as_user):
    draft = world.drafts["approval"]
    html = as_user("drafter").get(f"/drafts/{draft.pk}/?script=latn").content.decode()
    assert switch_links(html) == {"latn": True, "cyrl": False}
    assert "Official text: Cyrillic script." in html and "Shown in Latin." in html
    assert escape(to_latin(draft.title)) in html


def test_a_russian_draft_has_no_switch_and_is_never_transliterated(world, as_user):
    draft = world.drafts["expert_review"]
    response = as_user("drafter").get(f"/drafts/{draft.pk}/?script=latn")
    html = response.content.decode()
    assert response.status_code == 200
    assert switch_links(html) == {}
    assert escape(draft.title) in html


@pytest.mark.parametrize("value", ["arab", "CYRL", "uz-Cyrl", "<script>"])
def test_an_unknown_script_is_refused_with_a_reason(world, client, value):
    response = client.get(f"/drafts/{world.drafts['public_discussion'].pk}/", {"script": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert "“latn” (Latin) or “cyrl” (Cyrillic)" in html and "<script>" not in html.split("<main", 1)[-1]


def test_reading_in_another_script_stores_nothing(world, client):
    draft = world.drafts["public_discussion"]
    client.get(f"/drafts/{draft.pk}/?script=cyrl")
    assert Draft.objects.get(pk=draft.pk).title == draft.title


@pytest.mark.django_db(transaction=True)
@needs_chromium
def test_the_switch_is_clicked_and_the_page_stays_accessible_on_a_phone(browser, live_server, world):
    # Last in the module: a transactional test empties the database (the module's world) when it ends.
    from axe_playwright_python.sync_playwright import Axe

    draft = world.drafts["public_discussion"]
    context = browser.new_context(viewport={"width": 375, "height": 900}, locale="uz")
    context.set_default_timeout(15000)
    page = context.new_page()
    page.goto(f"{live_server.url}/drafts/{draft.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Кирилл", exact=True).click()
    assert page.locator("h1").inner_text() == to_cyrillic(draft.title)
    assert page.get_by_role("link", name="Кирилл", exact=True).get_attribute("aria-current") == "true"
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "draft-cyrillic-375.png"), full_page=True)
    violations = Axe().run(page).response["violations"]
    assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == []
    with page.expect_navigation():
        page.get_by_role("link", name="Lotin", exact=True).click()
    assert page.locator("h1").inner_text() == draft.title
    context.close()
