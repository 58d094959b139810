"""`manage.py search_rebuild`: re-index everything (on Elasticsearch into a new index, then swap the alias)."""

from django.core.management.base import BaseCommand

from search.indexing import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the search index from the database, with a progress bar."

    def handle(self, *args, **options):
        def progress(done: int, total: int) -> None:
            width = 40
            filled = width * done // max(total, 1)
            self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} drafts", ending="")
            self.stdout.flush()

        total = rebuild_index(progress=progress)
        self.stdout.write(f"\nIndexed {total} drafts.")
