"""Files whose processing job never ran (a process killed after the upload committed) are scheduled again."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from files.models import StoredFile
from files.tasks import process_stored_file

# A job that started but has not finished by then is taken for lost (a 2 GB video probes in seconds).
STRANDED_AFTER = datetime.timedelta(minutes=15)


@dataclass(frozen=True)
class FilesCatchUp:
    scheduled: int

    def lines(self) -> list[str]:
        return [f"files: {self.scheduled} stored files scheduled for checking again"] if self.scheduled else []

    def as_dict(self) -> dict:
        return {"scheduled": self.scheduled}


def files_catch_up() -> FilesCatchUp:
    stranded = StoredFile.objects.filter(
        status=StoredFile.Status.PROCESSING, created_at__lt=timezone.now() - STRANDED_AFTER
    ).values_list("pk", flat=True)
    ids = list(stranded[:1000])
    for file_id in ids:
        process_stored_file.enqueue(file_id)
    return FilesCatchUp(scheduled=len(ids))
