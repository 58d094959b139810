"""HTTP endpoints for campaigns (form letters, issue 13): list and read them, decide and answer each in one action."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from comments.campaign_moderation import campaign_moderate, campaign_respond
from comments.campaigns import access_campaign, campaign_list_visible_to, campaign_variants
from comments.models import Campaign, Decision, Status
from drafts.selectors import access_draft
from kernel.strict_input import StrictInputSerializer


class CampaignCountsSerializer(serializers.Serializer):
    """The campaign's members by moderation status."""

    pending = serializers.IntegerField(source="pending_count")
    published = serializers.IntegerField(source="published_count")
    rejected = serializers.IntegerField(source="rejected_count")


class CampaignAnswerSerializer(serializers.Serializer):
    """The answer every published member was given."""

    decision = serializers.ChoiceField(source="answer_decision", choices=Decision.choices)
    text = serializers.CharField(source="answer_text")


class CampaignSerializer(serializers.ModelSerializer):
    """A campaign: `size` comments grouped at intake as near-identical; `text` is its first comment's
    (the canonical). Plain text: never render it as HTML."""

    counts = CampaignCountsSerializer(source="*", read_only=True)
    unanswered = serializers.BooleanField(
        source="has_unanswered", read_only=True, help_text="a published member has no answer yet"
    )
    response = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = ["id", "draft", "size", "text", "canonical", "created_at", "counts", "unanswered", "response"]

    @extend_schema_field(CampaignAnswerSerializer(allow_null=True))
    def get_response(self, campaign) -> dict | None:
        return CampaignAnswerSerializer(campaign).data if campaign.answer_decision else None


class VariantSerializer(serializers.Serializer):
    """One wording of the letter other than the canonical one, how many sent it, and its word diff
    against the canonical text: runs of `equal`, `delete` and `insert`."""

    text = serializers.CharField()
    count = serializers.IntegerField()
    words = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.DictField(child=serializers.CharField())))
    def get_words(self, variant) -> list[dict]:
        return [{"op": op, "text": text} for op, text in variant.words]


class CampaignDetailSerializer(CampaignSerializer):
    """A campaign with its variants (the 50 most sent)."""

    variants = serializers.SerializerMethodField()

    class Meta(CampaignSerializer.Meta):
        fields = [*CampaignSerializer.Meta.fields, "variants"]

    @extend_schema_field(VariantSerializer(many=True))
    def get_variants(self, campaign) -> list[dict]:
        return VariantSerializer(campaign_variants(campaign), many=True).data


class CampaignModerationInputSerializer(StrictInputSerializer):
    """A moderator's decision for every member of the campaign that waits for moderation."""

    decision = serializers.ChoiceField(choices=["publish", "reject"])
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class CampaignModerationSerializer(serializers.Serializer):
    """How many members were decided, and how."""

    campaign = serializers.IntegerField()
    decided = serializers.IntegerField()
    status = serializers.ChoiceField(choices=[Status.PUBLISHED, Status.REJECTED])


class CampaignResponseInputSerializer(StrictInputSerializer):
    """The drafters' answer to the whole campaign."""

    decision = serializers.ChoiceField(choices=Decision.choices)
    text = serializers.CharField(max_length=20000)


class CampaignResponseSerializer(serializers.Serializer):
    """How many published members were given the answer."""

    campaign = serializers.IntegerField()
    answered = serializers.IntegerField()


class DraftCampaignListView(generics.ListAPIView):
    """The draft's campaigns, largest first (moderators and the draft's drafters; 403 for others)."""

    serializer_class = CampaignSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Campaign.objects.none()
        draft = access_draft(self.request.user, self.kwargs["draft_id"])
        return campaign_list_visible_to(self.request.user, draft)


class CampaignDetailView(APIView):
    """One campaign with its variants and their differences from the canonical text."""

    @extend_schema(responses=CampaignDetailSerializer)
    def get(self, request, campaign_id: int):
        return Response(CampaignDetailSerializer(access_campaign(request.user, campaign_id)).data)


class CampaignModerationView(APIView):
    """A moderator publishes or rejects (with a reason) every member of the campaign still waiting, at once."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=CampaignModerationInputSerializer, responses=CampaignModerationSerializer)
    def post(self, request, campaign_id: int):
        data = CampaignModerationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = campaign_moderate(user=request.user, campaign_id=campaign_id, **data.validated_data)
        return Response(CampaignModerationSerializer(result).data)


class CampaignResponseView(APIView):
    """A drafter answers the campaign: every published member gets the same answer (again, to revise it)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=CampaignResponseInputSerializer, responses=CampaignResponseSerializer)
    def post(self, request, campaign_id: int):
        data = CampaignResponseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = campaign_respond(user=request.user, campaign_id=campaign_id, **data.validated_data)
        return Response(CampaignResponseSerializer(result).data)
