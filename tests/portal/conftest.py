import os

import pytest

from tests.portal.chromium import CHROMIUM, LAUNCH_ARGS
from workflow.demo.world import build_demo_world


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module (Debian's, driven by Playwright; tests/portal/chromium.py)."""
    # Playwright's sync API keeps an event loop in this thread; Django's ORM calls from the test are safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def world_live(live_server):
    """The demo world, on the live server the browser talks to; every password is "demo"."""
    return build_demo_world(password="demo")
