"""The official PDF of approved acts: render once, store with checksums, serve, verify (brief §5).

Nothing stays stranded. The approval commits a pending copy and enqueues its rendering; if that
job never runs (the process died after the commit) or dies mid-rendering, the copy is pending
with no live attempt (drafts.pdf.claims). Then `GET .../pdf/` schedules the rendering again,
`manage.py catch_up` renders it, and a stored file gone missing is rendered again the same way.
"""

import datetime
import hashlib
import logging
import time
from dataclasses import dataclass, field
from functools import partial

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from drafts.models import Draft, OfficialCopy, RenderAttempt
from drafts.pdf.claims import NotReady, claim, is_live, no_live_claim
from drafts.pdf.documents import act_html
from drafts.pdf.render import render_pdf
from drafts.selectors import access_draft
from drafts.tasks import render_official_copy
from workflow.errors import NotVisible, StateConflict
from workflow.states import State

__all__ = [
    "MAX_ATTEMPTS",
    "NotReady",
    "file_name",
    "official_copies_catch_up",
    "official_copy_for",
    "official_copy_open",
    "official_copy_render",
    "official_copy_render_pending",
    "official_copy_request",
    "official_copy_verify",
]

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# Seconds a reader is told to wait: a rendering takes a few, a queued one waits for the worker.
RETRY_AFTER = 30
# After MAX_ATTEMPTS failures nothing retries by itself; an administrator re-renders on purpose.
RETRY_AFTER_FAILED = 3600


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


def _copy_of(draft_id: int) -> OfficialCopy:
    copy = OfficialCopy.objects.select_related("draft__act_type", "draft__issuing_body", "version").get(
        draft_id=draft_id
    )
    if copy.draft.status != State.APPROVED:
        raise StateConflict(_("Only approved acts have an official copy."))
    return copy


def official_copy_render(*, draft_id: int, actor=None, reason: str = "") -> OfficialCopy:
    """Renders and stores the official PDF of an approved draft now, even a ready one, recording the attempt.

    For an administrator's deliberate re-rendering. Refuses while another process renders the copy;
    raises the rendering error after recording it.
    """
    copy = _copy_of(draft_id)
    started = claim(OfficialCopy.objects.filter(pk=copy.pk))
    if started is None:
        raise StateConflict(_("The official PDF is being rendered right now by another process; try again later."))
    return _render(copy, started, actor=actor, reason=reason)


def official_copy_render_pending(*, draft_id: int, reason: str = "", claimed_at: str = "") -> OfficialCopy | None:
    """Renders the official copy unless it is ready or another process is rendering it (then None).

    What the job and the catch-up call: safe to run twice or at once, since only the caller that
    claims the copy renders it. `claimed_at` is a claim taken for this caller when its job was
    scheduled (ISO time); it renders under that claim if the claim is still its own.
    """
    copy = _copy_of(draft_id)
    unready = OfficialCopy.objects.filter(pk=copy.pk).exclude(status=OfficialCopy.Status.READY)
    started = datetime.datetime.fromisoformat(claimed_at) if claimed_at else None
    if started is None or not unready.filter(render_started_at=started).exists():
        started = claim(unready)
    if started is None:
        return None
    return _render(copy, started, actor=None, reason=reason)


def _render(copy: OfficialCopy, started: datetime.datetime, *, actor, reason: str) -> OfficialCopy:
    """Renders the copy claimed at `started`, stores it, records the attempt and releases the claim."""
    copy.refresh_from_db()
    draft = copy.draft
    began = time.perf_counter()
    ours = OfficialCopy.objects.filter(pk=copy.pk, render_started_at=started)
    try:
        pdf = render_pdf(act_html(draft, copy.version, official=True), archival=True)
    except Exception as error:
        # A failed re-rendering never takes a ready copy offline: its stored file still serves.
        failed = OfficialCopy.Status.READY if copy.status == OfficialCopy.Status.READY else OfficialCopy.Status.FAILED
        with transaction.atomic():
            ours.update(
                status=failed,
                attempts=F("attempts") + 1,
                last_error=repr(error)[:5000],
                render_started_at=None,
            )
            RenderAttempt.objects.create(
                copy=copy,
                actor=actor,
                reason=reason,
                succeeded=False,
                error=repr(error)[:5000],
                seconds=time.perf_counter() - began,
            )
        raise
    previous = copy.file.name or None
    copy.file.save(file_name(draft), ContentFile(pdf), save=False)
    with transaction.atomic():
        landed = ours.update(
            file=copy.file.name,
            pdf_checksum=hashlib.sha256(pdf).hexdigest(),
            size=len(pdf),
            status=OfficialCopy.Status.READY,
            rendered_at=timezone.now(),
            attempts=F("attempts") + 1,
            last_error="",
            render_started_at=None,
        )
        if landed:
            RenderAttempt.objects.create(
                copy=copy, actor=actor, reason=reason, succeeded=True, seconds=time.perf_counter() - began
            )
            if previous and previous != copy.file.name:
                transaction.on_commit(partial(copy.file.storage.delete, previous))
        else:
            # This rendering outlived its claim and another process took the copy over: that one's file wins.
            log.warning("Rendering of the official copy of draft %s outlived its claim; discarded.", draft.pk)
            transaction.on_commit(partial(copy.file.storage.delete, copy.file.name))
    copy.refresh_from_db()
    return copy


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


def official_copy_verify(checksum: str) -> OfficialCopy:
    """The official copy whose text or file has this SHA-256; NotVisible if none has.

    A copy counts once it was rendered, even while it is being rendered again (its file lost).
    """
    checksum = (checksum or "").strip().lower()
    if len(checksum) != 64 or any(c not in "0123456789abcdef" for c in checksum):
        raise NotVisible(_("A SHA-256 checksum is 64 hexadecimal characters."))
    copy = (
        OfficialCopy.objects.filter(draft__status=State.APPROVED)
        .exclude(pdf_checksum="")
        .filter(Q(text_checksum=checksum) | Q(pdf_checksum=checksum))
        .select_related("draft__act_type", "draft__issuing_body")
        .first()
    )
    if copy is None:
        raise NotVisible(_("No official copy has this checksum."))
    return copy


@dataclass
class CopiesCaughtUp:
    """What `official_copies_catch_up` did, by draft id."""

    rendered: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    # Claimed by another process between the listing and the claim: it renders them.
    busy: list[int] = field(default_factory=list)


def official_copies_catch_up() -> CopiesCaughtUp:
    """Renders every stranded official copy: not ready, attempts left, and no live attempt; one failure stops nothing.

    An approved act without a copy at all (approved before copies existed) gets one.
    """
    without_copy = Draft.objects.filter(status=State.APPROVED, official_copy__isnull=True)
    for draft_id in without_copy.values_list("pk", flat=True):
        official_copy_request(draft_id)
    stranded = (
        OfficialCopy.objects.filter(draft__status=State.APPROVED)
        .filter(Q(status=OfficialCopy.Status.PENDING) | Q(status=OfficialCopy.Status.FAILED, attempts__lt=MAX_ATTEMPTS))
        .filter(no_live_claim())
        .order_by("pk")
    )
    done = CopiesCaughtUp()
    for draft_id in list(stranded.values_list("draft_id", flat=True)):
        try:
            copy = official_copy_render_pending(draft_id=draft_id, reason="catch_up: no live attempt")
        except Exception:
            # Recorded on the copy and in its attempt log, which administrators see.
            log.warning("Catch-up could not render the official copy of draft %s.", draft_id, exc_info=True)
            done.failed.append(draft_id)
            continue
        (done.rendered if copy is not None else done.busy).append(draft_id)
    return done
