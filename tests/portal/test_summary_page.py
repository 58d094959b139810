"""The summary of proposals as a page: a link to its PDF, and no label left in the draft's language (defects 4, 11)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["ru", "en", "uz-cyrl"])
def test_the_whole_draft_group_is_named_in_the_readers_language(client, world, language):
    draft = world.drafts["finalization"]  # an Uzbek Latin draft with remarks on the draft as a whole
    page = client.get(f"/drafts/{draft.pk}/summary/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert "Loyiha umuman" not in page
    assert f'<html lang="{language}">' in page


def test_the_summary_page_links_to_its_pdf_which_opens(client, world):
    draft = world.drafts["finalization"]
    page = client.get(f"/drafts/{draft.pk}/summary/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    link = f'href="/api/v1/drafts/{draft.pk}/summary/pdf/"'
    assert link in page
    pdf = client.get(f"/api/v1/drafts/{draft.pk}/summary/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_the_summary_tables_stack_on_a_phone_with_each_cell_labelled(client, world):
    draft = world.drafts["finalization"]
    page = client.get(f"/drafts/{draft.pk}/summary/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<table class="stack summary-table">' in page
    for label in ("Proposal", "Author", "Decision", "Reasoning"):
        assert f'data-label="{label}"' in page
