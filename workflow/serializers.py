"""Input and output shapes of the workflow API."""

from rest_framework import serializers

from drafts.arguments import NUMBER_MAX_LENGTH, REASON_MAX_LENGTH, end_of_day
from kernel.states import State
from kernel.strict_input import StrictInputSerializer
from workflow.models import TransitionRecord


class DeadlineField(serializers.DateTimeField):
    """A date-time, or a plain date meaning the end of that day in the office's time zone."""

    def to_internal_value(self, value):
        if isinstance(value, str) and len(value.strip()) == 10:
            return end_of_day(serializers.DateField().to_internal_value(value))
        return super().to_internal_value(value)


class TransitionSerializer(serializers.Serializer):
    """A transition you may perform now, and what it needs from you."""

    name = serializers.CharField()
    target = serializers.CharField()
    label = serializers.CharField()
    needs = serializers.ListField(child=serializers.CharField())


class TransitionInputSerializer(StrictInputSerializer):
    """What a transition may need: which ones need which is listed by GET transitions/."""

    reason = serializers.CharField(required=False, allow_blank=True, max_length=REASON_MAX_LENGTH)
    discussion_ends_at = DeadlineField(required=False)
    number = serializers.CharField(required=False, allow_blank=True, max_length=NUMBER_MAX_LENGTH)
    approved_on = serializers.DateField(required=False)
    expected_status = serializers.ChoiceField(
        choices=State.choices,
        required=False,
        help_text="If given, refuse with 409 unless the draft is still in this state.",
    )


class TransitionRecordSerializer(serializers.ModelSerializer):
    """One line of a draft's history."""

    actor = serializers.SerializerMethodField()

    class Meta:
        model = TransitionRecord
        fields = ["id", "name", "source", "target", "actor", "at", "reason", "version", "data"]

    def get_actor(self, record) -> str | None:
        return record.actor.get_username() if record.actor_id else None
