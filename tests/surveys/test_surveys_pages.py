"""Survey pages: the form on the draft page, the drafters' editor, the moderation of written answers."""

import pytest

from surveys.models import Answer, Survey, SurveyResponse
from surveys.services import survey_answer_submit
from tests.surveys.conftest import citizen, full_answers

pytestmark = pytest.mark.django_db


def test_a_citizen_answers_on_the_draft_page_once(world, client, discussed):
    draft, survey = discussed
    anonymous = client.get(f"/drafts/{draft.pk}/").content.decode()
    assert 'id="survey"' in anonymous and "Log in to answer the survey" in anonymous
    client.force_login(world.users["citizen"])
    page = client.get(f"/drafts/{draft.pk}/").content.decode()
    q = list(survey.questions.order_by("position"))
    assert f'name="q{q[0].pk}"' in page and "Send my answers" in page
    form = {f"q{q[0].pk}": "1", f"q{q[1].pk}": ["0", "2"], f"q{q[2].pk}": "5", f"q{q[3].pk}": "Yaxshi loyiha."}
    sent = client.post(f"/drafts/{draft.pk}/survey/answers/", form, follow=True)
    assert "your answers were recorded" in sent.content.decode()
    response = SurveyResponse.objects.get(survey=survey, user=world.users["citizen"])
    assert sorted(a.value for a in response.answers.exclude(value=None)) == [0, 1, 2, 5]
    after = client.get(f"/drafts/{draft.pk}/").content.decode()
    assert "You answered this survey" in after and "Send my answers" not in after
    again = client.post(
        f"/drafts/{draft.pk}/survey/answers/", form, HTTP_REFERER=f"http://testserver/drafts/{draft.pk}/", follow=True
    )
    assert "already answered" in again.content.decode()
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


def test_a_missing_required_answer_is_refused_with_its_reason(world, client, discussed):
    draft, survey = discussed
    client.force_login(world.users["citizen"])
    q = list(survey.questions.order_by("position"))
    sent = client.post(
        f"/drafts/{draft.pk}/survey/answers/",
        {f"q{q[2].pk}": "3"},
        HTTP_REFERER=f"http://testserver/drafts/{draft.pk}/",
        follow=True,
    )
    assert "Answer this question" in sent.content.decode()
    assert not SurveyResponse.objects.exists()


def test_the_drafter_defines_the_survey_on_the_editor_page(world, client):
    draft = world.drafts["draft"]
    client.force_login(world.users["drafter"])
    assert "Add a short survey" in client.get(f"/drafts/{draft.pk}/").content.decode()
    page = client.get(f"/work/drafts/{draft.pk}/survey/")
    assert page.status_code == 200 and 'name="text_0"' in page.content.decode()
    form = {
        "slots": "3",
        "title": "Ziyorat turizmi",
        "title_ru": "Паломнический туризм",
        "results_live": "on",
        "kind_0": "single_choice",
        "text_0": "Mehmonxonalar yetarlimi?",
        "text_0_ru": "Достаточно ли гостиниц?",
        "options_0": "Ha\nYoʻq\nBilmayman",
        "options_0_ru": "Да\nНет\nНе знаю",
        "required_0": "on",
        "kind_1": "scale",
        "text_1": "Loyihani baholang",
        "required_1": "on",
        "kind_2": "free_text",
        "text_2": "",
    }
    saved = client.post(f"/work/drafts/{draft.pk}/survey/", form, follow=True)
    assert "The survey was saved." in saved.content.decode()
    survey = Survey.objects.get(draft=draft)
    assert (survey.title, survey.titles, survey.results_live) == (
        "Ziyorat turizmi",
        {"ru": "Паломнический туризм"},
        True,
    )
    first = survey.questions.get(position=0)
    assert first.options[2] == {"text": "Bilmayman", "texts": {"ru": "Не знаю"}}
    assert survey.questions.count() == 2

    bad = client.post(f"/work/drafts/{draft.pk}/survey/", {**form, "options_0": "Faqat bitta"})
    assert bad.status_code == 400 and "Give between 2 and 12 options." in bad.content.decode()
    assert "Mehmonxonalar yetarlimi?" in bad.content.decode()  # what was typed is kept

    removed = client.post(f"/work/drafts/{draft.pk}/survey/", {"remove": "1"}, follow=True)
    assert "The survey was removed." in removed.content.decode()
    assert not Survey.objects.filter(draft=draft).exists()


@pytest.mark.parametrize(("who", "status"), [("citizen", 404), ("drafter2", 404), ("approver", 403)])
def test_the_editor_is_the_drafters_own(world, client, who, status):
    client.force_login(world.users[who])
    assert client.get(f"/work/drafts/{world.drafts['draft'].pk}/survey/").status_code == status


def test_the_editor_says_when_the_survey_is_frozen(world, client, discussed):
    draft, survey = discussed
    survey_answer_submit(user=citizen(), draft_id=draft.pk, answers=full_answers(survey))
    client.force_login(world.users["drafter"])
    page = client.get(f"/work/drafts/{draft.pk}/survey/").content.decode()
    assert "can no longer change" in page and 'name="text_0"' not in page


def test_a_moderator_approves_and_rejects_written_answers(world, client, discussed):
    draft, survey = discussed
    kind = survey_answer_submit(user=citizen(), draft_id=draft.pk, answers=full_answers(survey, text="Foydali."))
    rude = survey_answer_submit(user=citizen(), draft_id=draft.pk, answers=full_answers(survey, text="Spam spam"))
    client.force_login(world.users["citizen"])
    assert client.get("/work/moderation/survey-answers/").status_code == 403
    client.force_login(world.users["moderator"])
    page = client.get("/work/moderation/survey-answers/").content.decode()
    assert "Foydali." in page and "Spam spam" in page
    assert "Survey answers to moderate" in client.get("/work/moderation/").content.decode()
    kind_id, rude_id = (r.answers.get(value=None).pk for r in (kind, rude))
    client.post("/work/moderation/survey-answers/", {"answer": kind_id, "decision": "approve"})
    client.post("/work/moderation/survey-answers/", {"answer": rude_id, "decision": "reject"})
    assert Answer.objects.get(pk=kind_id).status == "approved" and Answer.objects.get(pk=rude_id).status == "rejected"
    refused = client.post("/work/moderation/survey-answers/", {"answer": rude_id, "decision": "approve"}, follow=True)
    assert "already decided" in refused.content.decode()
    Survey.objects.filter(pk=survey.pk).update(results_live=True)
    client.logout()
    results = client.get(f"/drafts/{draft.pk}/").content.decode()
    assert "Foydali." in results and "Spam spam" not in results
