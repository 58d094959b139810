"""`manage.py backup <archive>`: the database, the stored files and a manifest, in one consistent archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kernel.errors import ServiceError
from operations.backups import backup


class Command(BaseCommand):
    help = (
        "Write a backup archive (.tar or .tar.gz): every table from one snapshot of the database, every "
        "stored file (MEDIA_ROOT or the S3 bucket), official copies with their checksums, and a manifest "
        "with counts and SHA-256. "
        "Exits non-zero if an official copy's file is missing or does not match its checksum."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="where to write it; a new name ending in .tar or .tar.gz")

    def handle(self, *args, archive, **options):
        try:
            report = backup(archive)
        except ServiceError as refusal:
            raise CommandError(refusal.message) from None
        for line in report.lines():
            self.stdout.write(line)
        if report.damaged_copies:
            raise CommandError(
                f"The archive was written, but {len(report.damaged_copies)} official copies are damaged in storage "
                "(listed above): re-render them with `manage.py render_pdf` or restore them from an older backup."
            )
