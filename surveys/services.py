"""Every write of a survey: the drafters define it, users answer it once, moderators decide on free text.

A survey belongs to a draft and runs for its public discussion. Its drafters define (replace) it while
the draft is written or reviewed, and in the discussion until the first answer arrives: an answer
counted against a question must keep meaning what it meant. Answers are taken like comments: only
during the discussion, judged against the moment the request arrived, under the shared draft lock, so
no transition slips in between the check and the insert; one per user (a unique constraint, so
parallel requests leave one). A free-text answer waits for a moderator before anyone sees it.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from drafts.models import INTERFACE_LANGUAGE, Draft
from drafts.selectors import access_draft, lock_draft_shared
from kernel.errors import Forbidden, InvalidArguments, NotVisible, StateConflict
from kernel.states import State
from kernel.text import text_refusal
from surveys.models import CHOICE_KINDS, Answer, Question, QuestionKind, Survey, SurveyResponse, TextStatus
from surveys.permissions import DEFINABLE_STATES, can_define_survey, can_moderate_answers

MAX_QUESTIONS = 20
MAX_OPTIONS = 12
TITLE_MAX = 300
QUESTION_MAX = 500
OPTION_MAX = 200
ANSWER_TEXT_MAX = 2000


def _text(value, field: str, limit: int, *, required: bool) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidArguments({field: _("Send text.")})
    value = value.strip()
    if not value:
        if required:
            raise InvalidArguments({field: _("This cannot be empty.")})
        return ""
    if len(value) > limit:
        raise InvalidArguments({field: _("Too long: at most %(n)d characters.") % {"n": limit}})
    if reason := text_refusal(value):
        raise InvalidArguments({field: reason})
    return value


def _translations(value, field: str, own: str, limit: int) -> dict[str, str]:
    """The text in the interface languages other than the draft's own (that one is the main text)."""
    if value in (None, ""):
        return {}
    languages = [code for code, _name in settings.LANGUAGES]
    if not isinstance(value, dict):
        raise InvalidArguments({field: _("Send an object: language -> text.")})
    cleaned = {}
    for language, text in value.items():
        if language not in languages:
            raise InvalidArguments({field: _("Languages are %(list)s.") % {"list": ", ".join(languages)}})
        text = _text(text, f"{field}.{language}", limit, required=False)
        if text and language != own:
            cleaned[language] = text
    return cleaned


def _question(raw, i: int, own: str) -> dict:
    where = f"questions[{i}]"
    if not isinstance(raw, dict):
        raise InvalidArguments({where: _("Send each question as an object with kind, text and options.")})
    allowed = {"kind", "text", "texts", "options", "required"}
    if unknown := sorted(set(raw) - allowed):
        raise InvalidArguments(
            {
                where: _("Unknown field %(field)s; allowed: %(allowed)s.")
                % {"field": unknown[0], "allowed": ", ".join(sorted(allowed))}
            }
        )
    kind = raw.get("kind")
    if kind not in QuestionKind.values:
        raise InvalidArguments(
            {f"{where}.kind": _("Choose one of: %(list)s.") % {"list": ", ".join(QuestionKind.values)}}
        )
    text = _text(raw.get("text"), f"{where}.text", QUESTION_MAX, required=True)
    texts = _translations(raw.get("texts"), f"{where}.texts", own, QUESTION_MAX)
    required = raw.get("required", kind != QuestionKind.FREE_TEXT)
    if not isinstance(required, bool):
        raise InvalidArguments({f"{where}.required": _("Send true or false.")})
    options_raw = raw.get("options") or []
    if not isinstance(options_raw, list):
        raise InvalidArguments({f"{where}.options": _("Send a list of options.")})
    options = []
    if kind in CHOICE_KINDS:
        if not 2 <= len(options_raw) <= MAX_OPTIONS:
            raise InvalidArguments({f"{where}.options": _("Give between 2 and %(n)d options.") % {"n": MAX_OPTIONS}})
        for j, option in enumerate(options_raw):
            field = f"{where}.options[{j}]"
            if isinstance(option, str):
                option = {"text": option}
            if not isinstance(option, dict) or set(option) - {"text", "texts"}:
                raise InvalidArguments({field: _("Send an option as text, or as an object with text and texts.")})
            options.append(
                {
                    "text": _text(option.get("text"), f"{field}.text", OPTION_MAX, required=True),
                    "texts": _translations(option.get("texts"), f"{field}.texts", own, OPTION_MAX),
                }
            )
        if len({o["text"].casefold() for o in options}) != len(options):
            raise InvalidArguments({f"{where}.options": _("Two options have the same text; make each one different.")})
    elif options_raw:
        raise InvalidArguments({f"{where}.options": _("Only choice questions have options.")})
    return {"kind": kind, "text": text, "texts": texts, "options": options, "required": required}


def _messages(error: InvalidArguments) -> list[str]:
    return [message for messages in (error.details or {}).values() for message in messages]


def _definable(user, draft_id: int) -> Draft:
    """The draft, row-locked, if the user drafts it and the survey may still change; 403 or 409 otherwise."""
    draft = Draft.objects.select_for_update().get(pk=draft_id)
    if not can_define_survey(user, draft):
        raise Forbidden(_("Only the draft's own drafters can define its survey."))
    if draft.status not in DEFINABLE_STATES:
        raise StateConflict(
            _("The survey can be changed only before and during the public discussion; the draft is in '%(state)s'.")
            % {"state": draft.get_status_display()},
            details={"status": draft.status},
        )
    if SurveyResponse.objects.filter(survey__draft=draft).exists():
        raise StateConflict(
            _("People have already answered this survey; its questions can no longer change."),
        )
    return draft


def survey_define(
    *, user, draft_id: int, questions: list, title: str = "", titles: dict | None = None, results_live: bool = False
) -> Survey:
    """Creates the draft's survey or replaces it whole; only its drafters, only until the first answer.
    The row lock on the draft (FOR UPDATE) excludes answers being taken (FOR SHARE), so no answer lands
    on questions that are being replaced."""
    draft = access_draft(user, draft_id)
    own = INTERFACE_LANGUAGE.get(draft.language, "uz")
    title = _text(title, "title", TITLE_MAX, required=False)
    titles = _translations(titles, "titles", own, TITLE_MAX)
    if not isinstance(results_live, bool):
        raise InvalidArguments({"results_live": _("Send true or false.")})
    if not isinstance(questions, list) or not questions:
        raise InvalidArguments({"questions": _("Give at least one question.")})
    if len(questions) > MAX_QUESTIONS:
        raise InvalidArguments({"questions": _("A survey is short: at most %(n)d questions.") % {"n": MAX_QUESTIONS}})
    cleaned = []
    for i, raw in enumerate(questions):
        try:
            cleaned.append(_question(raw, i, own))
        except InvalidArguments as error:
            # One key for the whole list, as the schema names it; the message says which question and what.
            raise InvalidArguments(
                {"questions": [_("Question %(n)d: %(reason)s") % {"n": i + 1, "reason": m} for m in _messages(error)]}
            ) from None
    now = timezone.now()
    with transaction.atomic():
        draft = _definable(user, draft.pk)
        survey, _created = Survey.objects.update_or_create(
            draft=draft,
            defaults={"title": title, "titles": titles, "results_live": results_live, "updated_at": now},
            create_defaults={
                "title": title,
                "titles": titles,
                "results_live": results_live,
                "updated_at": now,
                "created_by": user,
            },
        )
        survey.questions.all().delete()
        Question.objects.bulk_create(Question(survey=survey, position=i, **q) for i, q in enumerate(cleaned))
    survey.draft = draft
    return survey


def survey_remove(*, user, draft_id: int) -> None:
    """Removes the draft's survey; only its drafters, only until the first answer."""
    draft = access_draft(user, draft_id)
    with transaction.atomic():
        draft = _definable(user, draft.pk)
        deleted, _rows = Survey.objects.filter(draft=draft).delete()
        if not deleted:
            raise NotVisible(f"Draft {draft_id} has no survey.")


def _open_for_answers(draft, received_at: datetime.datetime) -> None:
    """Called with the draft locked (shared), so no transition slips in between this check and the write."""
    if draft.status != State.PUBLIC_DISCUSSION:
        raise StateConflict(
            _("The survey takes answers only while the draft is under public discussion; it is in '%(state)s'.")
            % {"state": draft.get_status_display()},
            details={"status": draft.status},
        )
    if received_at >= draft.discussion_ends_at:
        raise StateConflict(
            _("The public discussion ended at %(deadline)s; the survey no longer takes answers.")
            % {"deadline": timezone.localtime(draft.discussion_ends_at).strftime("%Y-%m-%d %H:%M:%S")}
        )


def _answer_rows(survey, answers) -> list[Answer]:
    """The answers checked against the questions: every required one answered, each in its kind's shape."""
    if not isinstance(answers, list):
        raise InvalidArguments({"answers": _("Send a list of answers, one per question.")})
    questions = {q.pk: q for q in survey.questions.all()}
    given: dict = {}
    for i, raw in enumerate(answers):
        where = f"answers[{i}]"
        if (
            not isinstance(raw, dict)
            or not isinstance(raw.get("question"), int)
            or isinstance(raw.get("question"), bool)
        ):
            raise InvalidArguments({where: _("Send each answer as an object with the question's id.")})
        question = questions.get(raw["question"])
        if question is None:
            raise InvalidArguments({where: _("This survey has no question %(id)s.") % {"id": raw["question"]}})
        if question.pk in given:
            raise InvalidArguments({where: _("Question %(id)s is answered twice.") % {"id": question.pk}})
        expected = {
            QuestionKind.SINGLE_CHOICE: "choice",
            QuestionKind.MULTIPLE_CHOICE: "choices",
            QuestionKind.SCALE: "scale",
            QuestionKind.FREE_TEXT: "text",
        }[question.kind]
        if set(raw) - {"question", expected}:
            raise InvalidArguments(
                {where: _("Question %(id)s takes `%(field)s`.") % {"id": question.pk, "field": expected}}
            )
        given[question.pk] = (question, raw.get(expected))
    rows = []
    for question in questions.values():
        where = f"question_{question.pk}"
        _question_obj, value = given.get(question.pk, (question, None))
        if question.kind == QuestionKind.FREE_TEXT:
            text = _text(value, where, ANSWER_TEXT_MAX, required=question.required)
            if text:
                rows.append(Answer(question=question, text=text, status=TextStatus.PENDING))
            continue
        if question.kind == QuestionKind.MULTIPLE_CHOICE:
            values = value if value is not None else []
            if not isinstance(values, list) or any(not isinstance(v, int) or isinstance(v, bool) for v in values):
                raise InvalidArguments({where: _("Send the chosen options' numbers as a list.")})
            if len(set(values)) != len(values):
                raise InvalidArguments({where: _("An option is chosen twice.")})
        else:
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                raise InvalidArguments({where: _("Send a number.")})
            values = [] if value is None else [value]
        if not values:
            if question.required:
                raise InvalidArguments({where: _("Answer this question: %(text)s") % {"text": question.text_shown()}})
            continue
        allowed = range(1, 6) if question.kind == QuestionKind.SCALE else range(len(question.options))
        for v in values:
            if v not in allowed:
                raise InvalidArguments(
                    {
                        where: _("Choose between %(low)d and %(high)d.")
                        % {"low": allowed.start, "high": allowed.stop - 1}
                    }
                )
            rows.append(Answer(question=question, value=v, status=""))
    if not rows:
        raise InvalidArguments({"answers": _("Answer at least one question.")})
    return rows


def survey_answer_submit(
    *, user, draft_id: int, answers: list, received_at: datetime.datetime | None = None
) -> SurveyResponse:
    """Records the user's one response to the draft's survey; only during its public discussion. A second
    response, sequential or parallel, is refused with 409 and changes nothing."""
    received_at = received_at or timezone.now()
    draft = access_draft(user, draft_id)
    if not user.is_authenticated:
        raise Forbidden(_("Log in to answer the survey."))
    survey = Survey.objects.filter(draft=draft).first()
    if survey is None:
        raise NotVisible(f"Draft {draft_id} has no survey.")
    with transaction.atomic():
        draft = lock_draft_shared(draft.pk)
        _open_for_answers(draft, received_at)
        # Read under the lock: the questions cannot be replaced now (that takes the lock exclusively).
        survey = Survey.objects.prefetch_related("questions").get(pk=survey.pk)
        try:
            rows = _answer_rows(survey, answers)
        except InvalidArguments as error:
            # Which questions a survey has is beyond the schema: every such refusal is one of `answers`.
            raise InvalidArguments({"answers": _messages(error)}) from None
        if SurveyResponse.objects.filter(survey=survey, user=user).exists():
            raise StateConflict(_("You have already answered this survey; each person answers once."))
        try:
            with transaction.atomic():
                response = SurveyResponse.objects.create(survey=survey, user=user, submitted_at=received_at)
        except IntegrityError:
            # A parallel request of the same user committed first: its response stands.
            raise StateConflict(_("You have already answered this survey; each person answers once.")) from None
        for row in rows:
            row.response = response
        Answer.objects.bulk_create(rows)
    response.survey = survey
    return response


TEXT_DECISIONS = ("approve", "reject")


def survey_text_moderate(*, user, answer_id: int, decision: str) -> Answer:
    """A moderator approves a free-text answer (then it is shown with the results) or rejects it (never
    shown). Deciding again on a decided answer is refused with 409."""
    if not can_moderate_answers(user):
        raise Forbidden(_("Only moderators decide on survey answers."))
    if decision not in TEXT_DECISIONS:
        raise InvalidArguments({"decision": _("Choose 'approve' or 'reject'.")})
    with transaction.atomic():
        answer = (
            Answer.objects.select_for_update(of=("self",))
            .select_related("question__survey")
            .filter(pk=answer_id, value__isnull=True)
            .first()
        )
        if answer is None:
            raise NotVisible(f"No free-text answer {answer_id}.")
        access_draft(user, answer.question.survey.draft_id)
        if answer.status != TextStatus.PENDING:
            raise StateConflict(
                _("This answer was already decided on: %(status)s.") % {"status": answer.get_status_display().lower()}
            )
        answer.status = TextStatus.APPROVED if decision == "approve" else TextStatus.REJECTED
        answer.moderated_by = user
        answer.moderated_at = timezone.now()
        answer.save(update_fields=["status", "moderated_by", "moderated_at"])
    return answer
