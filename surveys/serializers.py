"""Input and output shapes of the surveys API."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kernel.strict_input import FlatListField, StrictInputSerializer
from surveys.models import Question, QuestionKind
from surveys.services import TEXT_DECISIONS


class OptionSerializer(serializers.Serializer):
    """An option: its text in the draft's language and in the others it was given in."""

    index = serializers.IntegerField(help_text="what an answer sends to choose it")
    text = serializers.CharField()
    texts = serializers.DictField(child=serializers.CharField(), help_text="interface language -> text")
    shown = serializers.CharField(help_text="in the reader's language")


class QuestionSerializer(serializers.ModelSerializer):
    """A question of the survey."""

    shown = serializers.CharField(source="text_shown", help_text="in the reader's language")
    options = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = ["id", "position", "kind", "text", "texts", "shown", "required", "options"]

    @extend_schema_field(OptionSerializer(many=True))
    def get_options(self, question) -> list[dict]:
        shown = question.options_shown()
        return [
            {"index": i, "text": o["text"], "texts": o.get("texts", {}), "shown": shown[i]}
            for i, o in enumerate(question.options)
        ]


class SurveySerializer(serializers.Serializer):
    """A draft's survey, and where the reader stands with it."""

    id = serializers.IntegerField()
    draft = serializers.IntegerField(source="draft_id")
    title = serializers.CharField()
    titles = serializers.DictField(child=serializers.CharField())
    results_live = serializers.BooleanField(help_text="results shown while the discussion runs")
    questions = QuestionSerializer(many=True)
    accepting_answers = serializers.BooleanField(help_text="the draft is under public discussion, before its deadline")
    answered = serializers.BooleanField(help_text="you have answered it")
    results_visible = serializers.BooleanField(help_text="GET results/ answers 200 for you now")
    editable = serializers.BooleanField(help_text="you may PUT a new definition now")


class SurveyInputSerializer(StrictInputSerializer):
    """The whole survey, replacing any earlier one. Each question: `kind` (single_choice, multiple_choice,
    scale, free_text), `text` (the draft's language), optional `texts` {language: text}, `required`
    (default true, false for free text), and for choice questions 2–12 `options`, each a text or
    {"text", "texts"}."""

    title = serializers.CharField(required=False, allow_blank=True, max_length=300)
    titles = serializers.DictField(required=False, help_text="interface language -> title")
    results_live = serializers.BooleanField(required=False, default=False)
    questions = FlatListField(child=serializers.DictField(), max_length=20, min_length=1)


class AnswerInputSerializer(StrictInputSerializer):
    """Your one response: per question `{"question": id}` with `choice` (an option's index), `choices`
    (indexes), `scale` (1–5) or `text` (at most 2,000 characters), as its kind takes."""

    answers = FlatListField(child=serializers.DictField(), max_length=20, min_length=1)


class ResponseReceiptSerializer(serializers.Serializer):
    """Your response was recorded (free-text answers wait for a moderator before they are shown)."""

    survey = serializers.IntegerField(source="survey_id")
    submitted_at = serializers.DateTimeField()


class CountSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()


class TextAnswerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()


class QuestionResultSerializer(serializers.Serializer):
    """One question's results; free-text answers only once a moderator approved them (never their authors)."""

    id = serializers.IntegerField()
    position = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=QuestionKind.values)
    text = serializers.CharField()
    answered = serializers.IntegerField()
    counts = CountSerializer(many=True)
    average = serializers.FloatField(allow_null=True)
    texts = TextAnswerSerializer(many=True)
    texts_total = serializers.IntegerField()


class SurveyResultsSerializer(serializers.Serializer):
    """The survey's results; `live`: the discussion still runs and they may change."""

    survey_id = serializers.IntegerField()
    title = serializers.CharField()
    respondents = serializers.IntegerField()
    live = serializers.BooleanField()
    questions = QuestionResultSerializer(many=True)


class TextModerationInputSerializer(StrictInputSerializer):
    """`approve` shows the answer with the results; `reject` keeps it out of them."""

    decision = serializers.ChoiceField(choices=list(TEXT_DECISIONS))


class PendingTextSerializer(serializers.Serializer):
    """A free-text answer waiting for a moderator."""

    id = serializers.IntegerField()
    draft = serializers.IntegerField(source="question.survey.draft_id")
    draft_title = serializers.CharField(source="question.survey.draft.title")
    question = serializers.CharField(source="question.text_shown")
    text = serializers.CharField()
    submitted_at = serializers.DateTimeField(source="response.submitted_at")
    status = serializers.CharField()
