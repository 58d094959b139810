"""Background jobs that follow a transition (scheduled on commit by workflow.services), and the catch-up."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from drafts.selectors import draft_drafter_ids, draft_list_visible_to
from workflow.catch_up import catch_up
from workflow.models import TransitionRecord
from workflow.services import close_expired_discussions

# Default for the CATCH_UP_EVERY_MINUTES setting: how often a database worker catches up.
CATCH_UP_EVERY_MINUTES = 5


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


@task()
def close_expired_discussions_job() -> list[int]:
    """Closes every discussion whose deadline has passed (ids of the drafts closed)."""
    return close_expired_discussions()


@task()
def catch_up_job() -> dict:
    """Queues the next run when a database worker runs the jobs, then catches up (workflow.catch_up).

    The next run is queued first, so that a worker killed during this one does not end the schedule.
    """
    catch_up_schedule()
    return catch_up().as_dict()


def catch_up_schedule() -> datetime.datetime | None:
    """Keeps one `catch_up_job` queued CATCH_UP_EVERY_MINUTES ahead; when it will run, or None without a worker.

    Only the database backend has a worker that runs deferred jobs: with the immediate backend a
    job that queues itself would run again at once, forever, so there cron runs the command.
    """
    if not isinstance(catch_up_job.get_backend(), DatabaseBackend):
        return None
    queued = DBTaskResult.objects.filter(task_path=catch_up_job.module_path, status=TaskResultStatus.READY).order_by(
        "run_after", "enqueued_at", "id"
    )
    if not queued.exists():
        every = datetime.timedelta(minutes=getattr(settings, "CATCH_UP_EVERY_MINUTES", CATCH_UP_EVERY_MINUTES))
        catch_up_job.using(run_after=timezone.now() + every).enqueue()
        # Two runs that ended at once may both have found none queued: all keep the earliest and
        # drop the others, so that the schedule never doubles.
        earliest = queued.first()
        if earliest is not None:
            queued.exclude(pk=earliest.pk).delete()
    next_run = queued.first()
    return next_run.run_after if next_run is not None else None
