"""Files whose processing job never ran (a process killed after the upload committed) are scheduled again,
and bytes whose row never committed are deleted."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from files.models import StoredFile
from files.tasks import process_stored_file

# A job that started but has not finished by then is taken for lost (a 2 GB video probes in seconds).
STRANDED_AFTER = datetime.timedelta(minutes=15)
# The bytes are saved before the owner's row is written, so an owner whose transaction rolled back
# (a refused comment, a lost race, a killed process) leaves bytes no row names. Past this age no
# transaction still running can commit a row for them.
ORPHANED_AFTER = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class FilesCatchUp:
    scheduled: int
    orphans_deleted: int = 0

    def lines(self) -> list[str]:
        lines = [f"files: {self.scheduled} stored files scheduled for checking again"] if self.scheduled else []
        if self.orphans_deleted:
            lines.append(f"files: {self.orphans_deleted} stored bytes no file row named deleted")
        return lines

    def as_dict(self) -> dict:
        return {"scheduled": self.scheduled, "orphans_deleted": self.orphans_deleted}


def files_catch_up() -> FilesCatchUp:
    stranded = StoredFile.objects.filter(
        status=StoredFile.Status.PROCESSING, created_at__lt=timezone.now() - STRANDED_AFTER
    ).values_list("pk", flat=True)
    ids = list(stranded[:1000])
    for file_id in ids:
        process_stored_file.enqueue(file_id)
    return FilesCatchUp(scheduled=len(ids), orphans_deleted=_delete_orphans(timezone.now()))


def _delete_orphans(now: datetime.datetime) -> int:
    """Deletes old bytes under this month's and last month's folders that no StoredFile names.

    Names follow files/YYYY/MM/<key> with the picture variants beside them, by the row's created_at,
    so an orphan is always in one of the two latest folders when the daily catch-up first sees it.
    """
    storage = StoredFile._meta.get_field("file").storage
    deleted = 0
    for month in {f"{now:%Y/%m}", f"{now - datetime.timedelta(days=now.day):%Y/%m}"}:
        folder = f"files/{month}"
        try:
            names = [f"{folder}/{name}" for name in storage.listdir(folder)[1]]
        except FileNotFoundError:
            continue
        for batch in (names[i : i + 500] for i in range(0, len(names), 500)):
            named = StoredFile.objects.filter(Q(file__in=batch) | Q(web__in=batch) | Q(thumbnail__in=batch))
            known = {name for row in named.values_list("file", "web", "thumbnail") for name in row}
            for name in batch:
                if name not in known and storage.get_modified_time(name) < now - ORPHANED_AFTER:
                    storage.delete(name)
                    deleted += 1
    return deleted
