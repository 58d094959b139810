"""An approved act's attachments are frozen with it and named in its official PDF."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from comments.selectors import unanswered_comment_ids
from comments.services import comment_respond
from tests.attachments.conftest import body
from tests.files import makers
from workflow.services import draft_transition

pytestmark = pytest.mark.django_db


def test_attachments_are_checked_before_approval_frozen_after_and_named_in_the_official_pdf(
    world, api, attach, django_capture_on_commit_callbacks
):
    draft, users = world.drafts["finalization"], world.users
    for comment_id in unanswered_comment_ids(draft):
        comment_respond(user=users["drafter"], comment_id=comment_id, decision="accepted", text="Qabul qilindi.")
    note = attach(draft, "Tushuntirish xati.pdf", makers.pdf(), kind="explanatory_note", title="Tushuntirish xati")
    photo = attach(draft, "Yig‘ilish.jpg", makers.jpeg_with_gps(320, 200), kind="photo", title="Yig‘ilishdan surat")
    assert note.status_code == photo.status_code == 201

    # A file still being checked holds the submission back, naming it.
    unchecked = (
        api(users["drafter"])
        .post(
            f"/api/v1/drafts/{draft.pk}/attachments/",
            {"file": makers.upload("jadval.pdf", makers.pdf()), "title": "Jadval", "kind": "table"},
            format="multipart",
        )
        .json()
    )
    refused = api(users["drafter"]).post(f"/api/v1/drafts/{draft.pk}/transitions/submit_for_approval/", format="json")
    assert refused.status_code == 409 and "Jadval" in str(refused.json())
    assert api(users["drafter"]).delete(f"/api/v1/drafts/{draft.pk}/attachments/{unchecked['id']}/").status_code == 204

    draft_transition(user=users["drafter"], draft_id=draft.pk, name="submit_for_approval", arguments={})
    with django_capture_on_commit_callbacks(execute=True):  # the official PDF is rendered after commit
        draft_transition(
            user=users["approver"],
            draft_id=draft.pk,
            name="approve",
            arguments={"number": "46", "approved_on": timezone.localdate()},
        )

    drafter = api(users["drafter"])
    removal = drafter.delete(f"/api/v1/drafts/{draft.pk}/attachments/{note.json()['id']}/")
    addition = attach(draft, "Yana.pdf", makers.pdf())
    assert removal.status_code == addition.status_code == 409
    assert removal.json()["status"] == "approved"

    listed = {a["title"]: a for a in api(None).get(f"/api/v1/drafts/{draft.pk}/").json()["attachments"]}
    pdf = api(None).get(f"/api/v1/drafts/{draft.pk}/pdf/")
    assert pdf.status_code == 200, pdf.content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(body(pdf))).pages)
    flat = "".join(text.split())
    assert "Ilova qilingan fayllar" in text
    for title, name in (("Tushuntirish xati", "Tushuntirish xati.pdf"), ("Yig‘ilishdan surat", "Yig‘ilish.jpg")):
        # "Title — name, 329 bayt": under 1 kB the size is printed in bytes.
        assert "".join(f"{title} — {name}, {listed[title]['size']}".split()) in flat
        # The SHA-256 of the bytes served: for the photo, of the picture re-encoded without its metadata.
        assert listed[title]["sha256"] in flat
    assert listed["Yig‘ilishdan surat"]["sha256"] != photo.json()["sha256"]
