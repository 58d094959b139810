"""A stored file: bytes in the storage under a name we make, with what we learned of them.

The row says nothing about who may read it: the draft attachment, comment attachment or library
material that holds it decides, and serves it through files.serving after its own check.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from files.kinds import INLINE_KINDS, Kind


def _storage_name(instance, filename: str) -> str:
    # Never the uploader's name: it may hold `../`, a drive letter or ten thousand characters.
    return f"files/{instance.created_at:%Y/%m}/{instance.key}"


class StoredFile(models.Model):
    class Status(models.TextChoices):
        # Stored, waiting for its job: the virus scan, re-encoding of pictures, metadata.
        PROCESSING = "processing", _("being checked")
        READY = "ready", _("ready")
        # The job refused it (a virus, a picture that would not decode); its bytes are deleted.
        REFUSED = "refused", _("refused")

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(upload_to=_storage_name, max_length=200)
    # Shown and offered as the download's name, cleaned (files.names); never used as a path.
    name = models.CharField(max_length=255)
    extension = models.CharField(max_length=8)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    content_type = models.CharField(max_length=120)
    size = models.BigIntegerField()
    # Of the bytes served: for pictures that is the re-encoded file, without the uploader's metadata.
    sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROCESSING)
    refusal = models.CharField(max_length=300, blank=True)
    # Pictures: width, height; audio and video: duration (s), codecs, and for video width and height.
    metadata = models.JSONField(default=dict, blank=True)
    web = models.FileField(max_length=200, blank=True)
    thumbnail = models.FileField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    # When an owner (attachment, material) took it; a chunked upload waits unattached until then.
    attached_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="stored_file_waiting")]

    def __str__(self):
        return self.name

    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    def shows_inline(self) -> bool:
        """Pictures, audio and video play in the page; documents are only ever downloaded."""
        return self.kind in INLINE_KINDS


class ChunkedUpload(models.Model):
    """A big file arriving in chunks (files.chunked): resumable from `received`, a StoredFile once complete."""

    class Status(models.TextChoices):
        OPEN = "open", _("receiving")
        # One request is joining the chunks and judging the whole file; others wait for its answer.
        ASSEMBLING = "assembling", _("being assembled")
        COMPLETE = "complete", _("complete")

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Cleaned as a stored file's name (files.names); its extension decides the kind and so the size limit.
    name = models.CharField(max_length=255)
    extension = models.CharField(max_length=8)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    size = models.BigIntegerField()
    received = models.BigIntegerField(default=0)
    # The chunks' storage names in order. Each chunk is stored under a name of its own before it is
    # counted, so two requests racing for one offset never mix their bytes: the one counted wins.
    parts = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    file = models.OneToOneField(StoredFile, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()
    # The last chunk or state change: an upload left alone for FILE_UPLOAD_EXPIRE_HOURS is deleted.
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["uploaded_by", "status"], name="chunked_upload_by_user"),
            models.Index(fields=["status", "updated_at"], name="chunked_upload_waiting"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(received__gte=0, received__lte=models.F("size")), name="chunked_upload_received"
            )
        ]

    def __str__(self):
        return self.name
