"""`manage.py close_expired_discussions`: for cron; closes every discussion past its deadline."""

from django.core.management.base import BaseCommand

from workflow.services import close_expired_discussions


class Command(BaseCommand):
    help = "Close every public discussion whose deadline has passed (safe to run at any time, twice)."

    def handle(self, *args, **options):
        closed = close_expired_discussions()
        self.stdout.write(f"Closed {len(closed)} discussion(s): {', '.join(map(str, closed)) or 'none'}.")
