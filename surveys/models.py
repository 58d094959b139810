"""A drafter's short survey on a draft, answered once per user during the public discussion (issue 14)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Survey(models.Model):
    """The draft's one survey: its questions are fixed once the first answer arrives."""

    draft = models.OneToOneField("drafts.Draft", on_delete=models.CASCADE, related_name="survey")
    # In the draft's language; `titles` holds the other interface languages: {"ru": "...", "en": "..."}.
    title = models.CharField(_("title"), max_length=300, blank=True)
    titles = models.JSONField(default=dict, blank=True)
    # The drafter's choice: results shown while the discussion runs (always once it has closed).
    results_live = models.BooleanField(_("results shown during the discussion"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()

    def title_shown(self) -> str:
        """The title in the reader's language, else in the draft's."""
        return self.titles.get(translation.get_language() or "", "") or self.title


class QuestionKind(models.TextChoices):
    """What a question asks for."""

    SINGLE_CHOICE = "single_choice", _("One choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Several choices")
    SCALE = "scale", _("Scale from 1 to 5")
    FREE_TEXT = "free_text", _("Free text")


CHOICE_KINDS = frozenset({QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE})
SCALE_VALUES = range(1, 6)


class Question(models.Model):
    """One question; `options` (choice kinds) is a list of {"text": ..., "texts": {language: ...}}."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=500)
    texts = models.JSONField(default=dict, blank=True)
    options = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="unique_question_position"),
            models.CheckConstraint(condition=Q(kind__in=QuestionKind.values), name="question_kind_is_known"),
        ]

    def text_shown(self) -> str:
        return self.texts.get(translation.get_language() or "", "") or self.text

    def options_shown(self) -> list[str]:
        """The options in the reader's language, else in the draft's; their index is what an answer records."""
        language = translation.get_language() or ""
        return [option.get("texts", {}).get(language, "") or option["text"] for option in self.options]


class SurveyResponse(models.Model):
    """One user's answers to a survey: at most one per user (the unique constraint holds under races)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # PROTECT, like a vote: an answer counted in a closed discussion stays counted.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="survey_responses")
    # When the request arrived: the discussion deadline is judged against this moment.
    submitted_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="one_survey_response_per_user")]
        indexes = [models.Index(fields=["survey", "submitted_at"], name="survey_responses_by_day")]


class TextStatus(models.TextChoices):
    """A free-text answer waits for a moderator before anyone sees it."""

    PENDING = "pending", _("Pending moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Answer(models.Model):
    """One value of a response: an option's index (one row per chosen option), a scale value, or a text."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    # The option's index for choice questions, 1–5 for a scale; null for free text.
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    # Free text only; blank for the other kinds, which need no moderation.
    status = models.CharField(max_length=16, choices=TextStatus.choices, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["response", "question__position", "value"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question", "value"], name="unique_answer_value"),
            models.UniqueConstraint(
                fields=["response", "question"], condition=Q(value__isnull=True), name="one_text_answer_per_question"
            ),
        ]
        # Results are counted by (question, value); the moderation queue reads pending texts.
        indexes = [
            models.Index(fields=["question", "value"], name="survey_answer_counts"),
            models.Index(fields=["status"], name="survey_answer_status", condition=~Q(status="")),
        ]
