"""The daily dumps of the open-data package, kept as files in the store (opendata.dumps)."""

from django.db import models


class Dump(models.Model):
    """One writing of the whole package into a folder of the store; the newest ready one is served."""

    class Status(models.TextChoices):
        WRITING = "writing"
        READY = "ready"
        FAILED = "failed"

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.WRITING)
    # The folder of the store (storage name prefix) that holds its files.
    folder = models.CharField(max_length=200, unique=True)
    # File name -> {"bytes": size, "sha256": hex, "rows": rows}, for the ready dump.
    files = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["status", "-finished_at"], name="opendata_dump_current")]

    def __str__(self):
        return f"{self.folder} ({self.status})"
