"""Bounded cost: a draft's print is rendered once per version and stored; prints and summaries are throttled."""

import io

import pypdf
import pytest
from rest_framework.throttling import ScopedRateThrottle

from drafts.models import ActType
from publishing.models import DraftPrint
from publishing.pdf import prints
from workflow.services import draft_transition

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def fetch(client, path, **headers):
    response = client.get(path, **headers)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response, content


@pytest.fixture
def renders(monkeypatch):
    """Counts the print renderings (each still renders for real with WeasyPrint)."""
    calls = []
    real = prints.render_pdf

    def counting(html, **options):
        calls.append(1)
        return real(html, **options)

    monkeypatch.setattr(prints, "render_pdf", counting)
    return calls


def test_a_print_is_rendered_once_and_served_from_storage_after(world, api, renders):
    path = f"/api/v1/drafts/{world.drafts['public_discussion'].pk}/print/"
    first, first_pdf = fetch(api(None), path)
    second, second_pdf = fetch(api(world.users["citizen"]), path)

    assert first.status_code == second.status_code == 200
    assert first["Content-Disposition"].startswith('inline; filename="draft-')
    assert second_pdf == first_pdf and "Loyiha. Rasmiy nusxa emas" in pdf_text(first_pdf)
    assert first["ETag"] == second["ETag"] and len(first["ETag"]) == 66
    not_modified, _ = fetch(api(None), path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304
    assert len(renders) == 1


def test_a_new_version_or_act_type_name_prints_anew(world, api, renders):
    draft, drafter = world.drafts["expert_review"], world.users["drafter"]
    path = f"/api/v1/drafts/{draft.pk}/print/"
    _, before = fetch(api(drafter), path)

    draft_transition(user=drafter, draft_id=draft.pk, name="return_to_draft", arguments={"reason": "Aniqlashtirish"})
    body = draft.versions.get(number=draft.version).body + "\n\nYangi qoʻshimcha xatboshi."
    assert api(drafter).patch(f"/api/v1/drafts/{draft.pk}/", {"body": body}, format="json").status_code == 200
    draft_transition(user=drafter, draft_id=draft.pk, name="submit_for_review")
    _, after = fetch(api(drafter), path)
    assert "Yangi qoʻshimcha xatboshi" in pdf_text(after) and "Yangi" not in pdf_text(before)
    # Only the current version is printed: the earlier version's stored print is gone.
    assert DraftPrint.objects.filter(version__draft=draft).count() == 1

    # The print names the act type in the act's own language (here Russian).
    ActType.objects.filter(pk=draft.act_type_id).update(name_ru="ХОКИМ ФАРМОЙИШИ (ЯНГИ)")
    _, renamed = fetch(api(drafter), path)
    assert "ХОКИМ ФАРМОЙИШИ (ЯНГИ)" in pdf_text(renamed)
    assert len(renders) == 3


def test_a_missing_print_file_is_rendered_again(world, api, renders):
    path = f"/api/v1/drafts/{world.drafts['finalization'].pk}/print/"
    first, first_pdf = fetch(api(None), path)
    stored = DraftPrint.objects.get(version__draft=world.drafts["finalization"])
    stored.file.storage.delete(stored.file.name)

    again, again_pdf = fetch(api(None), path)
    assert again.status_code == 200 and again_pdf == first_pdf
    assert len(renders) == 2


@pytest.fixture
def tight_rates(monkeypatch):
    """DRF reads the rates at import; these stand for THROTTLE_PRINT=2/min and THROTTLE_SUMMARY_PDF=1/min."""
    monkeypatch.setattr(
        ScopedRateThrottle,
        "THROTTLE_RATES",
        {**ScopedRateThrottle.THROTTLE_RATES, "print": "2/min", "summary_pdf": "1/min"},
    )


def test_prints_are_throttled_per_address_and_per_user(world, api, tight_rates):
    path = f"/api/v1/drafts/{world.drafts['public_discussion'].pk}/print/"
    anonymous = [fetch(api(None), path)[0] for _ in range(3)]
    assert [r.status_code for r in anonymous] == [200, 200, 429]
    assert int(anonymous[-1]["Retry-After"]) > 0
    assert "detail" in anonymous[-1].json()
    # Another caller has a rate of their own.
    assert fetch(api(world.users["citizen"]), path)[0].status_code == 200


def test_summary_pdfs_are_throttled(world, api, tight_rates):
    path = f"/api/v1/drafts/{world.drafts['approved'].pk}/summary/pdf/"
    assert api(None).get(path).status_code == 200
    refused = api(None).get(path)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
