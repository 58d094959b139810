"""Input and output shapes of the media library API; no business rules here."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from drafts.models import Language
from files.models import StoredFile
from kernel.strict_input import FlatListField, IdField, StrictInputSerializer
from library.models import Kind, Material

MAX_DESCRIPTION = 10_000
MAX_TEXT = 200_000


def file_url(material: Material, variant: str = "file") -> str:
    url = reverse("media-file", args=[material.pk])
    return url if variant == "file" else f"{url}?variant={variant}"


class MaterialFileSerializer(serializers.Serializer):
    """The material's file. `url` serves it once `status` is `ready` (409 while it is being checked);
    audio and video answer Range requests with 206, so players can seek."""

    name = serializers.CharField(help_text="the file's name as uploaded, made safe")
    content_type = serializers.CharField()
    size = serializers.IntegerField(help_text="bytes")
    sha256 = serializers.CharField(help_text="of the bytes served")
    status = serializers.ChoiceField(choices=StoredFile.Status.choices)
    duration = serializers.FloatField(allow_null=True, help_text="audio and video: seconds")
    width = serializers.IntegerField(allow_null=True, help_text="pictures and video: pixels")
    height = serializers.IntegerField(allow_null=True, help_text="pictures and video: pixels")
    url = serializers.CharField()
    web_url = serializers.CharField(allow_null=True, help_text="a picture's web size (WebP), once ready")
    thumbnail_url = serializers.CharField(allow_null=True, help_text="a picture's thumbnail (WebP), once ready")


def file_data(material: Material) -> dict | None:
    stored = material.file
    if stored is None:
        return None
    metadata = stored.metadata or {}
    return {
        "name": stored.name,
        "content_type": stored.content_type,
        "size": stored.size,
        "sha256": stored.sha256,
        "status": stored.status,
        "duration": metadata.get("duration"),
        "width": metadata.get("width"),
        "height": metadata.get("height"),
        "url": file_url(material),
        "web_url": file_url(material, "web") if stored.web else None,
        "thumbnail_url": file_url(material, "thumbnail") if stored.thumbnail else None,
    }


class LinkedDraftSerializer(serializers.Serializer):
    """A draft or act the material concerns (only those the caller may open are listed)."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()
    number = serializers.CharField(allow_null=True)


class MaterialSerializer(serializers.ModelSerializer):
    """A material in a list: what it is, when, by whom, its file and the drafts it concerns (no text)."""

    tags = serializers.SerializerMethodField()
    file = serializers.SerializerMethodField()
    drafts = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Material
        fields = [
            "id",
            "kind",
            "title",
            "description",
            "date",
            "tags",
            "author_or_source",
            "language",
            "status",
            "published_at",
            "file",
            "drafts",
            "url",
            "created_at",
            "updated_at",
        ]

    def get_tags(self, material) -> list[str]:
        return [tag.name for tag in material.tags.all()]

    @extend_schema_field(MaterialFileSerializer(allow_null=True))
    def get_file(self, material):
        return file_data(material)

    @extend_schema_field(LinkedDraftSerializer(many=True))
    def get_drafts(self, material):
        return LinkedDraftSerializer(getattr(material, "visible_drafts", []), many=True).data

    def get_url(self, material) -> str:
        """The material's page."""
        return f"/media-library/{material.pk}/"


class MaterialDetailSerializer(MaterialSerializer):
    """One material with its text."""

    class Meta(MaterialSerializer.Meta):
        fields = [*MaterialSerializer.Meta.fields, "text"]


class MaterialInputSerializer(StrictInputSerializer):
    """A new material: multipart with its `file` (photo, audio, video; a text may carry a document), or JSON
    naming an earlier chunked upload by `file_id`."""

    kind = serializers.ChoiceField(choices=Kind.choices)
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(allow_blank=True, default="", max_length=MAX_DESCRIPTION)
    date = serializers.DateField(help_text="of the event or the material")
    tags = FlatListField(child=serializers.CharField(max_length=60), required=False)
    author_or_source = serializers.CharField(allow_blank=True, default="", max_length=300)
    language = serializers.ChoiceField(choices=Language.choices, default=Language.UZ_LATN)
    text = serializers.CharField(allow_blank=True, default="", max_length=MAX_TEXT, trim_whitespace=False)
    drafts = FlatListField(child=IdField(), required=False, help_text="ids of drafts or acts it concerns")
    file = serializers.FileField(
        required=False, help_text="photo: jpg, png, webp; audio: mp3, m4a, ogg, wav, flac; video: mp4, webm, ogv"
    )
    file_id = IdField(required=False, help_text="an earlier (chunked) upload of yours, instead of `file`")


class MaterialChangeInputSerializer(MaterialInputSerializer):
    """The fields to change; a new `file` or `file_id` replaces the file, `remove_file` drops a text's document."""

    remove_file = serializers.BooleanField(required=False)
