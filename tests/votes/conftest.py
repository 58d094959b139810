"""The browser tests of votes use the portal's Chromium and live demo world."""

from tests.portal.conftest import browser, world_live  # noqa: F401 - fixtures, found by name
