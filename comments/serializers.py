"""Input and output shapes of the comments API."""

from rest_framework import serializers

from comments.models import Conclusion, Verdict
from config.strict_input import StrictInputSerializer


class ConclusionSerializer(serializers.ModelSerializer):
    """An expert group's conclusion."""

    group_name = serializers.CharField(source="group.name", read_only=True)
    author = serializers.CharField(source="author.username", read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True)

    class Meta:
        model = Conclusion
        fields = ["id", "group", "group_name", "review_round", "version", "verdict", "text", "author", "submitted_at"]


class ConclusionInputSerializer(StrictInputSerializer):
    """A conclusion to submit; `group` may be left out by a member of one assigned group only."""

    group = serializers.IntegerField(required=False)
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    text = serializers.CharField(max_length=20000)
