"""Drafts of normative legal acts, their immutable versions and reference data (brief §3)."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from drafts.lifecycle import DraftLifecycle
from kernel.states import EDITABLE_STATES, State


class ActType(models.Model):
    """A kind of act (resolution, decision, law) with its minimum public discussion period."""

    code = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    min_discussion_days = models.PositiveSmallIntegerField(_("minimum discussion period, days"), default=10)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class IssuingBody(models.Model):
    """The office that issues acts, with the place written on them."""

    name = models.CharField(_("name"), max_length=300, unique=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    # Who signs the acts, as printed on the official copy.
    signatory_title = models.CharField(_("signatory's position"), max_length=200, blank=True)
    signatory_name = models.CharField(_("signatory's name"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("issuing bodies")

    def __str__(self):
        return self.name


class ExpertGroup(models.Model):
    """A group of experts; its members are the users of its Django group."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="expert_group")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Language(models.TextChoices):
    """The language and script of the text."""

    UZ_LATN = "uz-latn", "Oʻzbekcha (lotin)"
    UZ_CYRL = "uz-cyrl", "Ўзбекча (кирилл)"
    RU = "ru", "Русский"
    EN = "en", "English"


class Draft(DraftLifecycle):
    """A draft act: the working text while editable, the frozen versions ever after."""

    title = models.CharField(_("title"), max_length=500)
    act_type = models.ForeignKey(ActType, on_delete=models.PROTECT, related_name="drafts")
    issuing_body = models.ForeignKey(IssuingBody, on_delete=models.PROTECT, related_name="drafts")
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.UZ_LATN)
    explanatory_note = models.TextField(_("explanatory note"), blank=True)
    body = models.TextField(_("text"), blank=True)
    # Number of the latest frozen version; the working text may be ahead of it while editable.
    version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        # Lists are pages of the most recently changed drafts: read in index order, not sorted.
        indexes = [
            models.Index(fields=["-updated_at", "-id"], name="draft_recent_first"),
            models.Index(fields=["is_public", "-updated_at", "-id"], name="draft_public_recent_first"),
        ]
        permissions = [
            ("author_draft", "Write and steer the draft as one of its drafters"),
            ("review_draft", "Review the draft as an assigned expert group"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["act_type", "approved_year", "number"],
                condition=Q(number__isnull=False),
                name="unique_registration_number_per_type_and_year",
                violation_error_message=_("This registration number is already used for this act type and year."),
            ),
            models.CheckConstraint(condition=Q(status__in=[s.value for s in State]), name="draft_status_is_known"),
        ]

    def __str__(self):
        return self.title

    def is_editable(self) -> bool:
        """Its text may change now."""
        return self.status in EDITABLE_STATES


class DraftVersion(models.Model):
    """An immutable snapshot of the text, made when the draft leaves an editable state."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=500)
    body = models.TextField()
    explanatory_note = models.TextField(blank=True)
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the text, hex")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    # Set once the draft is public at this version (opened for discussion, or beyond): earlier,
    # internal versions stay with the staff even after the draft goes public.
    is_public = models.BooleanField(default=False)

    class Meta:
        ordering = ["draft", "number"]
        constraints = [models.UniqueConstraint(fields=["draft", "number"], name="unique_version_number")]

    def __str__(self):
        return f"{self.draft_id} v{self.number}"


class Article(models.Model):
    """An article or point of one version: what comments attach to."""

    version = models.ForeignKey(DraftVersion, on_delete=models.CASCADE, related_name="articles")
    key = models.CharField(max_length=64)
    kind = models.CharField(max_length=16)
    number = models.CharField(max_length=32)
    label = models.CharField(max_length=200)
    heading = models.CharField(max_length=1000, blank=True)
    text = models.TextField(blank=True)
    chapter = models.CharField(max_length=1000, blank=True)
    section = models.CharField(max_length=1000, blank=True)
    annex = models.PositiveSmallIntegerField(default=0)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="unique_article_key")]

    def __str__(self):
        return self.label


class ExpertAssignment(models.Model):
    """An expert group assigned to review a draft."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="expert_assignments")
    group = models.ForeignKey(ExpertGroup, on_delete=models.PROTECT, related_name="assignments")
    assigned_at = models.DateTimeField(auto_now_add=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["draft", "group__name"]
        constraints = [models.UniqueConstraint(fields=["draft", "group"], name="unique_expert_assignment")]


class DraftUserObjectPermission(UserObjectPermissionBase):
    """Guardian's per-user permission on a draft, with a real foreign key."""

    content_object = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="user_permissions")


class DraftGroupObjectPermission(GroupObjectPermissionBase):
    """Guardian's per-group permission on a draft, with a real foreign key."""

    content_object = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="group_permissions")


class AttachmentKind(models.TextChoices):
    """What a file attached to a draft is to the act."""

    EXPLANATORY_NOTE = "explanatory_note", _("Explanatory note")
    IMPACT_ASSESSMENT = "impact_assessment", _("Regulatory impact assessment")
    ANNEX = "annex", _("Annex")
    TABLE = "table", _("Table")
    PHOTO = "photo", _("Photo")
    AUDIO = "audio", _("Audio of a hearing")
    VIDEO = "video", _("Video of a hearing")
    OTHER = "other", _("Other")


# The interface language (settings.LANGUAGES) each draft language is read in.
INTERFACE_LANGUAGE = {Language.UZ_LATN: "uz", Language.UZ_CYRL: "uz-cyrl", Language.RU: "ru", Language.EN: "en"}


class DraftAttachment(models.Model):
    """A supporting file of a draft; seen by whoever may open the draft, frozen with it once it leaves editing."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="attachments")
    # The bytes and what we learned of them; deleted with the attachment (drafts.attachments).
    stored_file = models.OneToOneField("files.StoredFile", on_delete=models.PROTECT, related_name="draft_attachment")
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices)
    # In the draft's language: what the official PDF prints.
    title = models.CharField(_("title"), max_length=300)
    # Optional titles in the other interface languages: {"ru": "...", "en": "..."}.
    titles = models.JSONField(default=dict, blank=True)
    # The draft's latest frozen version when the file was attached (0: before the first).
    version = models.PositiveIntegerField()
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["draft", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["draft", "position"], name="unique_attachment_position")]

    def __str__(self):
        return self.title

    def all_titles(self) -> dict[str, str]:
        """The title in every interface language it has one in, the draft's own first."""
        return {INTERFACE_LANGUAGE.get(self.draft.language, "uz"): self.title, **self.titles}

    def title_shown(self) -> str:
        """The title in the reader's language, else in the draft's."""
        return self.titles.get(translation.get_language() or "", "") or self.title
