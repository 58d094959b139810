"""The job that applies pending index updates; enqueued after every commit that changed a draft."""

from django_tasks import task


@task()
def apply_index_updates() -> int:
    """Applies every pending index update (the whole backlog, not only this commit's)."""
    from search.indexing import apply_pending_updates

    return apply_pending_updates()
