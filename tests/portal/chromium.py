"""What the browser tests share: Debian's Chromium, where screenshots go, the widths, and the skip when it is missing."""

import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
LANGUAGES = ["uz", "uz-cyrl", "ru", "en"]
PHONE, DESKTOP = 375, 1280
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Chromium is not installed: browser tests did NOT run"
)
