"""Exactly one response per user when the same user's answers arrive all at once, and every user's
counted when many answer together (real threads, each with its own connection: SQLite or PostgreSQL)."""

from collections import Counter

import pytest

from surveys.models import Answer, SurveyResponse
from surveys.services import survey_define
from tests.surveys.conftest import fresh_survey, full_answers
from tests.votes.test_votes_races import fresh_citizen, race
from workflow.demo.world import build_demo_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


def surveyed():
    world = build_demo_world()
    draft = world.drafts["public_discussion"]
    survey = fresh_survey(world.users["drafter"], draft, results_live=True)
    return draft, survey


def test_one_users_parallel_answers_leave_exactly_one_response():
    draft, survey = surveyed()
    user, token = fresh_citizen("shoshqaloq_javobchi")
    path = f"/api/v1/drafts/{draft.pk}/survey/answers/"
    statuses = race([(token, "post", path, {"answers": full_answers(survey, choice=i % 3)}) for i in range(12)])
    assert Counter(statuses) == {201: 1, 409: 11}
    assert SurveyResponse.objects.filter(survey=survey, user=user).count() == 1
    # The one response's answers only: none of a refused request's rows were left behind.
    assert Answer.objects.filter(response__survey=survey).count() == 5


def test_many_users_answering_at_once_are_all_counted():
    draft, survey = surveyed()
    tokens = [fresh_citizen(f"javobchi{i}")[1] for i in range(12)]
    path = f"/api/v1/drafts/{draft.pk}/survey/answers/"
    statuses = race(
        [(token, "post", path, {"answers": full_answers(survey, choice=i % 2)}) for i, token in enumerate(tokens)]
    )
    assert Counter(statuses) == {201: 12}
    results = race_free_results(draft)
    assert results["respondents"] == 12
    assert [c["count"] for c in results["questions"][0]["counts"]] == [6, 6, 0]


def test_an_answer_racing_a_redefinition_never_lands_on_replaced_questions():
    from threading import Barrier, Thread

    from django.db import connection

    from kernel.errors import StateConflict
    from surveys.services import survey_answer_submit

    draft, survey = surveyed()
    user, _token = fresh_citizen("poygachi")
    drafter = survey.created_by
    answers = full_answers(survey)
    barrier = Barrier(2)
    outcomes = {}

    def answer():
        barrier.wait(timeout=30)
        try:
            survey_answer_submit(user=user, draft_id=draft.pk, answers=answers)
            outcomes["answer"] = "ok"
        except Exception as error:  # noqa: BLE001 - the outcome is what is asserted
            outcomes["answer"] = type(error).__name__
        finally:
            connection.close()

    def redefine():
        barrier.wait(timeout=30)
        try:
            survey_define(user=drafter, draft_id=draft.pk, questions=[{"kind": "scale", "text": "Yangi savol?"}])
            outcomes["define"] = "ok"
        except StateConflict:
            outcomes["define"] = "conflict"
        except Exception as error:  # noqa: BLE001
            outcomes["define"] = type(error).__name__
        finally:
            connection.close()

    threads = [Thread(target=answer), Thread(target=redefine)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    # Either the answer came first (and the survey stayed), or the new survey did (and the old answer was refused
    # as malformed for the new questions): never an answer pointing at questions that no longer exist.
    assert outcomes in ({"answer": "ok", "define": "conflict"}, {"answer": "InvalidArguments", "define": "ok"}), (
        outcomes
    )
    for answer_row in Answer.objects.select_related("question"):
        assert answer_row.question.survey_id == answer_row.response.survey_id


def race_free_results(draft):
    from rest_framework.test import APIClient

    return APIClient().get(f"/api/v1/drafts/{draft.pk}/survey/results/").json()
