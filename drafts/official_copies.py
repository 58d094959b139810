"""The official PDF of approved acts: render once, store with checksums, serve, verify (brief §5)."""

import hashlib
import time
from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from drafts.models import Draft, OfficialCopy, RenderAttempt
from drafts.pdf.documents import act_html
from drafts.pdf.render import render_pdf
from drafts.selectors import access_draft
from workflow.errors import NotVisible, StateConflict
from workflow.states import State

MAX_ATTEMPTS = 3


class NotReady(StateConflict):
    """The act is approved but its official copy is still being prepared (or failed; administrators see why)."""

    code = "not_ready"


def official_copy_request(draft_id: int) -> OfficialCopy:
    """Creates the pending official copy of a just-approved draft (idempotent); called in the approve commit."""
    draft = Draft.objects.get(pk=draft_id)
    copy, _ = OfficialCopy.objects.get_or_create(
        draft=draft,
        defaults={"version": draft.versions.get(number=draft.version), "text_checksum": _version_checksum(draft)},
    )
    return copy


def _version_checksum(draft: Draft) -> str:
    return draft.versions.get(number=draft.version).checksum


def file_name(draft: Draft) -> str:
    """`qaror-45-2026.pdf`: act type, number and year, as a person would file it."""
    return f"{slugify(draft.act_type.code)}-{slugify(draft.number) or draft.pk}-{draft.approved_year}.pdf"


def official_copy_render(*, draft_id: int, actor=None, reason: str = "") -> OfficialCopy:
    """Renders and stores the official PDF of an approved draft, recording the attempt either way.

    Raises the rendering error after recording it, so a job can retry.
    """
    copy = OfficialCopy.objects.select_related("draft__act_type", "draft__issuing_body", "version").get(
        draft_id=draft_id
    )
    draft = copy.draft
    if draft.status != State.APPROVED:
        raise StateConflict(_("Only approved acts have an official copy."))
    started = time.perf_counter()
    try:
        pdf = render_pdf(act_html(draft, copy.version, official=True), archival=True)
    except Exception as error:
        with transaction.atomic():
            OfficialCopy.objects.filter(pk=copy.pk).update(
                status=OfficialCopy.Status.FAILED, attempts=copy.attempts + 1, last_error=repr(error)[:5000]
            )
            RenderAttempt.objects.create(
                copy=copy,
                actor=actor,
                reason=reason,
                succeeded=False,
                error=repr(error)[:5000],
                seconds=time.perf_counter() - started,
            )
        raise
    previous = copy.file.name if copy.file else None
    copy.file.save(file_name(draft), ContentFile(pdf), save=False)
    copy.pdf_checksum = hashlib.sha256(pdf).hexdigest()
    copy.size = len(pdf)
    copy.status = OfficialCopy.Status.READY
    copy.rendered_at = timezone.now()
    copy.attempts += 1
    copy.last_error = ""
    with transaction.atomic():
        copy.save()
        RenderAttempt.objects.create(
            copy=copy, actor=actor, reason=reason, succeeded=True, seconds=time.perf_counter() - started
        )
        if previous and previous != copy.file.name:
            transaction.on_commit(partial(copy.file.storage.delete, previous))
    return copy


def official_copy_for(user, draft_id: int) -> OfficialCopy:
    """The ready official copy of a visible approved draft, or why there is none."""
    draft = access_draft(user, draft_id)
    if draft.status != State.APPROVED:
        raise StateConflict(
            _("Only approved acts have an official PDF; this draft is in '%(state)s'.")
            % {"state": draft.get_status_display()}
        )
    copy = OfficialCopy.objects.filter(draft=draft).first()
    if copy is None or copy.status != OfficialCopy.Status.READY:
        raise NotReady(_("The official PDF is being prepared; try again in a minute."))
    copy.draft = draft
    return copy


def official_copy_verify(checksum: str) -> OfficialCopy:
    """The ready official copy whose text or file has this SHA-256; NotVisible if none has."""
    checksum = (checksum or "").strip().lower()
    if len(checksum) != 64 or any(c not in "0123456789abcdef" for c in checksum):
        raise NotVisible(_("A SHA-256 checksum is 64 hexadecimal characters."))
    copy = (
        OfficialCopy.objects.filter(status=OfficialCopy.Status.READY, draft__status=State.APPROVED)
        .filter(Q(text_checksum=checksum) | Q(pdf_checksum=checksum))
        .select_related("draft__act_type", "draft__issuing_body")
        .first()
    )
    if copy is None:
        raise NotVisible(_("No official copy has this checksum."))
    return copy
