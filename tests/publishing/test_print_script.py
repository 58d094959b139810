"""A draft's print in either script: stored apart, never served for the other; the official PDF stays official."""

import pytest

from drafts.models import IssuingBody
from drafts.transliteration import to_cyrillic, to_latin
from publishing.models import DraftPrint
from publishing.pdf import prints
from tests.publishing.test_prints import fetch, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """Counts the print renderings (each still renders for real with WeasyPrint)."""
    calls, real = [], prints.render_pdf
    monkeypatch.setattr(prints, "render_pdf", lambda html, **options: calls.append(1) or real(html, **options))
    return calls


def test_a_latin_draft_prints_in_cyrillic_and_each_script_is_stored_apart(world, api, renders):
    draft = world.drafts["public_discussion"]
    path = f"/api/v1/drafts/{draft.pk}/print/"
    latin, latin_pdf = fetch(api(None), path)
    cyrillic, cyrillic_pdf = fetch(api(None), path + "?script=cyrl")

    assert latin.status_code == cyrillic.status_code == 200
    assert cyrillic["Content-Disposition"] == f'inline; filename="draft-{draft.pk}-v{draft.version}-cyrl.pdf"'
    assert latin["Content-Disposition"] == f'inline; filename="draft-{draft.pk}-v{draft.version}.pdf"'
    title_word = to_cyrillic("takomillashtirish")
    assert title_word in pdf_text(cyrillic_pdf) and title_word not in pdf_text(latin_pdf)
    assert "takomillashtirish" in pdf_text(latin_pdf)
    # Still marked as a draft, and the issuer named, in the script it is printed in.
    assert to_cyrillic("Loyiha") in pdf_text(cyrillic_pdf)
    place = IssuingBody.objects.get(pk=draft.issuing_body_id).place_uz_cyrl
    assert place and place in pdf_text(cyrillic_pdf) and place not in pdf_text(latin_pdf)
    assert latin["ETag"] != cyrillic["ETag"]
    assert DraftPrint.objects.filter(version__draft=draft).count() == 2

    # Each script is served from its own stored file, in any order, without rendering again.
    _, again_latin = fetch(api(world.users["citizen"]), path + "?script=latn")
    _, again_cyrillic = fetch(api(world.users["citizen"]), path + "?script=cyrl")
    assert again_latin == latin_pdf and again_cyrillic == cyrillic_pdf
    assert len(renders) == 2
    not_modified, _ = fetch(api(None), path + "?script=cyrl", HTTP_IF_NONE_MATCH=cyrillic["ETag"])
    assert not_modified.status_code == 304
    other_script, _ = fetch(api(None), path + "?script=latn", HTTP_IF_NONE_MATCH=cyrillic["ETag"])
    assert other_script.status_code == 200


def test_a_cyrillic_draft_prints_in_latin(world, api, renders):
    draft = world.drafts["approval"]
    response, content = fetch(api(world.users["drafter"]), f"/api/v1/drafts/{draft.pk}/print/?script=latn")
    assert response.status_code == 200
    assert to_latin("Ижтимоий шериклик") in pdf_text(content)


def test_the_official_script_asked_for_is_the_ordinary_print(world, api, renders):
    path = f"/api/v1/drafts/{world.drafts['public_discussion'].pk}/print/"
    _, plain = fetch(api(None), path)
    _, latin = fetch(api(None), path + "?script=latn")
    assert plain == latin and len(renders) == 1


def test_an_unknown_script_is_refused_before_any_rendering(world, api, renders):
    response = api(None).get(f"/api/v1/drafts/{world.drafts['public_discussion'].pk}/print/?script=arab")
    assert response.status_code == 400
    assert "script" in response.json()["errors"]
    assert renders == []


def test_the_official_pdf_ignores_the_script(world, api):
    draft = world.drafts["approved"]
    path = f"/api/v1/drafts/{draft.pk}/pdf/"
    official, official_pdf = fetch(api(None), path)
    asked, asked_pdf = fetch(api(None), path + "?script=cyrl")
    assert official.status_code == asked.status_code == 200
    assert asked_pdf == official_pdf
