"""The media library in Chromium: the media editor adds and publishes a photo and an audio material through
the pages (Uzbek, desktop); the public browses the library, opens the gallery's larger view and plays the
audio and the video in the page (Russian on a phone, Uzbek on a desktop). The player's duration becomes
known and its whole length is seekable (the file answers ranges); every thumbnail loaded. Every page passes
axe at both widths; screenshots in tests/screenshots/library/.
"""

import pytest

from tests.files import makers
from tests.portal.chromium import DESKTOP, PHONE, SCREENSHOTS, needs_chromium
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

PHOTO_TITLE = "Yangi bog‘ ochildi"
AUDIO_TITLE = "Hokim bilan radio suhbat"


class Person:
    """A browser that looks at each page it reaches: language, no sideways scroll on a phone, axe, a screenshot."""

    def __init__(self, chromium, url: str, language: str, width: int, name: str):
        self.language, self.width, self.name = language, width, name
        self.context = new_context(chromium, language, width)
        self.page = self.context.new_page()
        self.page.goto(f"{url}/")
        choose_language(self.page, language)
        self.problems: list = []

    def t(self, message: str) -> str:
        return words(self.language, message)

    def look(self, what: str, both_widths: bool = False, full_page: bool = True) -> None:
        page = self.page
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == self.language, page.url
        for width in (PHONE, DESKTOP) if both_widths else (self.width,):
            page.set_viewport_size({"width": width, "height": 900})
            name = f"{what}-{self.language}-{width}"
            if width == PHONE and (extra := overflow(page)) > 0:
                self.problems.append((name, "overflow", f"{extra} px wider than a {PHONE} px screen", page.url))
            self.problems += accessibility_problems(page, name)
            if full_page:
                shot(page, name, folder="library")
            else:  # what the screen shows: a full-page picture would misplace what is fixed to the screen
                page.screenshot(path=str(SCREENSHOTS / "library" / f"{name}.jpg"), type="jpeg", quality=80)
        page.set_viewport_size({"width": self.width, "height": 900})

    def click(self, locator, what: str, **look) -> None:
        with self.page.expect_navigation():
            locator.click()
        self.look(what, **look)


def add_material(editor: Person, kind: str, title: str, upload: dict, publish_now: bool, draft_id: int) -> None:
    page = editor.page
    form = page.locator("main form.material-form")
    form.locator("[name=kind]").select_option(kind)
    form.locator("[name=title]").fill(title)
    form.locator("[name=description]").fill("Mahalla faollari bilan uchrashuvdan lavha: bog‘ va yo‘laklar.")
    form.locator("[name=date]").fill("2025-09-15")
    form.locator("[name=tags]").fill("Ko‘kalamzorlashtirish, Mahalla")
    form.locator("[name=author_or_source]").fill("Axborot xizmati")
    form.locator("[name=drafts]").select_option(str(draft_id))
    form.locator("[name=file]").set_input_files(upload)
    button = "button[name=publish]" if publish_now else "button.secondary[type=submit]"
    editor.click(form.locator(button), f"{kind}-saved")
    assert editor.page.locator("main h1").inner_text() == title


def test_the_editor_publishes_and_the_public_browses_views_and_plays(browser, live_server, world_live):  # noqa: F811
    url = live_server.url
    discussion = world_live.drafts["public_discussion"].pk

    editor = Person(browser, url, "uz", DESKTOP, "editor")
    log_in(editor.page, "media_editor")
    assert editor.page.url.endswith("/work/")
    editor.look("editor-my-work")
    editor.click(editor.page.locator("main a[href='/media-library/new/']"), "editor-new-material", both_widths=True)
    photo = {"name": "bog.jpg", "mimeType": "image/jpeg", "buffer": makers.jpeg_with_gps(1200, 800)}
    add_material(editor, "photo", PHOTO_TITLE, photo, publish_now=True, draft_id=discussion)
    assert editor.page.locator("main .messages").inner_text().strip() == editor.t(
        "The material was saved and published."
    )
    editor.click(editor.page.locator("footer").get_by_role("link", name=editor.t("Media library")), "editor-library")
    editor.click(editor.page.locator("main a[href='/media-library/new/']"), "editor-new-audio")
    audio = {"name": "suhbat.wav", "mimeType": "audio/wav", "buffer": makers.wav(6.0)}
    add_material(editor, "audio", AUDIO_TITLE, audio, publish_now=False, draft_id=discussion)
    material_path = editor.page.url.removeprefix(url)
    editor.click(editor.page.locator(f"form[action='{material_path}publish/'] button"), "editor-audio-published")
    assert editor.page.locator(f"form[action='{material_path}unpublish/']").count() == 1
    editor.context.close()

    problems = editor.problems
    for language, width in (("ru", PHONE), ("uz", DESKTOP)):
        visitor = Person(browser, url, language, width, "visitor")
        page = visitor.page
        visitor.click(
            page.locator("footer").get_by_role("link", name=visitor.t("Media library")), "library", both_widths=True
        )
        assert page.locator(f"main a:text-is('{PHOTO_TITLE}')").count() == 1
        visitor.click(page.locator("nav.kind-tabs a[href*='kind=photo']"), "gallery", both_widths=True)
        thumbnails = page.locator("ul.gallery img")
        assert thumbnails.count() == 4  # three of the demo world and the editor's
        page.wait_for_function(
            "() => [...document.querySelectorAll('ul.gallery img')].every(i => i.complete && i.naturalWidth > 0)"
        )
        tile = page.locator("ul.gallery li", has_text=PHOTO_TITLE)
        tile.locator("a.tile-picture").click()
        lightbox = page.locator(".lightbox:target")
        lightbox.wait_for(state="visible")
        page.wait_for_function("() => document.querySelector('.lightbox:target img').naturalWidth > 0")
        assert lightbox.locator("figcaption").inner_text().startswith(PHOTO_TITLE)
        visitor.look("gallery-larger-view", both_widths=True, full_page=False)
        lightbox.locator("figcaption a[href^='#tile-']").click()
        assert page.locator(".lightbox:target").count() == 0
        # Escape closes it too, and the keyboard is back on the picture that opened it.
        tile.locator("a.tile-picture").click()
        lightbox.wait_for(state="visible")
        page.keyboard.press("Escape")
        page.wait_for_function("() => document.querySelector('.lightbox:target') === null")
        assert page.evaluate("() => document.activeElement.classList.contains('tile-picture')")
        visitor.click(tile.locator(".tile-title a"), "photo", both_widths=True)
        page.wait_for_function("() => document.querySelector('.material-photo img').naturalWidth > 0")
        assert (
            page.locator("main a[href^='/drafts/']", has_text=world_live.drafts["public_discussion"].title).count() == 1
        )

        visitor.click(page.locator("footer").get_by_role("link", name=visitor.t("Media library")), "library-again")
        press = world_live.materials["press_release"]
        visitor.click(page.locator(f"main .tile-title a[href='/media-library/{press.pk}/']"), "text", both_widths=True)
        assert "moliya bo‘limlaridan" in page.locator("main .material-text").inner_text()
        visitor.click(page.locator("main .breadcrumb a[href='/media-library/']"), "library-from-text")
        visitor.click(page.locator("nav.kind-tabs a[href*='kind=audio']"), "audio-list")
        visitor.click(page.locator("main .tile-title a", has_text=AUDIO_TITLE), "audio", both_widths=True)
        # Duration known and the whole file seekable: the player fetched it by ranges.
        player = page.locator("audio.material-player")
        page.wait_for_function(
            "() => { const a = document.querySelector('audio.material-player');"
            " return a.readyState >= 1 && isFinite(a.duration) && a.duration > 0; }"
        )
        duration, seekable_end = player.evaluate("a => [a.duration, a.seekable.length ? a.seekable.end(0) : 0]")
        assert abs(duration - 6.0) < 0.1 and seekable_end == pytest.approx(duration, abs=0.1)
        player.evaluate("a => { a.currentTime = 4.5; }")
        page.wait_for_function(
            "() => Math.abs(document.querySelector('audio.material-player').currentTime - 4.5) < 0.1"
        )

        if "hearing_video" in world_live.materials:
            video = world_live.materials["hearing_video"]
            visitor.click(page.locator("footer").get_by_role("link", name=visitor.t("Media library")), "library-3")
            visitor.click(page.locator("nav.kind-tabs a[href*='kind=video']"), "video-list")
            visitor.click(
                page.locator(f"main .tile-title a[href='/media-library/{video.pk}/']"), "video", both_widths=True
            )
            page.wait_for_function(
                "() => { const v = document.querySelector('video.material-player');"
                " return v.readyState >= 1 && v.duration > 2.5 && v.videoWidth === 320; }"
            )
        visitor.context.close()
        problems += visitor.problems
    assert problems == [], "\n".join(map(str, problems))
