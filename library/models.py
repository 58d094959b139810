"""The information service's media library: text, photo, audio and video materials about its work.

A material holds its file through files.StoredFile; who may read it is decided here (selectors.py),
never by the file.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from drafts.models import Language
from files.kinds import Kind as FileKind


class Kind(models.TextChoices):
    TEXT = "text", _("text")
    PHOTO = "photo", _("photo")
    AUDIO = "audio", _("audio")
    VIDEO = "video", _("video")


# The kind of stored file each kind of material takes: a text may carry a document, the others need their medium.
FILE_KIND = {
    Kind.TEXT: FileKind.DOCUMENT,
    Kind.PHOTO: FileKind.IMAGE,
    Kind.AUDIO: FileKind.AUDIO,
    Kind.VIDEO: FileKind.VIDEO,
}
NEEDS_FILE = frozenset({Kind.PHOTO, Kind.AUDIO, Kind.VIDEO})


class Tag(models.Model):
    """A word materials are browsed by; `key` is the name folded, so "Hokimlik" and "hokimlik" are one tag."""

    name = models.CharField(_("name"), max_length=60)
    key = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Material(models.Model):
    """One material: what it is, when it happened, who made it, its file, and the drafts and acts it concerns."""

    class Status(models.TextChoices):
        # Seen by the media editors (and administrators) only.
        DRAFT = "draft", _("not published")
        PUBLISHED = "published", _("published")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    # Of the event or the material itself, not of its upload.
    date = models.DateField(_("date"))
    tags = models.ManyToManyField(Tag, blank=True, related_name="materials")
    author_or_source = models.CharField(_("author or source"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.UZ_LATN)
    # The body of a text material (a press release, an interview); searchable.
    text = models.TextField(_("text"), blank=True)
    # PROTECT: a stored file goes only through the services, which delete its bytes with it.
    file = models.ForeignKey("files.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    drafts = models.ManyToManyField("drafts.Draft", blank=True, related_name="media_materials")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["status", "-date", "-id"], name="material_published_recent")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["draft", "published"]), name="material_status_is_known"),
            models.CheckConstraint(
                condition=Q(kind="text") | Q(file__isnull=False), name="material_medium_has_its_file"
            ),
        ]

    def __str__(self):
        return self.title

    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED
