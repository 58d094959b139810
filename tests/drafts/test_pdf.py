"""The official PDF of approved acts, prints of drafts and summaries, and the locked-down renderer (brief §5)."""

import datetime
import hashlib
import io
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from unittest import mock

import pypdf
import pytest
import time_machine
from django.utils import timezone

from comments.services import conclusion_submit
from drafts.services import draft_assign_expert_group, draft_create
from publishing import official_copies
from publishing.models import OfficialCopy, RenderAttempt
from publishing.pdf import render as render_module
from publishing.pdf.fetcher import AssetsOnlyFetcher
from tests.workflow.test_transitions import post
from workflow.services import draft_transition

pytestmark = pytest.mark.django_db

LAW = """1-BOB. UMUMIY QOIDALAR

1-modda. Ushbu qarorning maqsadi
Ushbu qarorning maqsadi O‘zbekiston Respublikasida ta’lim sifatini oshirishdan iborat.

2-modda. Gʻalla yetishtirish
Gʻalla va paxta yetishtiruvchi fermerlarga imtiyozlar beriladi.

2-BOB. ЯКУНЛОВЧИ ҚОИДАЛАР

3-модда. Қарорнинг кучга кириши
Ушбу қарор расмий эълон қилинган кундан эътиборан кучга киради. Ғ қ ҳ ў.
"""


def pdf_text(content: bytes) -> tuple[str, int, pypdf.PdfReader]:
    """The PDF's text with line breaks and runs of spaces as single spaces, its page count, its reader."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return text, len(reader.pages), reader


@pytest.fixture
def approved(world, api, django_capture_on_commit_callbacks):
    drafter = world.users["drafter"]
    draft = draft_create(
        user=drafter,
        title="Ta’lim va gʻalla to‘g‘risida",
        act_type=world.act_types["qaror"],
        issuing_body=world.issuing_body,
        body=LAW,
        language="uz-latn",
    )
    draft_assign_expert_group(user=drafter, draft_id=draft.pk, group_id=world.expert_groups["legal"].pk)
    post(api, drafter, draft, "submit_for_review")
    conclusion_submit(user=world.users["expert"], draft_id=draft.pk, verdict="positive", text="Ma'qul.")
    ends = (timezone.now() + datetime.timedelta(days=10, hours=1)).isoformat()
    post(api, drafter, draft, "open_discussion", discussion_ends_at=ends)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=11)):
        post(api, world.users["moderator"], draft, "close_discussion")
    post(api, drafter, draft, "submit_for_approval")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(api, world.users["approver"], draft, "approve", number="77", approved_on="2026-03-05")
    assert response.status_code == 200, response.json()
    draft.refresh_from_db()
    return draft


def test_official_copy_carries_everything_a_clerk_checks(approved, api):
    response = api(None).get(f"/api/v1/drafts/{approved.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'inline; filename="qaror-77-2026.pdf"' == response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    text, pages, reader = pdf_text(content)
    for expected in [
        "SAMARQAND VILOYATI HOKIMLIGI",
        "VILOYAT HOKIMINING QARORI",
        "77-son",
        "2026-yil 5-mart",
        "Samarqand shahri",
        "Ta’lim va gʻalla to‘g‘risida",
        "1-modda. Ushbu qarorning maqsadi",
        "2-modda. Gʻalla yetishtirish",
        "3-модда. Қарорнинг кучга кириши",
        "O‘zbekiston",
        "Ғ қ ҳ ў",
        "Viloyat hokimi",
        "E. Turdimov",
    ]:
        assert expected in text, expected
    copy = OfficialCopy.objects.get(draft=approved)
    assert (
        copy.text_checksum == hashlib.sha256(approved.versions.get(number=approved.version).body.encode()).hexdigest()
    )
    flat = text.replace(" ", "")
    assert copy.text_checksum in flat
    assert f"/verify/{copy.text_checksum}/" in flat
    assert re.search(rf"Bet 1 / {pages}", text)
    assert copy.pdf_checksum == hashlib.sha256(content).hexdigest()
    assert response["ETag"] == f'"{copy.pdf_checksum}"'
    assert reader.trailer["/Root"]["/Lang"] == "uz-Latn"
    meta = reader.metadata
    assert meta.title == "Ta’lim va gʻalla to‘g‘risida"
    assert meta.author == "Samarqand viloyati hokimligi"
    assert "77-son" in meta.subject
    assert b"pdfaid:part" in reader.xmp_metadata.stream.get_data() if reader.xmp_metadata else False
    fonts = {f.get_object()["/BaseFont"] for p in reader.pages for f in p["/Resources"]["/Font"].values()}
    assert all("+" in name for name in fonts), fonts  # subset-embedded, not referenced


def test_stored_file_is_served_again_without_rendering(approved, api):
    first = b"".join(api(None).get(f"/api/v1/drafts/{approved.pk}/pdf/").streaming_content)
    with mock.patch.object(render_module, "render_pdf", side_effect=AssertionError("rendered again")):
        second = api(None).get(f"/api/v1/drafts/{approved.pk}/pdf/?download=1")
        assert second["Content-Disposition"].startswith("attachment;")
        assert b"".join(second.streaming_content) == first
        etag = second["ETag"]
        assert api(None).get(f"/api/v1/drafts/{approved.pk}/pdf/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert RenderAttempt.objects.filter(copy__draft=approved).count() == 1


def test_no_official_pdf_before_approval(world, api):
    response = api(None).get(f"/api/v1/drafts/{world.drafts['approval'].pk}/pdf/")
    assert response.status_code == 409
    assert "Only approved acts" in response.json()["detail"]
    hidden = api(None).get(f"/api/v1/drafts/{world.drafts['draft'].pk}/pdf/")
    assert hidden.status_code == 404


def test_verification_by_text_or_file_checksum(approved, api, client):
    copy = OfficialCopy.objects.get(draft=approved)
    for checksum in (copy.text_checksum, copy.pdf_checksum):
        body = api(None).get(f"/api/v1/verify/{checksum}/").json()
        assert (body["valid"], body["number"], body["draft"]) == (True, "77", approved.pk)
        page = client.get(f"/verify/{checksum}/")
        assert page.status_code == 200 and "This is an official copy" in page.content.decode()
    forged = "0" * 64
    assert api(None).get(f"/api/v1/verify/{forged}/").status_code == 404
    assert client.get(f"/verify/{forged}/").status_code == 404
    assert api(None).get("/api/v1/verify/not-a-checksum/").status_code == 404


class _Recorder(BaseHTTPRequestHandler):
    hits: list = []

    def do_GET(self):  # noqa: N802
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def listening_server():
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    _Recorder.hits = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_hostile_text_fetches_nothing(world, api, listening_server, django_capture_on_commit_callbacks):
    hostile = (
        f'1. <img src="file:///etc/passwd"> <img src="{listening_server}/img.png">\n'
        f'2. <style>body {{ background: url("{listening_server}/css.png") }}</style> '
        f'<link rel="stylesheet" href="{listening_server}/x.css">\n'
    )
    draft = world.drafts["expert_review"]
    drafter = world.users["drafter"]
    draft_transition(user=drafter, draft_id=draft.pk, name="return_to_draft", arguments={"reason": "x"})
    api(drafter).patch(f"/api/v1/drafts/{draft.pk}/", {"body": hostile}, format="json")
    draft_transition(user=drafter, draft_id=draft.pk, name="submit_for_review")
    response = api(drafter).get(f"/api/v1/drafts/{draft.pk}/print/")
    assert response.status_code == 200
    text, _, _ = pdf_text(b"".join(response.streaming_content))
    assert "file:///etc/passwd" in text  # printed as the text it is
    assert "root:x:0:0" not in text
    assert _Recorder.hits == []


def test_renderer_refuses_injected_markup_too(listening_server):
    html = (
        '<html><head><link rel="stylesheet" href="official.css">'
        f'<style>p {{ background: url("{listening_server}/bg.png") }} @import url("{listening_server}/i.css");</style></head>'
        f'<body><p>x</p><img src="file:///etc/passwd"><img src="{listening_server}/i.png">'
        '<img src="../../../settings.py"></body></html>'
    )
    seen = []
    real = AssetsOnlyFetcher.fetch

    def spy(self, url, headers=None):
        try:
            return real(self, url, headers)
        finally:
            seen.append((url, list(self.refused)))

    with mock.patch.object(AssetsOnlyFetcher, "fetch", spy):
        pdf = render_module.render_pdf(html)
    assert pdf.startswith(b"%PDF")
    refused = set(seen[-1][1])
    assert "file:///etc/passwd" in refused
    assert any(url.startswith(listening_server) for url in refused)
    assert any(url.endswith("settings.py") for url in refused)
    assert any(url.endswith("official.css") for url, _ in seen) and not any(u.endswith("official.css") for u in refused)
    assert _Recorder.hits == []


def test_a_failed_rendering_is_retried_and_visible(approved, monkeypatch):
    from publishing.tasks import render_official_copy

    calls = []

    def flaky(html, archival=False):
        calls.append(1)
        if len(calls) < 2:
            raise RuntimeError("Pango went away")
        return b"%PDF-1.7 rendered"

    monkeypatch.setattr(official_copies, "render_pdf", flaky)
    OfficialCopy.objects.filter(draft=approved).update(status="pending")
    render_official_copy.enqueue(approved.pk)
    copy = OfficialCopy.objects.get(draft=approved)
    assert copy.status == "ready" and len(calls) == 2
    log = list(RenderAttempt.objects.filter(copy=copy).order_by("id").values_list("succeeded", "error"))
    assert log[-2:] == [(False, "RuntimeError('Pango went away')"), (True, "")]

    monkeypatch.setattr(official_copies, "render_pdf", mock.Mock(side_effect=RuntimeError("still broken")))
    # A job that finds the copy ready has nothing to do (a duplicate job is harmless)...
    render_official_copy.call(approved.pk)
    copy.refresh_from_db()
    assert copy.status == "ready" and official_copies.render_pdf.call_count == 0
    # ...and the last attempt on a copy that is not ready gives up with the error.
    OfficialCopy.objects.filter(draft=approved).update(status="pending")
    with pytest.raises(RuntimeError):
        render_official_copy.call(approved.pk, official_copies.MAX_ATTEMPTS)
    copy.refresh_from_db()
    assert (copy.status, copy.last_error) == ("failed", "RuntimeError('still broken')")


def test_render_pdf_command_is_recorded(approved, world):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("render_pdf", str(approved.pk), "--user", "admin", "--reason", "Shrift yangilandi", stdout=out)
    attempt = RenderAttempt.objects.filter(copy__draft=approved).last()
    assert (attempt.actor.username, attempt.reason, attempt.succeeded) == ("admin", "Shrift yangilandi", True)
    assert "Rendered official/" in out.getvalue()


def test_summary_and_draft_prints(world, api):
    approved = world.drafts["approved"]
    response = api(None).get(f"/api/v1/drafts/{approved.pk}/summary/pdf/")
    assert response.status_code == 200
    text, _, _ = pdf_text(response.content)
    assert "TAKLIFLAR JAMLANMASI" in text
    assert "Taklif qisman inobatga olindi" in text
    early = api(None).get(f"/api/v1/drafts/{world.drafts['public_discussion'].pk}/summary/pdf/")
    assert early.status_code == 409
    discussion_print = api(None).get(f"/api/v1/drafts/{world.drafts['public_discussion'].pk}/print/")
    text, _, _ = pdf_text(b"".join(discussion_print.streaming_content))
    assert "Loyiha. Rasmiy nusxa emas" in text
