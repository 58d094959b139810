"""PDF endpoints: the stored official copy, prints of drafts and summaries, and verification."""

from django.http import FileResponse, HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from comments.summary import build_summary
from drafts.official_copies import file_name, official_copy_for, official_copy_verify
from drafts.pdf.documents import act_html, summary_html
from drafts.pdf.render import render_pdf
from drafts.selectors import access_draft
from workflow.errors import NotVisible

PDF = {(200, "application/pdf"): OpenApiTypes.BINARY}


def _pdf_response(content: bytes, name: str, download: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'{"attachment" if download else "inline"}; filename="{name}"'
    return response


class OfficialPdfView(APIView):
    """The official PDF of an approved act, served from storage (`?download=1` to save it)."""

    @extend_schema(responses=PDF, parameters=[OpenApiParameter("download", bool)])
    def get(self, request, draft_id: int):
        copy = official_copy_for(request.user, draft_id)
        etag = f'"{copy.pdf_checksum}"'
        if request.headers.get("If-None-Match") == etag:
            return HttpResponseNotModified(headers={"ETag": etag})
        response = FileResponse(
            copy.file.open("rb"),
            content_type="application/pdf",
            as_attachment=request.query_params.get("download") in ("1", "true"),
            filename=file_name(copy.draft),
        )
        response["ETag"] = etag
        response["Cache-Control"] = "public, max-age=86400"
        return response


class DraftPrintView(APIView):
    """A printable PDF of the draft's latest version, marked as a draft and not an official copy."""

    @extend_schema(responses=PDF)
    def get(self, request, draft_id: int):
        draft = access_draft(request.user, draft_id)
        version = draft.versions.filter(number=draft.version).first()
        if version is None:
            raise NotVisible(f"Draft {draft_id} has no frozen version to print yet.")
        pdf = render_pdf(act_html(draft, version, official=False))
        return _pdf_response(pdf, f"draft-{draft.pk}-v{version.number}.pdf", download=False)


class SummaryPdfView(APIView):
    """The summary of proposals as a PDF, under the same rules as its JSON."""

    @extend_schema(responses=PDF)
    def get(self, request, draft_id: int):
        draft = access_draft(request.user, draft_id)
        pdf = render_pdf(summary_html(build_summary(request.user, draft)))
        return _pdf_response(pdf, f"summary-{draft.pk}.pdf", download=False)


class VerifyView(APIView):
    """Is this SHA-256 (of the approved text or of the PDF file) that of an official copy?"""

    authentication_classes = []
    permission_classes = []

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, checksum: str):
        copy = official_copy_verify(checksum)
        draft = copy.draft
        return Response(
            {
                "valid": True,
                "draft": draft.pk,
                "title": copy.version.title,
                "act_type": draft.act_type.name,
                "issuing_body": draft.issuing_body.name,
                "number": draft.number,
                "approved_on": draft.approved_on,
                "text_checksum": copy.text_checksum,
                "pdf_checksum": copy.pdf_checksum,
                "pdf": f"/api/v1/drafts/{draft.pk}/pdf/",
            }
        )


def verify_page(request, checksum: str = ""):
    """The public verification page named on every official copy."""
    checksum = checksum or request.GET.get("checksum", "")
    context = {"checksum": checksum}
    status = 200
    if checksum:
        try:
            context["copy"] = official_copy_verify(checksum)
        except NotVisible as refusal:
            context["refusal"], status = refusal.message, 404
    return render(request, "verify.html", context, status=status)
