"""`manage.py catch_up`: finish what a stopped process left undone; safe to run at any time."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from kernel.catch_up import catch_up
from kernel.tasks import catch_up_schedule


class Command(BaseCommand):
    help = (
        "Render official copies left pending with no live attempt, apply waiting search updates and close "
        "expired discussions (safe at any time, also from cron). With JOBS_BACKEND=database it also keeps "
        "the worker's recurring catch-up queued."
    )

    def handle(self, *args, **options):
        report = catch_up()
        for line in report.lines():
            self.stdout.write(line)
        next_run = catch_up_schedule()
        if next_run is not None:
            self.stdout.write(f"The worker catches up next at {timezone.localtime(next_run):%Y-%m-%d %H:%M:%S %Z}.")
