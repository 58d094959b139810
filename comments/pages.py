"""Web pages of the comments domain; the same selectors and rules as the API."""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from comments.summary import build_summary
from drafts.selectors import access_draft
from kernel.errors import NotVisible, StateConflict


def summary_page(request, draft_id: int) -> HttpResponse:
    """The summary of proposals as a page (the PDF comes with the PDF work)."""
    try:
        draft = access_draft(request.user, draft_id)
        summary = build_summary(request.user, draft)
    except NotVisible:
        raise Http404 from None
    except StateConflict as refusal:
        return render(request, "refusal.html", {"message": refusal.message}, status=409)
    return render(request, "comments/summary.html", {"summary": summary})
