"""The discussion's figures: API and pages, per draft and per year; only what any reader may see is counted."""

import re

import pytest
from django.utils import timezone

from comments.models import Comment, DraftVote, Response
from surveys.services import survey_answer_submit
from tests.surveys.conftest import citizen, fresh_survey, full_answers

pytestmark = pytest.mark.django_db


def published_proposals(draft):
    return Comment.objects.filter(draft=draft, kind="public", status="published", parent__isnull=True)


def test_a_drafts_figures_count_published_proposals_votes_and_the_survey(world, api):
    draft = world.drafts["public_discussion"]
    survey = fresh_survey(world.users["drafter"], draft, results_live=True)
    for i in range(3):
        user = citizen()
        survey_answer_submit(user=user, draft_id=draft.pk, answers=full_answers(survey, choice=i % 2))
        DraftVote.objects.create(draft=draft, user=user, vote="for" if i else "against", cast_at=timezone.now())
    body = api(None).get(f"/api/v1/drafts/{draft.pk}/statistics/").json()
    expected = published_proposals(draft).count()
    assert body["proposals"] == expected
    assert body["votes"] == {"for": 2, "against": 1}
    assert body["survey_respondents"] == 3
    today = timezone.localdate().isoformat()
    assert body["per_day"][-1]["day"] == today
    assert sum(d["comments"] for d in body["per_day"]) == expected
    assert body["per_day"][-1]["votes"] == 3 and body["per_day"][-1]["survey_answers"] == 3
    assert sum(a["count"] for a in body["articles"]) + body["whole_draft"] == expected
    assert body["articles"][0]["count"] == published_proposals(draft).filter(article__isnull=False).count()
    assert sum(body["respondent_types"].values()) == expected and set(body["respondent_types"]) >= {"individual", "ngo"}
    assert body["decisions"]["unanswered"] == expected
    assert body["surveys"][0]["respondents"] == 3
    # Pending and rejected comments exist on this draft and are not counted; nobody is named.
    assert Comment.objects.filter(draft=draft).exclude(status="published").exists()
    assert "citizen" not in str(body) and "Olimov" not in str(body)


def test_the_survey_is_left_out_of_the_figures_while_its_results_are_kept(world, api):
    draft = world.drafts["public_discussion"]
    survey = fresh_survey(world.users["drafter"], draft)
    survey_answer_submit(user=citizen(), draft_id=draft.pk, answers=full_answers(survey))
    public = api(None).get(f"/api/v1/drafts/{draft.pk}/statistics/").json()
    assert public["surveys"] == [] and public["survey_respondents"] == 0
    drafter = api(world.users["drafter"]).get(f"/api/v1/drafts/{draft.pk}/statistics/").json()
    assert drafter["survey_respondents"] == 1


def test_decisions_after_the_discussion(world, api):
    draft = world.drafts["approved"]
    body = api(None).get(f"/api/v1/drafts/{draft.pk}/statistics/").json()
    answered = Response.objects.filter(comment__in=published_proposals(draft))
    assert body["decisions"]["partially_accepted"] == answered.filter(decision="partially_accepted").count() > 0
    assert body["decisions"]["unanswered"] == 0


@pytest.mark.parametrize("state", ["draft", "expert_review"])
def test_a_draft_never_discussed_has_no_figures(world, api, state):
    draft = world.drafts[state]
    assert api(None).get(f"/api/v1/drafts/{draft.pk}/statistics/").status_code == 404
    assert api(world.users["drafter"]).get(f"/api/v1/drafts/{draft.pk}/statistics/").status_code == 409
    assert api(None).get("/api/v1/drafts/999999/statistics/").status_code == 404


def test_the_year_counts_every_discussion_the_reader_may_open(world, api):
    year = timezone.localdate().year
    body = api(None).get(f"/api/v1/statistics/?year={year}").json()
    drafts = [
        d
        for d in world.drafts.values()
        if d.discussion_ends_at and timezone.localdate(d.discussion_ends_at).year == year
    ]
    assert body["year"] == year
    assert {d["id"] for d in body["drafts"]} == {d.pk for d in drafts}
    assert body["proposals"] == sum(published_proposals(d).count() for d in drafts)
    assert len(body["per_month"]) == 12
    assert api(None).get("/api/v1/statistics/?year=2001").json()["proposals"] == 0
    for bad in ("20x6", "99999", "-1"):
        assert api(None).get(f"/api/v1/statistics/?year={bad}").status_code == 400


def test_the_statistics_page_draws_accessible_charts_with_tables(world, client):
    draft = world.drafts["public_discussion"]
    survey = fresh_survey(world.users["drafter"], draft, results_live=True)
    survey_answer_submit(user=citizen(), draft_id=draft.pk, answers=full_answers(survey))
    page = client.get(f"/drafts/{draft.pk}/statistics/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('role="img"') >= 5 + 3  # five figures, three drawn survey questions
    assert html.count("<title id=") == html.count('role="img"') == html.count("<desc id=")
    assert html.count('class="chart-table"') == html.count('role="img"')
    assert "Comments per article" in html and "Who is speaking" in html and "Survey results" in html
    assert client.get(f"/drafts/{world.drafts['draft'].pk}/statistics/").status_code == 404
    year = client.get("/statistics/")
    assert year.status_code == 200 and "Comments per discussion" in year.content.decode()
    assert client.get("/statistics/?year=abc").status_code == 400


def test_the_summary_pdf_prints_the_figures(world, api):
    from django.contrib.auth.models import AnonymousUser

    from comments.summary import build_summary
    from publishing.pdf.documents import summary_html

    draft = world.drafts["approved"]
    html = summary_html(build_summary(AnonymousUser(), draft))
    assert html.count("<svg") >= 4 and 'font-family="Official Serif, serif"' in html
    pdf = api(None).get(f"/api/v1/drafts/{draft.pk}/summary/pdf/")
    assert pdf.status_code == 200
    body = api(None).get(f"/api/v1/drafts/{draft.pk}/summary/").json()
    assert body["sections"]["statistics"]["proposals"] == published_proposals(draft).count()


def test_the_figures_in_short_agree_with_their_numbers_in_russian(world, client):
    draft = world.drafts["public_discussion"]
    client.cookies["django_language"] = "ru"
    published = client.get(f"/api/v1/drafts/{draft.pk}/statistics/").json()["proposals"]
    html = " ".join(client.get(f"/drafts/{draft.pk}/statistics/").content.decode().split())
    # The demo discussion holds two published comments: "2 опубликованных комментария", not "...комментариев".
    assert published == 2
    assert '<span class="stat-number">2</span> опубликованных комментария</li>' in html
    year = " ".join(client.get("/statistics/").content.decode().split())
    assert re.search(r"<span class=\"stat-number\">\d+</span> обсуждени", year)
