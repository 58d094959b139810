"""The job that applies pending index updates; enqueued after every commit that changed a draft."""

import datetime

from django.utils import timezone
from django_tasks import task

from search.indexing import apply_pending_updates
from search.models import PendingIndexUpdate

RETRY_AFTER = datetime.timedelta(minutes=1)


@task()
def apply_index_updates() -> int:
    """Applies every pending index update (the whole backlog, not only this commit's).

    When the engine is down the updates stay pending; a worker that can defer jobs tries again
    in a minute, and `manage.py catch_up` (cron, or the worker's recurring catch-up), `manage.py
    search_catch_up` or the next change catch up otherwise, also after a process died before this ran.
    """
    applied = apply_pending_updates()
    if PendingIndexUpdate.objects.exists() and apply_index_updates.get_backend().supports_defer:
        apply_index_updates.using(run_after=timezone.now() + RETRY_AFTER).enqueue()
    return applied
