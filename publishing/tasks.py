"""The job that renders an official copy, with retries; enqueued after the approval commits (publishing.apps)."""

import datetime

from django.utils import timezone
from django_tasks import task

from publishing.official_copies import MAX_ATTEMPTS, official_copy_render_pending


@task()
def render_official_copy(draft_id: int, attempt: int = 1, reason: str = "", claimed_at: str = "") -> str:
    """Renders the official PDF unless it is ready or being rendered; on failure retries up to MAX_ATTEMPTS.

    Retries are deferred when the backend can. Every failure is recorded on the copy and in its
    attempt log, which administrators see. `claimed_at`: the claim taken for this job when it was
    scheduled (publishing.serving._recover).
    """
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
