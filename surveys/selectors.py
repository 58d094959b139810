"""Reads of surveys that encode who may see what: the survey with its draft, results, the moderation queue."""

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from drafts.selectors import access_draft, draft_list_visible_to
from kernel.errors import NotVisible, StateConflict
from kernel.states import State
from surveys.models import CHOICE_KINDS, Answer, QuestionKind, Survey, SurveyResponse, TextStatus
from surveys.permissions import (
    DEFINABLE_STATES,
    can_define_survey,
    can_moderate_answers,
    can_see_results,
    discussion_over,
)

# How many approved free-text answers a result shows per question (all are in the open data).
TEXTS_SHOWN = 200


def survey_of(draft) -> Survey | None:
    """The survey of a draft the caller has opened, with its questions, or None."""
    survey = Survey.objects.filter(draft=draft).prefetch_related("questions").first()
    if survey is not None:
        survey.draft = draft
    return survey


def access_survey(user, draft_id) -> Survey:
    """The survey of a draft the user may open; NotVisible when the draft is hidden or has no survey."""
    draft = access_draft(user, draft_id)
    survey = survey_of(draft)
    if survey is None:
        raise NotVisible(f"Draft {draft_id} has no survey.")
    return survey


def response_of(user, survey) -> SurveyResponse | None:
    """The user's own response, if they answered."""
    if not user.is_authenticated:
        return None
    return SurveyResponse.objects.filter(survey=survey, user=user).first()


def has_responses(survey) -> bool:
    return SurveyResponse.objects.filter(survey=survey).exists()


def accepting_answers(draft) -> bool:
    """The draft is under public discussion and its deadline has not passed."""
    return draft.status == State.PUBLIC_DISCUSSION and timezone.now() < draft.discussion_ends_at


def survey_state(user, survey) -> Survey:
    """The survey with where the reader stands: whether it takes answers, whether they answered, whether
    they may see the results now, whether they may redefine it."""
    draft = survey.draft
    survey.accepting_answers = accepting_answers(draft)
    survey.my_response = response_of(user, survey)
    survey.answered = survey.my_response is not None
    survey.results_visible = can_see_results(user, survey, draft)
    survey.editable = can_define_survey(user, draft) and draft.status in DEFINABLE_STATES and not has_responses(survey)
    return survey


@dataclass
class QuestionResult:
    """The counts of one question as the reader may see them."""

    id: int
    position: int
    kind: str
    text: str
    answered: int = 0
    # Choice and scale questions: (label, count) for each option or scale value, in order.
    counts: list = field(default_factory=list)
    average: float | None = None
    # Free text: the approved answers only.
    texts: list = field(default_factory=list)
    texts_total: int = 0


@dataclass
class SurveyResults:
    """A survey's results: how many answered, and each question's counts."""

    survey_id: int
    title: str
    respondents: int
    live: bool
    questions: list


def _results(survey, live: bool) -> SurveyResults:
    questions = list(survey.questions.all())
    # Three queries whatever the number of respondents: respondents, counts by (question, value), texts.
    respondents = SurveyResponse.objects.filter(survey=survey).count()
    counts: dict = {}
    answered: dict = {}
    rows = (
        Answer.objects.filter(question__survey=survey, value__isnull=False)
        .values("question_id", "value")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[(row["question_id"], row["value"])] = row["n"]
    per_question = (
        Answer.objects.filter(question__survey=survey)
        .exclude(status__in=[TextStatus.PENDING, TextStatus.REJECTED])
        .values("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    )
    for row in per_question:
        answered[row["question_id"]] = row["n"]
    texts = (
        Answer.objects.filter(question__survey=survey, value__isnull=True, status=TextStatus.APPROVED)
        .order_by("question_id", "id")
        .values_list("question_id", "id", "text")
    )
    by_question: dict = {}
    for question_id, answer_id, text in texts:
        by_question.setdefault(question_id, []).append({"id": answer_id, "text": text})
    shown = []
    for q in questions:
        result = QuestionResult(id=q.pk, position=q.position, kind=q.kind, text=q.text_shown())
        result.answered = answered.get(q.pk, 0)
        if q.kind in CHOICE_KINDS:
            result.counts = [(label, counts.get((q.pk, i), 0)) for i, label in enumerate(q.options_shown())]
        elif q.kind == QuestionKind.SCALE:
            result.counts = [(str(v), counts.get((q.pk, v), 0)) for v in range(1, 6)]
            total = sum(n for _label, n in result.counts)
            if total:
                result.average = round(sum(int(v) * n for v, n in result.counts) / total, 2)
        else:
            approved = by_question.get(q.pk, [])
            result.texts_total = len(approved)
            result.texts = approved[:TEXTS_SHOWN]
        shown.append(result)
    return SurveyResults(
        survey_id=survey.pk, title=survey.title_shown(), respondents=respondents, live=live, questions=shown
    )


def results_visible_to(user, survey) -> SurveyResults | None:
    """The results if the user may see them now, else None."""
    if not can_see_results(user, survey, survey.draft):
        return None
    return _results(survey, live=not discussion_over(survey.draft))


def survey_results(user, draft_id) -> SurveyResults:
    """The results of a visible draft's survey; 409 while they are kept until the discussion closes."""
    survey = access_survey(user, draft_id)
    results = results_visible_to(user, survey)
    if results is None:
        raise StateConflict(
            _(
                "The survey's results are shown once the public discussion has closed; the drafters chose not to show them earlier."
            )
        )
    return results


def pending_text_answers(user) -> QuerySet[Answer]:
    """Free-text answers waiting for a moderator, oldest first, on drafts the moderator can open."""
    if not can_moderate_answers(user):
        return Answer.objects.none()
    return (
        Answer.objects.filter(
            status=TextStatus.PENDING,
            question__survey__draft__in=draft_list_visible_to(user).values("pk"),
        )
        .select_related("question", "question__survey", "question__survey__draft", "response")
        .order_by("response__submitted_at", "id")
    )


def survey_list_for_year(user, drafts: QuerySet) -> QuerySet[Survey]:
    """The surveys of the given drafts (already narrowed to those the user may open)."""
    return Survey.objects.filter(draft__in=drafts.values("pk")).select_related("draft").prefetch_related("questions")
