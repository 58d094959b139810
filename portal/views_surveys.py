"""Survey pages: the form on the draft page, the drafters' editor, the moderation of free-text answers.
The same services and selectors as the API."""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from drafts.models import INTERFACE_LANGUAGE
from drafts.selectors import access_draft
from kernel.errors import InvalidArguments, NotVisible, ServiceError
from portal.refusals import acting, refusal_text
from surveys import services
from surveys.models import QuestionKind
from surveys.permissions import DEFINABLE_STATES, can_define_survey, can_moderate_answers
from surveys.presentation import question_charts
from surveys.selectors import pending_text_answers, results_visible_to, survey_of, survey_state

# Empty question slots the editor offers beyond the existing questions (save, and more appear).
EMPTY_SLOTS = 3


def survey_context(user, draft) -> dict:
    """What the draft page's survey box needs: the survey with where the reader stands, its results when
    the reader may see them, and whether the reader may add one."""
    survey = survey_of(draft)
    can_add = survey is None and can_define_survey(user, draft) and draft.status in DEFINABLE_STATES
    if survey is None:
        return {"survey": None, "can_add_survey": can_add}
    survey = survey_state(user, survey)
    results = results_visible_to(user, survey) if survey.results_visible else None
    return {
        "survey": survey,
        "survey_results": results,
        "survey_charts": question_charts(results) if results else [],
        "can_add_survey": False,
    }


def _int(value: str, field: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InvalidArguments({field: _("Choose one of the options.")}) from None


def _answers_from_form(survey, data) -> list[dict]:
    answers = []
    for q in survey.questions.all():
        name = f"q{q.pk}"
        if q.kind == QuestionKind.MULTIPLE_CHOICE:
            chosen = [_int(v, name) for v in data.getlist(name)]
            if chosen:
                answers.append({"question": q.pk, "choices": chosen})
        elif q.kind == QuestionKind.FREE_TEXT:
            if data.get(name, "").strip():
                answers.append({"question": q.pk, "text": data.get(name)})
        elif data.get(name):
            key = "scale" if q.kind == QuestionKind.SCALE else "choice"
            answers.append({"question": q.pk, key: _int(data.get(name), name)})
    return answers


@require_POST
@login_required
@acting
def survey_answer(request, draft_id: int):
    """The survey form of the draft page: one response per person, during the discussion."""
    received_at = timezone.now()
    draft = access_draft(request.user, draft_id)
    survey = survey_of(draft)
    if survey is None:
        raise NotVisible(f"Draft {draft_id} has no survey.")
    services.survey_answer_submit(
        user=request.user,
        draft_id=draft.pk,
        answers=_answers_from_form(survey, request.POST),
        received_at=received_at,
    )
    messages.success(
        request, _("Thank you: your answers were recorded. Written answers are shown once a moderator approves them.")
    )
    return redirect(f"/drafts/{draft.pk}/#survey")


def _languages(draft) -> tuple[str, list[tuple[str, str]]]:
    own = INTERFACE_LANGUAGE.get(draft.language, "uz")
    return own, [(code, name) for code, name in settings.LANGUAGES if code != own]


def _slots_from_survey(survey, others) -> list[dict]:
    slots = []
    for q in survey.questions.all() if survey else []:
        slots.append(
            {
                "kind": q.kind,
                "text": q.text,
                "texts": [(code, name, q.texts.get(code, "")) for code, name in others],
                "options": "\n".join(o["text"] for o in q.options),
                "options_in": [
                    (code, name, "\n".join(o.get("texts", {}).get(code, "") for o in q.options))
                    for code, name in others
                ],
                "required": q.required,
            }
        )
    return slots


def _slots_from_form(data, others) -> list[dict]:
    slots = []
    count = data.get("slots", "0")
    # Bounded: the form never has more slots than a survey has questions, and a few empty ones.
    for i in range(min(int(count), services.MAX_QUESTIONS + EMPTY_SLOTS) if re.fullmatch(r"[0-9]{1,4}", count) else 0):
        slots.append(
            {
                "kind": data.get(f"kind_{i}", ""),
                "text": data.get(f"text_{i}", ""),
                "texts": [(code, name, data.get(f"text_{i}_{code}", "")) for code, name in others],
                "options": data.get(f"options_{i}", ""),
                "options_in": [(code, name, data.get(f"options_{i}_{code}", "")) for code, name in others],
                "required": data.get(f"required_{i}") == "on",
            }
        )
    return slots


def _questions_from_slots(slots) -> list[dict]:
    questions = []
    for slot in slots:
        if not slot["text"].strip():
            continue
        question = {
            "kind": slot["kind"],
            "text": slot["text"],
            "texts": {code: text for code, _name, text in slot["texts"] if text.strip()},
            "required": slot["required"],
        }
        lines = [line.strip() for line in slot["options"].splitlines() if line.strip()]
        if lines:
            translated = {
                code: [line.strip() for line in text.splitlines() if line.strip()]
                for code, _n, text in slot["options_in"]
            }
            question["options"] = [
                {"text": line, "texts": {code: t[j] for code, t in translated.items() if j < len(t)}}
                for j, line in enumerate(lines)
            ]
        questions.append(question)
    return questions


@login_required
def survey_editor(request, draft_id: int):
    """The drafters' page to define the draft's survey (replacing it whole), or remove it."""
    try:
        draft = access_draft(request.user, draft_id)
    except NotVisible:
        raise Http404 from None
    if not can_define_survey(request.user, draft):
        return render(
            request, "refusal.html", {"message": _("Only the draft's own drafters can define its survey.")}, status=403
        )
    own, others = _languages(draft)
    survey = survey_of(draft)
    status, error = 200, None
    if request.method == "POST":
        slots = _slots_from_form(request.POST, others)
        try:
            if request.POST.get("remove") == "1":
                services.survey_remove(user=request.user, draft_id=draft.pk)
                messages.success(request, _("The survey was removed."))
                return redirect(f"/drafts/{draft.pk}/")
            services.survey_define(
                user=request.user,
                draft_id=draft.pk,
                title=request.POST.get("title", ""),
                titles={code: request.POST.get(f"title_{code}", "") for code, _name in others},
                results_live=request.POST.get("results_live") == "on",
                questions=_questions_from_slots(slots),
            )
            messages.success(request, _("The survey was saved."))
            return redirect(f"/work/drafts/{draft.pk}/survey/")
        except NotVisible:
            raise Http404 from None
        except ServiceError as refusal:
            error, status = refusal_text(refusal), 409 if not isinstance(refusal, InvalidArguments) else 400
            values = request.POST
            slots = [slot for slot in slots if slot["text"].strip()]
    else:
        values = {
            "title": survey.title if survey else "",
            **{f"title_{code}": (survey.titles.get(code, "") if survey else "") for code, _name in others},
            "results_live": "on" if survey and survey.results_live else "",
        }
        slots = _slots_from_survey(survey, others)
    empty = {
        "kind": QuestionKind.SINGLE_CHOICE,
        "text": "",
        "texts": [(code, name, "") for code, name in others],
        "options": "",
        "options_in": [(code, name, "") for code, name in others],
        "required": True,
    }
    slots = slots + [dict(empty) for _i in range(EMPTY_SLOTS)]
    state = survey_state(request.user, survey) if survey else None
    context = {
        "draft": draft,
        "survey": state,
        "locked": bool(state and not state.editable) or draft.status not in DEFINABLE_STATES,
        "own_language": dict(settings.LANGUAGES).get(own, own),
        "others": others,
        "slots": slots,
        "kinds": QuestionKind.choices,
        "values": values,
        "error": error,
    }
    return render(request, "surveys/editor.html", context, status=status)


@login_required
def survey_moderation(request):
    """Free-text survey answers waiting for a moderator: approve (shown with the results) or reject."""
    if not can_moderate_answers(request.user):
        return render(request, "refusal.html", {"message": _("Only moderators decide on survey answers.")}, status=403)
    if request.method == "POST":
        try:
            services.survey_text_moderate(
                user=request.user,
                answer_id=_int(request.POST.get("answer"), "answer"),
                decision=request.POST.get("decision", ""),
            )
            messages.success(request, _("Your decision was recorded."))
        except NotVisible:
            raise Http404 from None
        except ServiceError as refusal:
            messages.error(request, refusal_text(refusal))
        return redirect("/work/moderation/survey-answers/")
    queue = list(pending_text_answers(request.user)[:100])
    return render(
        request, "surveys/moderation.html", {"queue": queue, "total": pending_text_answers(request.user).count()}
    )
