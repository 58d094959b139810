"""Input and output shapes of the drafts API; no business rules here."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from drafts.models import (
    ActType,
    Article,
    AttachmentKind,
    Draft,
    DraftAttachment,
    DraftVersion,
    ExpertAssignment,
    ExpertGroup,
    IssuingBody,
    Language,
)
from drafts.scripts import scripts_of
from drafts.transliteration import Script
from files.models import StoredFile
from kernel.strict_input import FlatListField, IdField, StrictInputSerializer


class ActTypeSerializer(serializers.ModelSerializer):
    """A kind of act and its minimum discussion period."""

    class Meta:
        model = ActType
        fields = ["id", "code", "name", "min_discussion_days"]


class IssuingBodySerializer(serializers.ModelSerializer):
    """An office that issues acts."""

    class Meta:
        model = IssuingBody
        fields = ["id", "name", "place"]


class ExpertGroupSerializer(serializers.ModelSerializer):
    """An expert group."""

    class Meta:
        model = ExpertGroup
        fields = ["id", "name", "description"]


# The votes on a draft are comments' (comments.votes); drafts.selectors.drafts_as_shown has comments
# annotate them on the drafts the API shows. The values of comments.models.DraftVoteChoice (a test checks).
DRAFT_VOTES = ["for", "against"]

VoteCountsSerializer = type(
    "VoteCountsSerializer",
    (serializers.Serializer,),
    {
        "__doc__": "How many support (`for`) and how many oppose (`against`); frozen once the discussion closes.",
        "__module__": __name__,
        # `for` is a Python keyword, hence the class built by type().
        "for": serializers.IntegerField(source="votes_for", min_value=0, read_only=True),
        "against": serializers.IntegerField(source="votes_against", min_value=0, read_only=True),
    },
)


class DraftListSerializer(serializers.ModelSerializer):
    """A draft in a list: what is needed to pick one."""

    act_type_name = serializers.CharField(source="act_type.name", read_only=True)
    issuing_body_name = serializers.CharField(source="issuing_body.name", read_only=True)
    votes = VoteCountsSerializer(source="*", read_only=True)
    my_vote = serializers.ChoiceField(
        choices=DRAFT_VOTES,
        allow_null=True,
        read_only=True,
        help_text="your own vote; null when you have none or are not logged in",
    )

    class Meta:
        model = Draft
        fields = [
            "id",
            "title",
            "status",
            "act_type",
            "act_type_name",
            "issuing_body",
            "issuing_body_name",
            "language",
            "version",
            "discussion_ends_at",
            "number",
            "approved_on",
            "updated_at",
            "votes",
            "my_vote",
        ]


class ProvisionSerializer(serializers.Serializer):
    """An article or point recognised in the text."""

    key = serializers.CharField()
    kind = serializers.CharField()
    number = serializers.CharField()
    label = serializers.CharField()
    heading = serializers.CharField()
    chapter = serializers.CharField()
    section = serializers.CharField()
    annex = serializers.IntegerField()
    text = serializers.CharField()


class UserRefSerializer(serializers.Serializer):
    """A user as others see them."""

    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.CharField(source="get_full_name")


# A pattern, not an enum: two fields with one choice set would need a name in the settings' ENUM_NAME_OVERRIDES.
@extend_schema_field({"type": "string", "pattern": f"^({'|'.join(s.value for s in Script)})$"})
class ScriptField(serializers.CharField):
    """`latn` or `cyrl`."""


class ScriptsSerializer(serializers.Serializer):
    """The script of the official text and the script the texts are shown in (`?script=`)."""

    official = ScriptField()
    shown = ScriptField()


class StoredFileStatusField(serializers.ChoiceField):
    """`processing` until its checks have run after the upload, then `ready` (or `refused`, with no bytes left)."""

    def __init__(self, **kwargs):
        super().__init__(choices=StoredFile.Status.choices, **kwargs)


class DraftAttachmentSerializer(serializers.ModelSerializer):
    """A file attached to the draft. `url` serves it once `status` is `ready` (409 while it is being checked)."""

    title = serializers.CharField(source="title_shown", help_text="in your language when it has one, else the draft's")
    titles = serializers.DictField(source="all_titles", child=serializers.CharField(), help_text="language -> title")
    name = serializers.CharField(source="stored_file.name", help_text="the file's name as uploaded, made safe")
    content_type = serializers.CharField(source="stored_file.content_type")
    size = serializers.IntegerField(source="stored_file.size", help_text="bytes")
    sha256 = serializers.CharField(source="stored_file.sha256", help_text="of the bytes served")
    status = StoredFileStatusField(source="stored_file.status")
    metadata = serializers.DictField(
        source="stored_file.metadata", help_text="pictures: width, height; audio and video: duration (s), codecs"
    )
    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = DraftAttachment
        fields = [
            "id",
            "title",
            "titles",
            "kind",
            "name",
            "content_type",
            "size",
            "sha256",
            "status",
            "metadata",
            "url",
            "thumbnail_url",
            "version",
            "position",
            "added_at",
        ]

    def get_url(self, attachment) -> str:
        return reverse("draft-attachment-file", args=[attachment.draft_id, attachment.pk])

    def get_thumbnail_url(self, attachment) -> str | None:
        """A small picture of a photo, once it is ready."""
        if not attachment.stored_file.thumbnail:
            return None
        return f"{self.get_url(attachment)}?variant=thumbnail"


class DraftDetailSerializer(DraftListSerializer):
    """One draft with its working text, its recognised structure and its attachments."""

    drafters = UserRefSerializer(many=True, read_only=True, source="drafter_users")
    expert_groups = ExpertGroupSerializer(many=True, read_only=True)
    structure = ProvisionSerializer(many=True, read_only=True, source="provisions")
    attachments = DraftAttachmentSerializer(many=True, read_only=True, source="attachment_list")
    editable = serializers.BooleanField(source="is_editable", read_only=True)
    script = serializers.SerializerMethodField()

    class Meta(DraftListSerializer.Meta):
        fields = [
            *DraftListSerializer.Meta.fields,
            "body",
            "explanatory_note",
            "editable",
            "review_round",
            "terminated_from",
            "published_at",
            "created_at",
            "drafters",
            "expert_groups",
            "structure",
            "attachments",
            "script",
        ]

    @extend_schema_field(ScriptsSerializer)
    def get_script(self, draft) -> dict[str, str]:
        return scripts_of(draft)


class DraftInputSerializer(StrictInputSerializer):
    """What a drafter sends to create or change a draft."""

    title = serializers.CharField(max_length=500)
    act_type = serializers.PrimaryKeyRelatedField(queryset=ActType.objects.all())
    issuing_body = serializers.PrimaryKeyRelatedField(queryset=IssuingBody.objects.all())
    language = serializers.ChoiceField(choices=Language.choices, default=Language.UZ_LATN)
    body = serializers.CharField(allow_blank=True, default="", max_length=2_000_000, trim_whitespace=False)
    explanatory_note = serializers.CharField(allow_blank=True, default="", max_length=200_000)
    drafters = FlatListField(child=IdField(), required=False, help_text="Ids of co-drafters; you are always one.")


class DraftWordInputSerializer(DraftInputSerializer):
    """A draft's text from a Word document (multipart): its paragraphs, list numbers, tables and footnotes
    become the text, and the document is kept as the draft's attachment."""

    file = serializers.FileField(allow_empty_file=True, help_text="a Word document (.docx), at most the document limit")
    title = serializers.CharField(
        max_length=500,
        required=False,
        help_text="the document's own title (its Title paragraph or properties) when left out",
    )
    body = None


class VersionListSerializer(serializers.ModelSerializer):
    """A frozen version, without its text."""

    class Meta:
        model = DraftVersion
        fields = ["number", "title", "checksum", "created_at"]


class ArticleSerializer(serializers.ModelSerializer):
    """An article or point of a frozen version; comments point at its id."""

    class Meta:
        model = Article
        fields = ["id", "key", "kind", "number", "label", "heading", "chapter", "section", "annex", "text"]


class VersionDetailSerializer(VersionListSerializer):
    """A frozen version with its text and articles."""

    articles = ArticleSerializer(many=True, read_only=True)

    class Meta(VersionListSerializer.Meta):
        fields = [*VersionListSerializer.Meta.fields, "body", "explanatory_note", "articles"]


class ArticleChangeSerializer(serializers.Serializer):
    """One article's change between two versions."""

    key = serializers.CharField()
    label = serializers.CharField()
    change = serializers.ChoiceField(choices=["added", "removed", "changed"])
    heading = serializers.CharField()
    words = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
    # The keys of the changed sub-points inside this article or point, each shown only here.
    subpoints = serializers.ListField(child=serializers.CharField())


class VersionDiffSerializer(serializers.Serializer):
    """The readable difference between two versions."""

    from_version = serializers.IntegerField()
    to_version = serializers.IntegerField()
    articles = ArticleChangeSerializer(many=True)
    unified = serializers.CharField()


class ExpertAssignmentSerializer(serializers.ModelSerializer):
    """An expert group assigned to the draft."""

    group = ExpertGroupSerializer(read_only=True)

    class Meta:
        model = ExpertAssignment
        fields = ["group", "assigned_at"]


class ExpertAssignmentInputSerializer(StrictInputSerializer):
    """The group to assign."""

    group = IdField()


class DraftAttachmentInputSerializer(StrictInputSerializer):
    """A file to attach (multipart), or the id of your earlier chunked upload; its title and kind."""

    file = serializers.FileField(required=False, allow_empty_file=True, help_text="the file (multipart only)")
    file_id = IdField(required=False, help_text="instead of `file`: the id of your earlier (chunked) upload")
    title = serializers.CharField(max_length=300, help_text="in the draft's language")
    kind = serializers.ChoiceField(choices=AttachmentKind.choices)
    title_uz = serializers.CharField(required=False, allow_blank=True, max_length=300)
    title_uz_cyrl = serializers.CharField(required=False, allow_blank=True, max_length=300)
    title_ru = serializers.CharField(required=False, allow_blank=True, max_length=300)
    title_en = serializers.CharField(required=False, allow_blank=True, max_length=300)

    def titles(self) -> dict[str, str]:
        """The optional titles by interface language."""
        data = self.validated_data
        return {
            language: data[f"title_{language.replace('-', '_')}"]
            for language in ("uz", "uz-cyrl", "ru", "en")
            if data.get(f"title_{language.replace('-', '_')}")
        }


class DraftAttachmentClaimSerializer(DraftAttachmentInputSerializer):
    """JSON: the id of your earlier chunked upload (POST its bytes first), its title and kind."""

    file = None
    file_id = IdField(help_text="the id of your earlier (chunked) upload")
