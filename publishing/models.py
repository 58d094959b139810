"""Official copies of approved acts, the log of their renderings, and stored prints (moved from drafts; same tables)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OfficialCopy(models.Model):
    """The official PDF of an approved act: rendered once, stored with its checksums, served ever after."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    draft = models.OneToOneField("drafts.Draft", on_delete=models.PROTECT, related_name="official_copy")
    version = models.ForeignKey("drafts.DraftVersion", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(upload_to="official/", blank=True)
    # SHA-256 of the approved text (printed on every page) and of the PDF file itself.
    text_checksum = models.CharField(max_length=64, db_index=True)
    pdf_checksum = models.CharField(max_length=64, blank=True, db_index=True)
    size = models.PositiveIntegerField(default=0)
    rendered_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # When a process claimed the rendering (committed before it starts, cleared when it ends); a
    # claim older than PDF_RENDER_STALE_MINUTES belongs to a process that died, and may be taken over.
    render_started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "drafts_officialcopy"  # the table it had when drafts owned it
        verbose_name_plural = _("official copies")

    def __str__(self):
        return f"{self.draft} ({self.status})"


class RenderAttempt(models.Model):
    """One rendering of an official copy, by the job or by an administrator on purpose."""

    copy = models.ForeignKey(OfficialCopy, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField(auto_now_add=True)
    # Empty for the background job.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)
    succeeded = models.BooleanField()
    error = models.TextField(blank=True)
    seconds = models.FloatField(default=0)

    class Meta:
        db_table = "drafts_renderattempt"  # the table it had when drafts owned it
        ordering = ["copy", "at", "id"]


class DraftPrint(models.Model):
    """A stored print of a draft version: rendered once per version and layout, served ever after."""

    version = models.ForeignKey("drafts.DraftVersion", on_delete=models.CASCADE, related_name="+")
    # SHA-256 of everything the print shows (publishing.pdf.documents.act_print_key): equal keys, equal PDFs.
    key = models.CharField(max_length=64)
    file = models.FileField(upload_to="prints/", blank=True)
    pdf_checksum = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    rendered_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(default=0)
    # The same claim as on an official copy: one process renders a print, the others wait for it.
    render_started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "drafts_draftprint"  # the table it had when drafts owned it
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="unique_print_per_version_key")]

    def __str__(self):
        return f"print of {self.version}"
