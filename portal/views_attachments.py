"""A draft's attachments on its page: the drafters' upload form and remove buttons. Same services as the API."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from drafts.attachments import draft_attachment_add, draft_attachment_remove
from portal.refusals import acting

# The optional titles in the other interface languages, as the form names them.
TITLE_FIELDS = {"uz": "title_uz", "uz-cyrl": "title_uz_cyrl", "ru": "title_ru", "en": "title_en"}


def _back(draft_id: int):
    return redirect(f"/drafts/{draft_id}/#attachments")


@require_POST
@login_required
@acting
def attachment_add(request, draft_id: int):
    """Attach a file to the draft; a refusal (its type, its size, the draft's state) is shown on the page."""
    attachment = draft_attachment_add(
        user=request.user,
        draft_id=draft_id,
        kind=request.POST.get("kind", ""),
        title=request.POST.get("title", ""),
        titles={language: request.POST[field] for language, field in TITLE_FIELDS.items() if request.POST.get(field)},
        upload=request.FILES.get("file"),
    )
    messages.success(
        request,
        _("“%(title)s” was attached; it is being checked and can be opened in a moment.") % {"title": attachment.title},
    )
    return _back(draft_id)


@require_POST
@login_required
@acting
def attachment_remove(request, draft_id: int, attachment_id: int):
    """Remove an attachment while the draft is being written."""
    draft_attachment_remove(user=request.user, draft_id=draft_id, attachment_id=attachment_id)
    messages.success(request, _("The attachment was removed."))
    return _back(draft_id)
