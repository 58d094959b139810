"""Surveys through the API: the drafters define, users answer once during the discussion, results as the
drafter chose, free text moderated; refusals 400/403/404/409 change nothing."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from surveys.models import Answer, Survey, SurveyResponse
from surveys.services import survey_answer_submit
from tests.surveys.conftest import QUESTIONS, citizen, full_answers

pytestmark = pytest.mark.django_db


def put_survey(api, user, draft, **body):
    body.setdefault("questions", QUESTIONS)
    return api(user).put(f"/api/v1/drafts/{draft.pk}/survey/", body, format="json")


def test_a_drafter_defines_the_survey_before_the_discussion_and_the_public_cannot_see_it_yet(world, api):
    draft = world.drafts["draft"]
    response = put_survey(
        api, world.users["drafter"], draft, title="Ziyorat", titles={"ru": "Паломничество"}, results_live=True
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert [q["kind"] for q in body["questions"]] == ["single_choice", "multiple_choice", "scale", "free_text"]
    assert body["questions"][0]["options"][1] == {
        "index": 1,
        "text": "Haftada ikki marta",
        "texts": {"ru": "Дважды в неделю", "en": "Twice a week"},
        "shown": "Twice a week",
    }
    assert body["questions"][3]["required"] is False and body["questions"][0]["required"] is True
    assert (body["editable"], body["accepting_answers"], body["results_live"]) == (True, False, True)
    assert api(None).get(f"/api/v1/drafts/{draft.pk}/survey/").status_code == 404
    assert api(world.users["citizen"]).get(f"/api/v1/drafts/{draft.pk}/survey/").status_code == 404
    in_russian = api(world.users["drafter"]).get(f"/api/v1/drafts/{draft.pk}/survey/", HTTP_ACCEPT_LANGUAGE="ru")
    assert in_russian.json()["questions"][0]["shown"] == "Как часто нужно вывозить отходы?"

    replaced = put_survey(api, world.users["drafter"], draft, questions=[{"kind": "scale", "text": "Baho?"}])
    assert replaced.status_code == 200
    assert Survey.objects.get(draft=draft).questions.count() == 1


@pytest.mark.parametrize(
    ("who", "status"), [("citizen", 403), ("drafter2", 403), ("moderator", 403), ("approver", 403), (None, 401)]
)
def test_only_the_drafts_own_drafters_define_it(world, api, who, status):
    draft = world.drafts["draft"]
    user = world.users[who] if who else None
    expected = 404 if who == "citizen" or who == "drafter2" or who == "moderator" else status
    assert put_survey(api, user, draft).status_code == expected
    public = world.drafts["public_discussion"]
    before = list(Survey.objects.filter(draft=public).values_list("pk", "updated_at"))
    assert put_survey(api, user, public).status_code == status
    assert list(Survey.objects.filter(draft=public).values_list("pk", "updated_at")) == before


def test_a_draft_the_user_cannot_see_is_404_for_every_survey_endpoint(world, api):
    draft = world.drafts["draft"]
    put_survey(api, world.users["drafter"], draft)
    citizen_api = api(world.users["citizen"])
    assert citizen_api.get(f"/api/v1/drafts/{draft.pk}/survey/").status_code == 404
    assert citizen_api.get(f"/api/v1/drafts/{draft.pk}/survey/results/").status_code == 404
    answer = citizen_api.post(
        f"/api/v1/drafts/{draft.pk}/survey/answers/", {"answers": [{"question": 1, "scale": 3}]}, format="json"
    )
    assert answer.status_code == 404
    assert (
        citizen_api.put(f"/api/v1/drafts/{draft.pk}/survey/", {"questions": QUESTIONS}, format="json").status_code
        == 404
    )


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ({"kind": "single_choice", "text": "Bir?", "options": ["Ha"]}, "questions"),
        ({"kind": "poll", "text": "?"}, "questions"),
        ({"kind": "scale", "text": ""}, "questions"),
        ({"kind": "scale", "text": "Baho?", "options": ["a", "b"]}, "questions"),
        ({"kind": "single_choice", "text": "?", "options": ["Ha", "ha"]}, "questions"),
        ({"kind": "scale", "text": "Baho?", "texts": {"de": "Note?"}}, "questions"),
        ({"kind": "scale", "text": "Baho?", "colour": "red"}, "questions"),
    ],
)
def test_a_malformed_definition_is_400_naming_the_field(world, api, question, field):
    draft = world.drafts["draft"]
    response = put_survey(api, world.users["drafter"], draft, questions=[question])
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()
    assert not Survey.objects.filter(draft=draft).exists()


def test_a_citizen_answers_once_and_a_second_answer_is_409(world, api, discussed):
    draft, survey = discussed
    user = citizen()
    path = f"/api/v1/drafts/{draft.pk}/survey/answers/"
    first = api(user).post(path, {"answers": full_answers(survey)}, format="json")
    assert first.status_code == 201, first.content
    again = api(user).post(path, {"answers": full_answers(survey, choice=1)}, format="json")
    assert again.status_code == 409
    assert "already answered" in again.json()["detail"]
    assert SurveyResponse.objects.filter(survey=survey, user=user).count() == 1
    assert set(Answer.objects.filter(response__user=user).values_list("value", flat=True)) == {0, 2, 4, None}
    state = api(user).get(f"/api/v1/drafts/{draft.pk}/survey/").json()
    assert (state["answered"], state["editable"], state["results_visible"]) == (True, False, False)


def test_the_survey_is_frozen_once_answered(world, api, discussed):
    draft, survey = discussed
    survey_answer_submit(user=citizen(), draft_id=draft.pk, answers=full_answers(survey))
    refused = put_survey(api, world.users["drafter"], draft, questions=[{"kind": "scale", "text": "Yangi?"}])
    assert refused.status_code == 409
    assert api(world.users["drafter"]).delete(f"/api/v1/drafts/{draft.pk}/survey/").status_code == 409
    assert survey.questions.count() == 4


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({0: {"choice": 7}}, "question_{0}"),
        ({0: {"choices": [0]}}, "answers[0]"),
        ({1: {"choices": [0, 0]}}, "question_{1}"),
        ({2: {"scale": 6}}, "question_{2}"),
        ({2: {"scale": True}}, "question_{2}"),
        ({0: None}, "question_{0}"),
        ({3: {"text": "x" * 2001}}, "question_{3}"),
    ],
)
def test_a_malformed_answer_is_400_and_records_nothing(world, api, discussed, change, field):
    draft, survey = discussed
    questions = list(survey.questions.order_by("position"))
    answers = full_answers(survey)
    for index, value in change.items():
        if value is None:
            answers = [a for a in answers if a["question"] != questions[index].pk]
        else:
            answers[index] = {"question": questions[index].pk, **value}
    response = api(citizen()).post(f"/api/v1/drafts/{draft.pk}/survey/answers/", {"answers": answers}, format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == ["answers"], response.json()
    assert not SurveyResponse.objects.filter(survey=survey).exists()


def test_answers_are_taken_only_during_the_discussion(world, api):
    from surveys.services import survey_define

    for state in ("expert_review", "finalization", "approved"):
        draft = world.drafts[state]
        if state == "expert_review":
            survey = survey_define(user=world.users["drafter"], draft_id=draft.pk, questions=QUESTIONS)
            user = world.users["drafter"]
        else:
            survey = Survey.objects.create(draft=draft, created_by=world.users["drafter"], updated_at=timezone.now())
            survey.questions.create(position=0, kind="scale", text="Baho?")
            user = world.users["citizen"]
        q = survey.questions.order_by("position").first()
        response = api(user).post(
            f"/api/v1/drafts/{draft.pk}/survey/answers/",
            {
                "answers": [
                    {"question": q.pk, "choice": 0} if q.kind == "single_choice" else {"question": q.pk, "scale": 3}
                ]
            },
            format="json",
        )
        assert response.status_code == 409, (state, response.content)
        assert "public discussion" in response.json()["detail"]
        assert not SurveyResponse.objects.filter(survey=survey).exists()


def test_an_answer_after_the_deadline_is_409_even_before_the_discussion_is_closed(world, api, discussed):
    draft, survey = discussed
    with time_machine.travel(draft.discussion_ends_at + datetime.timedelta(seconds=1)):
        response = api(citizen()).post(
            f"/api/v1/drafts/{draft.pk}/survey/answers/", {"answers": full_answers(survey)}, format="json"
        )
    assert response.status_code == 409
    assert "ended" in response.json()["detail"]


def test_an_anonymous_answer_is_refused(world, api, discussed):
    draft, survey = discussed
    response = api(None).post(
        f"/api/v1/drafts/{draft.pk}/survey/answers/", {"answers": full_answers(survey)}, format="json"
    )
    assert response.status_code in (401, 403)
    assert not SurveyResponse.objects.exists()


def test_results_are_kept_until_the_discussion_closes_unless_the_drafter_chose_live(world, api, discussed):
    draft, survey = discussed
    for i in range(3):
        survey_answer_submit(
            user=citizen(), draft_id=draft.pk, answers=full_answers(survey, choice=i % 2, scale=3 + i % 3)
        )
    path = f"/api/v1/drafts/{draft.pk}/survey/results/"
    assert api(None).get(path).status_code == 409
    assert api(world.users["citizen"]).get(path).status_code == 409
    assert api(world.users["drafter"]).get(path).status_code == 200  # the drafters follow it
    assert api(world.users["moderator"]).get(path).status_code == 200

    Survey.objects.filter(pk=survey.pk).update(results_live=True)
    live = api(None).get(path)
    assert live.status_code == 200
    body = live.json()
    assert (body["respondents"], body["live"]) == (3, True)
    single, multiple, scale, text = body["questions"]
    assert [c["count"] for c in single["counts"]] == [2, 1, 0]
    assert [c["count"] for c in multiple["counts"]] == [3, 0, 3]
    assert [c["count"] for c in scale["counts"]] == [0, 0, 1, 1, 1] and scale["average"] == 4.0
    assert text["texts"] == [] and text["texts_total"] == 0  # nothing approved yet

    with time_machine.travel(draft.discussion_ends_at + datetime.timedelta(hours=1)):
        Survey.objects.filter(pk=survey.pk).update(results_live=False)
        after = api(None).get(path)
    assert after.status_code == 200 and after.json()["live"] is False


def test_free_text_is_shown_only_once_a_moderator_approves_it(world, api, discussed):
    draft, survey = discussed
    Survey.objects.filter(pk=survey.pk).update(results_live=True)
    kind = survey_answer_submit(
        user=citizen(), draft_id=draft.pk, answers=full_answers(survey, text="Ko‘proq urna kerak.")
    )
    rude = survey_answer_submit(
        user=citizen(), draft_id=draft.pk, answers=full_answers(survey, text="Reklama: arzon telefonlar")
    )
    kind_id = kind.answers.get(value__isnull=True).pk
    rude_id = rude.answers.get(value__isnull=True).pk

    queue = api(world.users["moderator"]).get("/api/v1/survey-answers/pending/")
    assert queue.status_code == 200
    assert [a["id"] for a in queue.json()] == [kind_id, rude_id]
    assert api(world.users["citizen"]).get("/api/v1/survey-answers/pending/").status_code == 403
    assert (
        api(world.users["citizen"])
        .post(f"/api/v1/survey-answers/{kind_id}/moderation/", {"decision": "approve"}, format="json")
        .status_code
        == 403
    )

    moderator = api(world.users["moderator"])
    assert (
        moderator.post(
            f"/api/v1/survey-answers/{kind_id}/moderation/", {"decision": "approve"}, format="json"
        ).status_code
        == 200
    )
    assert (
        moderator.post(
            f"/api/v1/survey-answers/{rude_id}/moderation/", {"decision": "reject"}, format="json"
        ).status_code
        == 200
    )
    assert (
        moderator.post(
            f"/api/v1/survey-answers/{rude_id}/moderation/", {"decision": "approve"}, format="json"
        ).status_code
        == 409
    )
    assert (
        moderator.post(
            f"/api/v1/survey-answers/{rude_id}/moderation/", {"decision": "maybe"}, format="json"
        ).status_code
        == 400
    )
    assert (
        moderator.post("/api/v1/survey-answers/999999/moderation/", {"decision": "approve"}, format="json").status_code
        == 404
    )

    text = api(None).get(f"/api/v1/drafts/{draft.pk}/survey/results/").json()["questions"][3]
    assert [t["text"] for t in text["texts"]] == ["Ko‘proq urna kerak."]
    assert "author" not in str(text) and "citizen" not in str(text)
    assert moderator.get("/api/v1/survey-answers/pending/").json() == []


def test_the_summary_carries_the_survey_results(world, api):
    draft = world.drafts["finalization"]
    survey = Survey.objects.create(draft=draft, created_by=world.users["drafter"], updated_at=timezone.now())
    question = survey.questions.create(position=0, kind="scale", text="Baho?")
    response = SurveyResponse.objects.create(survey=survey, user=world.users["citizen"], submitted_at=timezone.now())
    Answer.objects.create(response=response, question=question, value=5)
    summary = api(None).get(f"/api/v1/drafts/{draft.pk}/summary/").json()
    assert summary["sections"]["survey"]["respondents"] == 1
    assert summary["sections"]["survey"]["questions"][0]["average"] == 5.0
    page = api(None).get(f"/drafts/{draft.pk}/summary/")
    assert "Survey results" in page.content.decode()
    pdf = api(None).get(f"/api/v1/drafts/{draft.pk}/summary/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
