"""PDFs name the host that served them and print in the act's script, hyphenated where a dictionary exists (defect 13)."""

import io

import pypdf
import pytest
from django.test import override_settings
from django.utils import translation

from publishing.pdf.documents import act_html, hyphenates
from publishing.pdf.render import render_pdf

pytestmark = pytest.mark.django_db

HOSTS = ["drafts.example.uz", "loyihalar.example.uz", "testserver"]


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def fetch(client, path, **headers) -> tuple:
    response = client.get(path, **headers)
    return response, b"".join(response.streaming_content) if response.streaming else response.content


@override_settings(ALLOWED_HOSTS=HOSTS, SITE_URL="https://canonical.example.uz")
def test_a_draft_print_names_the_host_that_served_it(world, api):
    draft = world.drafts["approval"]
    path = f"/api/v1/drafts/{draft.pk}/print/"
    client = api(world.users["drafter"])
    checksum = draft.versions.get(number=draft.version).checksum

    first, first_pdf = fetch(client, path, HTTP_HOST="drafts.example.uz")
    second, second_pdf = fetch(client, path, HTTP_HOST="loyihalar.example.uz")

    assert first.status_code == second.status_code == 200
    # The address breaks across the line at the slash before the checksum.
    assert "http://drafts.example.uz/verify/" in pdf_text(first_pdf) and checksum in pdf_text(first_pdf)
    assert "loyihalar.example.uz/verify/" in pdf_text(second_pdf)
    assert "canonical.example.uz" not in pdf_text(first_pdf) + pdf_text(second_pdf)


@override_settings(ALLOWED_HOSTS=HOSTS)
def test_a_host_outside_allowed_hosts_gets_no_pdf(world, api):
    draft = world.drafts["approval"]
    response = api(world.users["drafter"]).get(f"/api/v1/drafts/{draft.pk}/print/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400


@override_settings(ALLOWED_HOSTS=HOSTS, SITE_URL="https://canonical.example.uz")
def test_the_summary_pdf_names_the_host_that_served_it(world, api):
    draft = world.drafts["finalization"]
    response, content = fetch(api(None), f"/api/v1/drafts/{draft.pk}/summary/pdf/", HTTP_HOST="drafts.example.uz")
    assert response.status_code == 200
    text = pdf_text(content)
    assert f"http://drafts.example.uz/drafts/{draft.pk}/summary/" in text
    assert "canonical.example.uz" not in text


@override_settings(SITE_URL="https://canonical.example.uz")
def test_a_document_rendered_without_a_request_names_site_url(world):
    # The official copy is rendered by a job after the approval commits: no request, so SITE_URL.
    draft = world.drafts["approved"]
    version = draft.versions.get(number=draft.version)
    html = act_html(draft, version, official=True)
    assert f"https://canonical.example.uz/verify/{version.checksum}/" in html


@pytest.mark.parametrize(
    ("state", "expected", "latin"),
    [
        (
            "approval",  # Uzbek Cyrillic
            [
                "САМАРҚАНД ВИЛОЯТИ ҲОКИМЛИГИ",
                "ВИЛОЯТ КЕНГАШИНИНГ ҚАРОРИ",
                "Самарқанд шаҳри",
                "Вилоят ҳокими",
                "Э. Турдимов",
            ],
            ["SAMARQAND", "Samarqand", "Viloyat hokimi", "E. Turdimov"],
        ),
        (
            "expert_review",  # Russian
            [
                "ХОКИМИЯТ САМАРКАНДСКОЙ ОБЛАСТИ",
                "РАСПОРЯЖЕНИЕ ХОКИМА ОБЛАСТИ",
                "город Самарканд",
                "Хоким области",
                "Э. Турдимов",
            ],
            ["SAMARQAND", "Samarqand", "Viloyat hokimi", "E. Turdimov"],
        ),
    ],
)
@pytest.mark.parametrize("reader_language", ["en", "uz"])
def test_a_cyrillic_acts_header_place_and_signatory_are_in_its_script(world, state, expected, latin, reader_language):
    draft = world.drafts[state]
    version = draft.versions.get(number=draft.version)
    # Whatever language the request that causes the rendering speaks, the act prints in its own.
    with translation.override(reader_language):
        text = pdf_text(render_pdf(act_html(draft, version, official=True)))
    for words in expected:
        assert words in text, words
    for words in latin:
        assert words not in text, words


def test_justified_text_is_hyphenated_where_pyphen_has_a_dictionary_else_ragged(world):
    assert hyphenates("ru") and hyphenates("en")
    assert not hyphenates("uz-Latn") and not hyphenates("uz-Cyrl")
    russian = world.drafts["expert_review"]
    html = act_html(russian, russian.versions.get(number=russian.version), official=False)
    assert '<html lang="ru">' in html and '<body class="justified">' in html
    cyrillic = world.drafts["approval"]
    html = act_html(cyrillic, cyrillic.versions.get(number=cyrillic.version), official=False)
    assert '<html lang="uz-Cyrl">' in html and '<body class="ragged">' in html


def test_a_russian_print_breaks_words_with_hyphens(world):
    draft = world.drafts["expert_review"]
    version = draft.versions.get(number=draft.version)
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(act_html(draft, version, official=False))))
    lines = "\n".join(page.extract_text() for page in reader.pages).splitlines()
    # A line ending in a hyphen that the text does not have: a word hyphenated by the Russian dictionary.
    broken = [
        line for line in lines if line.rstrip().endswith(("-", "\u00ad", "‐")) and line.strip() not in version.body
    ]
    assert broken, lines[:40]
