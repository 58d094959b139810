"""Campaigns through the API: who sees them, one decision and one answer for the whole campaign, the summary."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import translation
from django.utils.translation import ngettext
from rest_framework.test import APIClient

from comments.campaign_moderation import campaign_moderate
from comments.models import Campaign, Comment, Response
from comments.summary import build_summary
from kernel.roles import Role
from publishing.pdf.documents import summary_html
from publishing.pdf.render import render_pdf
from tests.campaigns.test_grouping import LETTER, send
from tests.publishing.test_pdf_languages import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def roomy_rate_limit(settings):
    settings.COMMENT_RATE_LIMIT = (10**9, 600)


def client_of(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def campaign(world):
    """Four signatories of one letter on the draft under discussion, pending moderation."""
    draft = world.drafts["public_discussion"]
    users = get_user_model().objects.bulk_create([get_user_model()(username=f"imzochi{i}") for i in range(4)])
    Group.objects.get(name=Role.CITIZENS).user_set.add(*users)
    variants = [LETTER, LETTER.replace("saqlab qolishni", "asrashni"), LETTER + " Rahmat!", LETTER.lower()]
    for user, text in zip(users, variants, strict=True):
        send(user, draft, text)
    return Campaign.objects.get(draft=draft)


def test_each_comment_carries_its_campaign(world, campaign):
    body = client_of(world.users["moderator"]).get(f"/api/v1/drafts/{campaign.draft_id}/comments/").json()
    by_text = {c["text"]: c["campaign"] for c in body["results"]}
    assert by_text[LETTER] == campaign.pk
    assert None in by_text.values()  # the demo world's own comments are no campaign


@pytest.mark.parametrize(
    ("who", "status"),
    [("moderator", 200), ("drafter", 200), ("citizen", 403), ("expert", 403), (None, 401), ("drafter2", 403)],
)
def test_campaigns_are_listed_for_moderators_and_the_drafts_drafters(world, campaign, who, status):
    user = world.users[who] if who else None
    answer = client_of(user).get(f"/api/v1/drafts/{campaign.draft_id}/campaigns/")
    assert answer.status_code == status, answer.content
    if status == 200:
        (only,) = answer.json()["results"]
        assert (only["id"], only["size"], only["text"]) == (campaign.pk, 4, LETTER)
        assert only["counts"] == {"pending": 4, "published": 0, "rejected": 0}
    else:
        assert "detail" in answer.json()


def test_a_draft_nobody_may_see_is_404_and_so_is_an_unknown_campaign(world):
    hidden = world.drafts["draft"]
    assert client_of(world.users["citizen"]).get(f"/api/v1/drafts/{hidden.pk}/campaigns/").status_code == 404
    assert client_of(world.users["moderator"]).get("/api/v1/campaigns/987654/").status_code == 404


def test_the_moderator_reads_the_variants_as_word_differences(world, campaign):
    body = client_of(world.users["moderator"]).get(f"/api/v1/campaigns/{campaign.pk}/").json()
    assert body["size"] == 4 and len(body["variants"]) == 3
    changed = next(v for v in body["variants"] if "asrashni" in v["text"])
    assert {"op": "insert", "text": "asrashni"} in changed["words"]
    assert {"op": "delete", "text": "saqlab qolishni"} in changed["words"]


def test_one_decision_publishes_the_campaign_and_one_answer_answers_every_signatory(
    world, campaign, django_capture_on_commit_callbacks
):
    moderator, drafter = client_of(world.users["moderator"]), client_of(world.users["drafter"])
    path = f"/api/v1/campaigns/{campaign.pk}/"
    assert drafter.post(path + "moderation/", {"decision": "publish"}, format="json").status_code == 403
    refused = moderator.post(path + "moderation/", {"decision": "reject"}, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()["errors"]
    with django_capture_on_commit_callbacks(execute=True):
        decided = moderator.post(path + "moderation/", {"decision": "publish"}, format="json")
    assert decided.json() == {"campaign": campaign.pk, "decided": 4, "status": "published"}
    assert set(Comment.objects.filter(campaign=campaign).values_list("status", flat=True)) == {"published"}
    again = moderator.post(path + "moderation/", {"decision": "publish"}, format="json")
    assert again.status_code == 409
    assert moderator.post(path + "response/", {"decision": "accepted", "text": "x"}, format="json").status_code == 403
    answered = drafter.post(
        path + "response/", {"decision": "partially_accepted", "text": "Bog‘ saqlanadi."}, format="json"
    )
    assert answered.json() == {"campaign": campaign.pk, "answered": 4}
    assert Response.objects.filter(comment__campaign=campaign, decision="partially_accepted").count() == 4
    listed = drafter.get(f"/api/v1/drafts/{campaign.draft_id}/campaigns/").json()["results"][0]
    assert listed["response"] == {"decision": "partially_accepted", "text": "Bog‘ saqlanadi."}
    assert listed["unanswered"] is False


def test_a_signatory_published_after_the_answer_gets_the_campaigns_answer(world, campaign):
    services_user = world.users["moderator"]
    from comments.campaign_moderation import campaign_moderate, campaign_respond

    campaign_moderate(user=services_user, campaign_id=campaign.pk, decision="publish")
    campaign_respond(user=world.users["drafter"], campaign_id=campaign.pk, decision="not_accepted", text="Yoʻq.")
    late = get_user_model().objects.create_user("kechikkan")
    late.groups.add(Group.objects.get(name=Role.CITIZENS))
    comment = send(late, campaign.draft, LETTER + " Kechikdim.")
    assert comment.campaign_id == campaign.pk
    campaign_moderate(user=services_user, campaign_id=campaign.pk, decision="publish")
    assert Response.objects.get(comment=comment).text == "Yoʻq."


def test_a_rejected_campaign_gives_every_signatory_the_reason(world, campaign):
    moderator = client_of(world.users["moderator"])
    answer = moderator.post(
        f"/api/v1/campaigns/{campaign.pk}/moderation/", {"decision": "reject", "reason": "Haqoratli"}, format="json"
    )
    assert answer.status_code == 200
    assert set(Comment.objects.filter(campaign=campaign).values_list("status", "moderation_reason")) == {
        ("rejected", "Haqoratli")
    }


def test_the_summary_counts_a_campaign_once_with_its_signatories(world, campaign):
    from comments.campaign_moderation import campaign_moderate, campaign_respond

    campaign_moderate(user=world.users["moderator"], campaign_id=campaign.pk, decision="publish")
    campaign_respond(user=world.users["drafter"], campaign_id=campaign.pk, decision="accepted", text="Ha.")
    summary = build_summary(world.users["drafter"], campaign.draft)
    lines = [c for group in summary["articles"] for c in group["comments"]]
    letters = [c for c in lines if c.campaign_id == campaign.pk]
    assert len(letters) == 1 and letters[0].signatories == 4 and letters[0].text == LETTER
    assert summary["counts"]["signatories"] == summary["counts"]["comments"] + 3


def test_the_moderation_queue_shows_the_campaign_and_one_click_publishes_it(world, campaign, client):
    client.force_login(world.users["moderator"])
    page = client.get("/work/moderation/").content.decode()
    assert f'id="campaign-{campaign.pk}"' in page and "asrashni" in page
    answer = client.post(
        f"/work/campaigns/{campaign.pk}/moderation/", {"decision": "publish", "next": "/work/moderation/"}
    )
    assert answer.status_code == 302
    assert set(Comment.objects.filter(campaign=campaign).values_list("status", flat=True)) == {"published"}
    assert f'id="campaign-{campaign.pk}"' not in client.get("/work/moderation/").content.decode()
    client.force_login(world.users["drafter"])
    page = client.get(f"/work/campaigns/{campaign.pk}/").content.decode()
    assert "<ins>asrashni</ins>" in page and "/response/" in page
    client.post(f"/work/campaigns/{campaign.pk}/response/", {"decision": "accepted", "text": "Qabul qilindi."})
    assert Response.objects.filter(comment__campaign=campaign, text="Qabul qilindi.").count() == 4
    client.force_login(world.users["citizen"])
    assert client.get(f"/work/campaigns/{campaign.pk}/").status_code == 404


def test_the_summary_pdf_prints_a_campaign_once_with_its_number_of_signatories(world, campaign):
    campaign_moderate(user=world.users["moderator"], campaign_id=campaign.pk, decision="publish")
    summary = build_summary(world.users["drafter"], campaign.draft)
    # Words the PDF broke at a hyphen come back as "near- identical".
    text = " ".join(pdf_text(render_pdf(summary_html(summary))).split()).replace("- ", "-")
    opening = " ".join(LETTER.split()[:4])
    assert text.count(opening) == 1
    with translation.override(campaign.draft.language):
        sent_by = ngettext(
            "A campaign: this text was sent by %(n)s person.",
            "A campaign: this text (or a near-identical one) was sent by %(n)s people.",
            4,
        ) % {"n": 4}
    assert " ".join(sent_by.split()) in text
