"""`manage.py opendata_dump`: write the open-data dump now (daily from cron or deploy/systemd's timer)."""

from django.core.management.base import BaseCommand, CommandError

from opendata.dumps import dump_write


class Command(BaseCommand):
    help = (
        "Write the whole open-data package (every table as CSV and JSON Lines, and datapackage.json) into a new "
        "folder of the store and make it the current dump at /api/v1/export/dump/. A failure leaves the previous "
        "dump current."
    )

    def handle(self, *args, **options):
        try:
            dump = dump_write()
        except Exception as error:
            raise CommandError(f"The dump failed; the previous one stays current: {error}") from error
        size = sum(f["bytes"] for f in dump.files.values())
        self.stdout.write(f"Open-data dump {dump.folder}: {len(dump.files)} files, {size:,} bytes.")
