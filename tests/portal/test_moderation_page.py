"""The moderation page and /me/ as people use them: filters, bulk decisions, the on-behalf form with
draft and article, and a citizen editing or withdrawing a comment that waits for moderation."""

import datetime
import itertools
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from comments import services
from comments.models import Comment
from workflow.services import draft_transition

pytestmark = pytest.mark.django_db

SERIAL = itertools.count()


@pytest.fixture(autouse=True)
def roomy_rate_limit(settings):
    settings.COMMENT_RATE_LIMIT = (100, 600)


@pytest.fixture
def discussion(world):
    return world.drafts["public_discussion"]


def pending(world, draft, **extra) -> Comment:
    return services.comment_submit(
        user=world.users["citizen"], draft_id=draft.pk, text=f"Sahifa taklifi {next(SERIAL)}.", **extra
    )


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def test_the_queue_shows_filters_and_checkboxes(world, as_user, discussion):
    comment = pending(world, discussion, article="p-2")
    html = as_user("moderator").get("/work/moderation/").content.decode()
    assert f'name="ids" value="{comment.pk}"' in html
    assert f'<label for="tick-{comment.pk}"' in html
    for label in ('for="filter-draft"', 'for="filter-older_than"', 'for="filter-channel"', 'for="filter-order"'):
        assert label in html
    assert 'for="bulk-reason"' in html and "Publish the ticked" in html


def test_filters_narrow_the_queue(world, as_user, discussion):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=5), tick=True):
        old = pending(world, discussion)
    new = pending(world, discussion)
    client = as_user("moderator")
    html = client.get("/work/moderation/?older_than=3").content.decode()
    assert f"tick-{old.pk}" in html and f"tick-{new.pk}" not in html
    html = client.get(f"/work/moderation/?draft={discussion.pk}&order=newest").content.decode()
    assert html.index(f"tick-{new.pk}") < html.index(f"tick-{old.pk}")
    html = client.get("/work/moderation/?channel=letter").content.decode()
    assert "No comment matches these filters." in html and "Clear the filters" in html


@pytest.mark.parametrize(
    "query",
    [
        "older_than=2",
        "older_than=abc",
        "channel=fax",
        "order=sideways",
        "draft=abc",
        "draft=99999999999999999999",
        "draft={approved}",
        "behalf-draft={approved}",
        "behalf-draft=x",
    ],
)
def test_a_filter_value_not_offered_is_a_400_page(world, as_user, query):
    response = as_user("moderator").get("/work/moderation/?" + query.format(approved=world.drafts["approved"].pk))
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_only_moderators_open_the_page(world, as_user):
    assert as_user("citizen").get("/work/moderation/").status_code == 403
    assert as_user("drafter").get("/work/moderation/?channel=fax").status_code == 403


def test_bulk_publish_with_one_reason_and_the_outcome_per_comment(world, as_user, discussion):
    first, second = pending(world, discussion), pending(world, discussion)
    services.comment_withdraw(user=world.users["citizen"], comment_id=second.pk)
    client = as_user("moderator")
    response = client.post(
        "/work/moderation/decisions/",
        {
            "ids": [first.pk, second.pk],
            "decision": "reject",
            "reason": "Mavzudan tashqari.",
            "next": "/work/moderation/?order=newest",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/work/moderation/?order=newest"
    text = messages_of(response)
    assert "Rejected: 1." in text
    assert f"Comment no. {second.pk}:" in text and "withdrawn" in text
    first.refresh_from_db()
    assert (first.status, first.moderation_reason) == ("rejected", "Mavzudan tashqari.")


def test_bulk_reject_without_a_reason_is_refused_and_nothing_changes(world, as_user, discussion):
    comment = pending(world, discussion)
    response = as_user("moderator").post(
        "/work/moderation/decisions/", {"ids": [comment.pk], "decision": "reject"}, follow=True
    )
    assert "Say why" in messages_of(response)
    comment.refresh_from_db()
    assert comment.status == "pending"


@pytest.mark.parametrize("ids", [["abc"], ["-1"], ["99999999999999999999"], []])
def test_bulk_with_bad_ids_says_why(world, as_user, ids):
    response = as_user("moderator").post(
        "/work/moderation/decisions/", {"ids": ids, "decision": "publish"}, follow=True
    )
    assert response.status_code == 200
    assert messages_of(response)


def test_one_on_behalf_form_with_draft_and_article(world, as_user, discussion):
    client = as_user("moderator")
    html = client.get("/work/moderation/").content.decode()
    assert html.count('action="/work/moderation/on-behalf/"') == 1
    assert 'for="behalf-draft"' in html and 'for="behalf-article"' in html
    article = discussion.versions.get(number=discussion.version).articles.order_by("position")[1]
    assert f'<option value="{article.pk}"' in html
    # The step "show its articles" keeps what was typed.
    step = client.get(f"/work/moderation/?behalf-draft={discussion.pk}&behalf-text=Salom&behalf-channel=letter")
    assert step.status_code == 200 and ">Salom</textarea>" in step.content.decode()
    assert '<option value="letter" selected' in step.content.decode()
    response = client.post(
        "/work/moderation/on-behalf/",
        {
            "behalf-draft": discussion.pk,
            "behalf-article": article.pk,
            "behalf-submitted_for": "Karimova Dilnoza, Buxoro",
            "behalf-channel": "letter",
            "behalf-text": "Xat orqali taklif: muddatni uzaytirish.",
        },
        follow=True,
    )
    assert "The proposal from Karimova Dilnoza, Buxoro was recorded and published." in messages_of(response)
    recorded = Comment.objects.get(submitted_for="Karimova Dilnoza, Buxoro")
    assert (recorded.article_id, recorded.channel, recorded.status) == (article.pk, "letter", "published")


def test_an_on_behalf_form_refused_keeps_what_was_typed(world, as_user, discussion):
    other = world.drafts["finalization"]
    foreign = other.versions.get(number=other.version).articles.first()
    response = as_user("moderator").post(
        "/work/moderation/on-behalf/",
        {
            "behalf-draft": discussion.pk,
            "behalf-article": foreign.pk,
            "behalf-submitted_for": "Aliyev Bobur",
            "behalf-channel": "phone",
            "behalf-text": "Telefon orqali.",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Aliyev Bobur"' in html and ">Telefon orqali.</textarea>" in html
    assert not Comment.objects.filter(submitted_for="Aliyev Bobur").exists()


def test_an_on_behalf_letter_from_an_organisation_says_who_is_speaking(world, as_user, discussion):
    client = as_user("moderator")
    fields = {
        "behalf-draft": discussion.pk,
        "behalf-submitted_for": "Toshmatov Aziz, Samarqand",
        "behalf-channel": "letter",
        "behalf-text": "Uyushma nomidan: konteynerlarni ko‘paytirish.",
        "behalf-respondent_type": "ngo",
        "behalf-organisation": "Toza hudud uyushmasi",
        "behalf-anonymous": "1",
    }
    html = client.get("/work/moderation/").content.decode()
    assert 'for="behalf-respondent_type"' in html and 'for="behalf-organisation"' in html
    # An individual has no organisation: refused, and what was typed comes back.
    refused = client.post("/work/moderation/on-behalf/", {**fields, "behalf-respondent_type": "individual"})
    assert refused.status_code == 400
    assert 'value="Toza hudud uyushmasi"' in refused.content.decode()
    assert not Comment.objects.filter(submitted_for=fields["behalf-submitted_for"]).exists()

    client.post("/work/moderation/on-behalf/", fields, follow=True)
    recorded = Comment.objects.get(submitted_for=fields["behalf-submitted_for"])
    assert (recorded.respondent_type, recorded.organisation, recorded.anonymous) == (
        "ngo",
        "Toza hudud uyushmasi",
        True,
    )
    page = Client().get(f"/drafts/{discussion.pk}/").content.decode()
    assert "Toza hudud uyushmasi" in page and "Toshmatov" not in page


def test_the_draft_page_on_behalf_confirmation_names_the_person(world, as_user, discussion):
    response = as_user("moderator").post(
        f"/drafts/{discussion.pk}/comments/",
        {"text": "Telefon orqali taklif.", "channel": "phone", "submitted_for": "Rasulov Jamshid"},
        follow=True,
    )
    assert "The proposal from Rasulov Jamshid was recorded and published." in messages_of(response)


def test_my_page_shows_date_article_and_actions_for_pending_only(world, as_user, discussion):
    comment = pending(world, discussion, article="p-2")
    html = as_user("citizen").get("/me/").content.decode()
    card = re.search(rf'<article class="card my-comment" id="comment-{comment.pk}">.*?</article>', html, re.S).group(0)
    assert comment.article.label in card and "<time datetime=" in card
    assert f'href="/me/comments/{comment.pk}/edit/"' in card and f'action="/me/comments/{comment.pk}/withdraw/"' in card
    published = Comment.objects.filter(author=world.users["citizen"], status="published").first()
    card = re.search(rf'id="comment-{published.pk}">.*?</article>', html, re.S).group(0)
    assert "/edit/" not in card and "withdraw" not in card
    assert "the draft as a whole" in html  # a comment on the whole draft says so


def test_a_citizen_edits_a_pending_comment_from_my_page(world, as_user, discussion):
    comment = pending(world, discussion)
    client = as_user("citizen")
    form = client.get(f"/me/comments/{comment.pk}/edit/")
    assert form.status_code == 200 and 'for="edit-text"' in form.content.decode()
    response = client.post(
        f"/me/comments/{comment.pk}/edit/", {"text": "Tahrir qilingan taklif.", "article": "p-2"}, follow=True
    )
    assert "Your comment was changed" in messages_of(response)
    comment.refresh_from_db()
    assert (comment.text, comment.article.key, comment.status) == ("Tahrir qilingan taklif.", "p-2", "pending")
    refused = client.post(f"/me/comments/{comment.pk}/edit/", {"text": "  "})
    assert refused.status_code == 400 and "cannot be empty" in messages_of(refused)


def test_a_citizen_withdraws_a_pending_comment_from_my_page(world, as_user, discussion):
    comment = pending(world, discussion)
    client = as_user("citizen")
    response = client.post(f"/me/comments/{comment.pk}/withdraw/", follow=True)
    assert "withdrawn" in messages_of(response)
    assert "Withdrawn by its author" in response.content.decode()
    assert f"tick-{comment.pk}" not in as_user("moderator").get("/work/moderation/").content.decode()
    assert as_user("citizen").get(f"/me/comments/{comment.pk}/edit/").status_code == 409


def test_nobody_else_edits_or_withdraws_it(world, as_user, discussion):
    comment = pending(world, discussion)
    assert as_user("moderator").get(f"/me/comments/{comment.pk}/edit/").status_code == 404
    assert as_user("drafter").post(f"/me/comments/{comment.pk}/withdraw/").status_code == 404
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_once_the_discussion_is_closed_a_pending_comment_can_be_withdrawn_but_not_edited(world, as_user, discussion):
    comment = pending(world, discussion)
    with time_machine.travel(discussion.discussion_ends_at + datetime.timedelta(minutes=1), tick=True):
        draft_transition(user=world.users["moderator"], draft_id=discussion.pk, name="close_discussion", arguments={})
        html = as_user("citizen").get("/me/").content.decode()
        card = re.search(rf'id="comment-{comment.pk}">.*?</article>', html, re.S).group(0)
        assert "/edit/" not in card and f'action="/me/comments/{comment.pk}/withdraw/"' in card
        refused = as_user("citizen").post(f"/me/comments/{comment.pk}/edit/", {"text": "Kech tahrir."})
        assert refused.status_code == 409 and "discussion is over" in messages_of(refused)


def test_the_age_filter_offers_one_three_and_seven_days(world, as_user):
    html = as_user("moderator").get("/work/moderation/").content.decode()
    for value, label in (("1", "More than 1 day"), ("3", "More than 3 days"), ("7", "More than 7 days")):
        assert f'<option value="{value}">{label}</option>' in html
