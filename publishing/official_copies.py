"""The official PDF of approved acts: render once, store with checksums, serve, verify (brief §5).

Nothing stays stranded. The approval commits a pending copy and enqueues its rendering; if that
job never runs (the process died after the commit) or dies mid-rendering, the copy is pending
with no live attempt (publishing.pdf.claims). Then `GET .../pdf/` schedules the rendering again
(publishing.serving),
`manage.py catch_up` renders it, and a stored file gone missing is rendered again the same way.
"""

import datetime
import hashlib
import logging
import time
from dataclasses import dataclass, field
from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from drafts.models import Draft
from kernel.catch_up import draft_ids
from kernel.errors import NotVisible, StateConflict
from kernel.metrics import RENDER_SECONDS
from kernel.states import State
from publishing.models import OfficialCopy, RenderAttempt
from publishing.pdf.claims import NotReady, claim, no_live_claim
from publishing.pdf.documents import act_html
from publishing.pdf.render import render_pdf

__all__ = [
    "MAX_ATTEMPTS",
    "NotReady",
    "file_name",
    "official_copies_catch_up",
    "official_copy_render",
    "official_copy_render_pending",
    "official_copy_request",
    "official_copy_verify",
]

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


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
        RENDER_SECONDS.labels(outcome="failed").observe(time.perf_counter() - began)
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
    RENDER_SECONDS.labels(outcome="succeeded").observe(time.perf_counter() - began)
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

    def lines(self) -> list[str]:
        """Publishing's lines of the catch-up report."""
        lines = [f"Official copies rendered: {len(self.rendered)}{draft_ids(self.rendered)}."]
        if self.failed:
            lines.append(
                f"Official copies that failed again: {len(self.failed)}{draft_ids(self.failed)};"
                " see Official copies in the admin."
            )
        if self.busy:
            lines.append(f"Official copies being rendered by another process: {len(self.busy)}{draft_ids(self.busy)}.")
        return lines

    def as_dict(self) -> dict:
        return {"copies_rendered": self.rendered, "copies_failed": self.failed, "copies_busy": self.busy}


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
