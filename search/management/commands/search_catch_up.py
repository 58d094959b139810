"""`manage.py search_catch_up`: apply pending index updates (after an engine outage).

`manage.py catch_up` does this too, with the other work a stopped process may leave behind.
"""

from django.core.management.base import BaseCommand

from search.indexing import apply_pending_updates
from search.models import PendingIndexUpdate


class Command(BaseCommand):
    help = "Send every pending index update to the search engine."

    def handle(self, *args, **options):
        applied = apply_pending_updates()
        left = PendingIndexUpdate.objects.count()
        self.stdout.write(f"Applied {applied} pending updates; {left} still waiting.")
