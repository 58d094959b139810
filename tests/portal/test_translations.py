"""The interface is complete in Uzbek (Latin and Cyrillic) and Russian: every message translated."""

import shutil
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
CATALOGS = sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))


def test_every_language_has_a_catalog():
    assert {p.parts[-3] for p in CATALOGS} == {"uz", "uz_Cyrl", "ru"}


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext's msgfmt is not installed: catalogs NOT checked")
@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda p: p.parts[-3])
def test_catalog_is_valid_and_complete(catalog):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(catalog)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


ENGLISH_ON_EVERY_PAGE = ["Approved acts", "Search drafts and acts", "Under discussion", "Verify an official copy"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["uz", "uz-cyrl", "ru"])
def test_home_page_speaks_the_language(client, world, language):
    client.cookies["django_language"] = language
    html = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<html lang="{language}">' in html
    for english in ENGLISH_ON_EVERY_PAGE:
        assert english not in html, english
