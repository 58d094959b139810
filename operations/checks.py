"""Deployment checks (`manage.py check --deploy`, run before every production migration) of how the parts of
an installation fit together, beyond Django's own."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.caches, deploy=True)
def jobs_share_the_cache(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Database jobs run in the worker, not in the process that queued them: a mark one sets and the other
    clears (a draft's grouping job is scheduled) must live in a cache both read, or the draft's later
    comments wait for the catch-up; throttle counts too would be kept per process."""
    if settings.JOBS_BACKEND != "database" or settings.REDIS_URL:
        return []
    return [
        checks.Warning(
            "JOBS_BACKEND=database with each process caching in its own memory.",
            hint="Set REDIS_URL (deploy/legaldrafts.env.example): the web processes and the job worker share "
            "the marks of scheduled jobs and the throttle counts through it.",
            id="operations.W001",
        )
    ]
