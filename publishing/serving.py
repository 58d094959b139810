"""Serving official copies: the ready file, or a stranded copy's rendering scheduled and the reader told when to return.

It sits above publishing.tasks (it schedules the rendering job), which sits above
publishing.official_copies (the job runs it): no module imports one that imports it back.
"""

import logging
from functools import partial
from urllib.parse import quote

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from drafts.selectors import access_draft
from kernel.errors import StateConflict
from kernel.states import State
from publishing.models import OfficialCopy
from publishing.official_copies import MAX_ATTEMPTS, official_copy_request
from publishing.pdf.claims import NotReady, is_live, no_live_claim
from publishing.tasks import render_official_copy

log = logging.getLogger(__name__)

# Seconds a reader is told to wait: a rendering takes a few, a queued one waits for the worker.
RETRY_AFTER = 30
# After MAX_ATTEMPTS failures nothing retries by itself; an administrator re-renders on purpose.
RETRY_AFTER_FAILED = 3600


def official_copy_for(user, draft_id: int) -> OfficialCopy:
    """The ready official copy of a visible approved draft, or why there is none (NotReady says when to ask again).

    A stranded copy (not ready, nobody rendering it, attempts left) has its rendering scheduled here.
    """
    draft = access_draft(user, draft_id)
    if draft.status != State.APPROVED:
        raise StateConflict(
            _("Only approved acts have an official PDF; this draft is in '%(state)s'.")
            % {"state": draft.get_status_display()}
        )
    copy = OfficialCopy.objects.filter(draft=draft).first() or official_copy_request(draft.pk)
    if copy.status != OfficialCopy.Status.READY:
        raise _recover(copy, OfficialCopy.objects.filter(pk=copy.pk).exclude(status=OfficialCopy.Status.READY))
    copy.draft = draft
    return copy


def official_copy_open(copy: OfficialCopy) -> File:
    """The stored file of a ready copy, opened; a file missing from storage is rendered again (NotReady)."""
    try:
        return copy.file.open("rb")
    except FileNotFoundError:
        log.error(
            "The stored official copy %s of draft %s is missing; rendering it again.", copy.file.name, copy.draft_id
        )
        lost = OfficialCopy.objects.filter(pk=copy.pk, status=OfficialCopy.Status.READY, file=copy.file.name)
        raise _recover(copy, lost, lost=True) from None


def _recover(copy: OfficialCopy, rows, *, lost: bool = False) -> NotReady:
    """Claims a stranded copy among `rows` and schedules its rendering after commit; says when to ask again.

    The claim is taken here, so that of many readers asking at once one schedules the rendering,
    and a worker that has not picked the job up yet still counts as a live attempt.
    """
    if copy.status == OfficialCopy.Status.FAILED and copy.attempts >= MAX_ATTEMPTS:
        return NotReady(
            _("The official PDF could not be prepared; administrators see why in the admin. Try again later."),
            retry_after=RETRY_AFTER_FAILED,
        )
    if not is_live(copy.render_started_at):
        started = timezone.now()
        updates = {"status": OfficialCopy.Status.PENDING, "last_error": "The stored file was missing."} if lost else {}
        if rows.filter(no_live_claim()).update(render_started_at=started, **updates):
            reason = "stored file missing" if lost else "requested while stranded"
            transaction.on_commit(
                partial(render_official_copy.enqueue, copy.draft_id, reason=reason, claimed_at=started.isoformat())
            )
    return NotReady(
        _("The official PDF is being prepared; try again in %(s)d seconds.") % {"s": RETRY_AFTER},
        retry_after=RETRY_AFTER,
    )


def stored_file_response(opened: File, *, content_type: str, filename: str, as_attachment: bool = False):
    """The response sending a stored file the caller has checked the reader may have.

    Behind nginx (X_ACCEL_REDIRECT_PREFIX set) the app only names the file and nginx sends the bytes
    from its internal location, freeing the gunicorn thread at once; otherwise Django streams it.
    """
    prefix = settings.X_ACCEL_REDIRECT_PREFIX
    if not prefix:
        return FileResponse(opened, content_type=content_type, as_attachment=as_attachment, filename=filename)
    opened.close()
    response = HttpResponse(content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(opened.name)
    return response
