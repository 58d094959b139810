"""`manage.py restore <archive>`: a backup brought back into an empty installation, then verified."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kernel.errors import ServiceError
from operations.restores import restore


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an empty, migrated installation: checks every member against the "
        "manifest first, loads the rows in one transaction, writes the files, compares counts and every "
        "official copy's checksum, and rebuilds the search index. Refuses a non-empty installation."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="an archive written by `manage.py backup`")

    def handle(self, *args, archive, **options):
        try:
            report = restore(archive)
        except ServiceError as refusal:
            # A restore that ran but failed its checks still says what it restored.
            for line in (refusal.details or {}).get("report", []):
                self.stdout.write(line)
            raise CommandError(refusal.message) from None
        for line in report.lines():
            self.stdout.write(line)
