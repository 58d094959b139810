"""The job that tells drafters and followers of a transition; enqueued on commit by workflow.effects."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db.models import Q
from django_tasks import task

from drafts.permissions import draft_drafter_ids
from drafts.selectors import draft_list_visible_to
from workflow.models import TransitionRecord


@task()
def notify_transition(record_id: int) -> int:
    """E-mails the draft's drafters and followers (except whoever acted) that it changed; returns how many."""
    record = TransitionRecord.objects.select_related("draft", "actor").get(pk=record_id)
    draft = record.draft
    candidates = (
        get_user_model()
        .objects.filter(Q(pk__in=draft_drafter_ids(draft)) | Q(follows__draft=draft), is_active=True)
        .distinct()
        .exclude(pk=record.actor_id)
        .exclude(email="")
    )
    actor = record.actor.get_username() if record.actor else "the system"
    subject = f"[{draft.pk}] {draft.title[:80]}: {record.source} → {record.target}"
    body = (
        f"{actor} performed '{record.name}' on the draft “{draft.title}”.\n"
        f"State: {record.source} → {record.target}; version {record.version}.\n"
        + (f"Reason: {record.reason}\n" if record.reason else "")
        + f"\n{settings.SITE_URL}/api/v1/drafts/{draft.pk}/\n"
    )
    # A follower who can no longer open the draft (returned to drafting) hears nothing of it.
    recipients = [user for user in candidates if draft_list_visible_to(user).filter(pk=draft.pk).exists()]
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]) for user in recipients]
    return send_mass_mail(messages, fail_silently=False) if messages else 0
