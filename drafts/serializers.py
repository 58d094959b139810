"""Input and output shapes of the drafts API; no business rules here."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from drafts.models import ActType, Article, Draft, DraftVersion, ExpertAssignment, ExpertGroup, IssuingBody, Language
from drafts.scripts import scripts_of
from drafts.transliteration import Script
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


class DraftListSerializer(serializers.ModelSerializer):
    """A draft in a list: what is needed to pick one."""

    act_type_name = serializers.CharField(source="act_type.name", read_only=True)
    issuing_body_name = serializers.CharField(source="issuing_body.name", read_only=True)

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


class DraftDetailSerializer(DraftListSerializer):
    """One draft with its working text and its recognised structure."""

    drafters = UserRefSerializer(many=True, read_only=True, source="drafter_users")
    expert_groups = ExpertGroupSerializer(many=True, read_only=True)
    structure = ProvisionSerializer(many=True, read_only=True, source="provisions")
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
