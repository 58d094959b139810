"""PDF endpoints: the stored official copy, prints of drafts and summaries, and verification."""

from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from comments.summary import build_summary
from drafts.scripts import requested_script
from drafts.selectors import access_draft
from drafts.views import SCRIPT_PARAMETER
from kernel.errors import NotVisible
from kernel.integers import MAX_ID
from kernel.schema import refusals
from publishing.akn import act_akn
from publishing.docx_export import act_docx, docx_file_name
from publishing.exports import exported_text, requested_version
from publishing.official_copies import file_name, official_copy_verify
from publishing.pdf.claims import NotReady
from publishing.pdf.documents import summary_html
from publishing.pdf.prints import draft_print_open
from publishing.pdf.render import render_pdf
from publishing.serving import official_copy_for, official_copy_open, stored_file_response

PDF = {(200, "application/pdf"): OpenApiTypes.BINARY}
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
AKN_TYPE = "application/akn+xml; charset=utf-8"
VERSION_PARAMETER = OpenApiParameter(
    "version",
    {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    description="a frozen version's number, as in `versions/{n}/` (404 for one you may not read); "
    "without it, the draft's text as `drafts/{id}/` shows it now",
)
BEING_PREPARED = refusals(503)


def _pdf_response(content: bytes, name: str, download: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'{"attachment" if download else "inline"}; filename="{name}"'
    return response


def _retry_later(refusal: NotReady) -> Response:
    """503 with Retry-After: the document is being prepared, which a client may wait for and ask again."""
    return Response(
        {"detail": refusal.message, "code": refusal.code, "retry_after": refusal.retry_after},
        status=503,
        headers={"Retry-After": str(refusal.retry_after)},
    )


def _etag_matches(request, etag: str) -> bool:
    return etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]


class OfficialPdfView(APIView):
    """The official PDF of an approved act, served from storage (`?download=1` to save it).

    503 with Retry-After while it is being prepared, including after a crash or a lost file.
    """

    @extend_schema(responses={**PDF, **refusals(409, 503)}, parameters=[OpenApiParameter("download", bool)])
    def get(self, request, draft_id: int):
        try:
            copy = official_copy_for(request.user, draft_id)
            etag = f'"{copy.pdf_checksum}"'
            if _etag_matches(request, etag):
                return HttpResponseNotModified(headers={"ETag": etag})
            stored = official_copy_open(copy)
        except NotReady as refusal:
            return _retry_later(refusal)
        response = stored_file_response(
            stored,
            content_type="application/pdf",
            as_attachment=request.query_params.get("download") in ("1", "true"),
            filename=file_name(copy.draft),
        )
        response["ETag"] = etag
        response["Cache-Control"] = "public, max-age=86400"
        return response


class DraftPrintView(APIView):
    """A printable PDF of the draft's latest version, marked as a draft and not an official copy.

    An Uzbek draft prints in either script (`?script=`); the official PDF stays in the official one.
    Rendered once per version and script and stored; throttled per user, or per address when anonymous.
    """

    throttle_scope = "print"

    @extend_schema(parameters=[SCRIPT_PARAMETER], responses={**PDF, **BEING_PREPARED})
    def get(self, request, draft_id: int):
        script = requested_script(request.query_params.get("script"))
        try:
            stored, opened, name = draft_print_open(
                request.user, draft_id, script, site=request.build_absolute_uri("/")
            )
        except NotReady as refusal:
            return _retry_later(refusal)
        etag = f'"{stored.pdf_checksum}"'
        # A draft may be visible to its staff only: no shared cache may keep it.
        headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
        if _etag_matches(request, etag):
            opened.close()
            return HttpResponseNotModified(headers=headers)
        response = stored_file_response(opened, content_type="application/pdf", filename=name)
        for name, value in headers.items():
            response[name] = value
        return response


class SummaryPdfView(APIView):
    """The summary of proposals as a PDF, under the same rules as its JSON; throttled like prints."""

    throttle_scope = "summary_pdf"

    @extend_schema(responses={**PDF, **refusals(409)})
    def get(self, request, draft_id: int):
        draft = access_draft(request.user, draft_id)
        pdf = render_pdf(summary_html(build_summary(request.user, draft), site=request.build_absolute_uri("/")))
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


class DraftDocxView(APIView):
    """The draft's text as a Word document: the act's header, chapters and articles in Word's heading styles,
    points, tables; an approved act's number and date. Imports back (`POST /api/v1/drafts/` with `file`) to
    the same text. Throttled like prints."""

    throttle_scope = "print"

    @extend_schema(
        parameters=[VERSION_PARAMETER, SCRIPT_PARAMETER],
        responses={(200, DOCX_TYPE): OpenApiTypes.BINARY, **refusals(400)},
    )
    def get(self, request, draft_id: int):
        version = requested_version(request.query_params.get("version"))
        script = requested_script(request.query_params.get("script"))
        text = exported_text(request.user, draft_id, version, script)
        response = HttpResponse(act_docx(text), content_type=DOCX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{docx_file_name(text)}"'
        # A draft may be visible to its staff only: no shared cache may keep it.
        response["Cache-Control"] = "private, no-cache"
        return response


class DraftAknView(APIView):
    """The draft's text as Akoma Ntoso 3.0 XML (OASIS LegalDocML), valid against the official schema:
    FRBR identification, preface, body with eIds from the structure's keys, conclusions, annexes as attachments."""

    throttle_scope = "print"

    @extend_schema(
        parameters=[VERSION_PARAMETER, SCRIPT_PARAMETER],
        responses={(200, "application/akn+xml"): OpenApiTypes.STR, **refusals(400)},
    )
    def get(self, request, draft_id: int):
        version = requested_version(request.query_params.get("version"))
        script = requested_script(request.query_params.get("script"))
        text = exported_text(request.user, draft_id, version, script)
        response = HttpResponse(act_akn(text, site=request.build_absolute_uri("/")), content_type=AKN_TYPE)
        name = docx_file_name(text).removesuffix(".docx")
        response["Content-Disposition"] = f'inline; filename="{name}.akn.xml"'
        response["Cache-Control"] = "private, no-cache"
        return response


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
