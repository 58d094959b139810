"""Jobs that follow writes to drafts; scheduled on commit by drafts.services."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.utils import timezone
from django_tasks import task

from drafts.models import ExpertAssignment


@task()
def notify_expert_assignment(assignment_id: int) -> int:
    """E-mails the members of an expert group that a draft was assigned to them."""
    assignment = ExpertAssignment.objects.select_related("draft", "group__group").get(pk=assignment_id)
    draft = assignment.draft
    members = get_user_model().objects.filter(groups=assignment.group.group, is_active=True).exclude(email="")
    subject = f"Draft for review by {assignment.group.name}: {draft.title[:80]}"
    body = (
        f"The draft “{draft.title}” was assigned to {assignment.group.name} for expert review.\n"
        f"You can read it once it is sent for review.\n\n{settings.SITE_URL}/api/v1/drafts/{draft.pk}/\n"
    )
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [m.email]) for m in members]
    return send_mass_mail(messages) if messages else 0


@task()
def render_official_copy(draft_id: int, attempt: int = 1, reason: str = "", claimed_at: str = "") -> str:
    """Renders the official PDF unless it is ready or being rendered; on failure retries up to MAX_ATTEMPTS.

    Retries are deferred when the backend can. Every failure is recorded on the copy and in its
    attempt log, which administrators see. `claimed_at`: the claim taken for this job when it was
    scheduled (drafts.official_copies._recover).
    """
    # drafts.official_copies schedules this job, so it cannot be imported before this module is.
    from drafts.official_copies import MAX_ATTEMPTS, official_copy_render_pending

    try:
        copy = official_copy_render_pending(draft_id=draft_id, reason=reason, claimed_at=claimed_at)
    except Exception:
        if attempt >= MAX_ATTEMPTS:
            raise
        backend = render_official_copy.get_backend()
        retry = render_official_copy
        if backend.supports_defer:
            retry = retry.using(run_after=timezone.now() + datetime.timedelta(seconds=30 * 2**attempt))
        retry.enqueue(draft_id, attempt + 1, reason=reason)
        return "retrying"
    return copy.pdf_checksum if copy is not None else "nothing to do: ready, or being rendered by another process"
