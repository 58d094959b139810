"""The job that processes a stored file after its upload commits (files.processing), with retries."""

import datetime

from django.utils import timezone
from django_tasks import task

from files.processing import stored_file_process
from files.scanning import ScannerUnavailable

MAX_ATTEMPTS = 6


@task()
def process_stored_file(file_id: int, attempt: int = 1) -> str:
    """Scans, re-encodes and reads the file; while clamd does not answer the file stays held and this retries."""
    try:
        return stored_file_process(file_id)
    except ScannerUnavailable:
        if attempt >= MAX_ATTEMPTS:
            raise
        retry = process_stored_file
        if retry.get_backend().supports_defer:
            retry = retry.using(run_after=timezone.now() + datetime.timedelta(seconds=30 * 2**attempt))
        retry.enqueue(file_id, attempt + 1)
        return "scanner unavailable; retrying"
