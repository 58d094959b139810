"""A campaign of hundreds of signatories decided and answered in one action (comments.campaign_moderation): each
member ends as the per-comment services would leave it (public list, the author's notices and e-mail, search),
the whole campaign or none of it, and the work in the request does not grow with the campaign."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from accounts.services import account_set_language
from comments.campaign_moderation import campaign_moderate, campaign_respond
from comments.models import Comment, Response, Status
from comments.tasks import CampaignNoticesFailed, notify_campaign_moderated
from kernel.models import Notice
from kernel.states import State
from search.indexing import apply_pending_updates
from search.models import PendingIndexUpdate
from tests.campaigns.signatories import big_campaign, signed

pytestmark = pytest.mark.django_db

MEMBERS = 300


@pytest.fixture
def draft(world):
    return world.drafts[State.PUBLIC_DISCUSSION]


@pytest.fixture
def campaign(draft):
    return big_campaign(draft, MEMBERS)


def published_texts(api, draft) -> set[str]:
    """Every comment text an anonymous reader sees on the draft, page by page."""
    texts, page = set(), 1
    while True:
        body = api().get(f"/api/v1/drafts/{draft.pk}/comments/", {"page": page, "page_size": 200}).json()
        texts |= {c["text"] for c in body["results"]}
        if not body["next"]:
            return texts
        page += 1


def answers_seen(api, draft) -> dict[str, dict | None]:
    texts, page = {}, 1
    while True:
        body = api().get(f"/api/v1/drafts/{draft.pk}/comments/", {"page": page, "page_size": 200}).json()
        texts |= {c["text"]: c["response"] for c in body["results"]}
        if not body["next"]:
            return texts
        page += 1


def found(api, word: str) -> list[dict]:
    answer = api().get("/api/v1/search/", {"q": word})
    assert answer.status_code == 200, answer.content
    return answer.json()["results"]


def test_one_action_publishes_and_answers_every_signatory_as_the_per_comment_path_would(
    world, api, client, draft, campaign, django_capture_on_commit_callbacks
):
    moderator, drafter = world.users["moderator"], world.users["drafter"]
    path = f"/api/v1/campaigns/{campaign.pk}/"
    # An anonymous search before the decision is shared through the cache: it must be asked again after it.
    assert found(api, "fuqaro137") == []
    with django_capture_on_commit_callbacks(execute=True):
        decided = api(moderator).post(path + "moderation/", {"decision": "publish"}, format="json")
    assert decided.status_code == 200, decided.content
    assert decided.json() == {"campaign": campaign.pk, "decided": MEMBERS, "status": "published"}

    members = Comment.objects.filter(campaign=campaign).select_related("author")
    assert {(c.status, c.moderated_by_id, c.moderation_reason) for c in members} == {("published", moderator.pk, "")}
    assert len({c.moderated_at for c in members}) == 1
    assert {signed(i) for i in range(MEMBERS)} <= published_texts(api, draft)
    # Each signatory's own text is found, and leads to their comment.
    member = members.get(text=signed(137))
    assert [(r["type"], r["draft"]) for r in found(api, "fuqaro137")] == [("comment", draft.pk)]
    # Each author was told, once, in a notice and an e-mail.
    told = set(Notice.objects.filter(event__startswith="comment-moderated:").values_list("user_id", "event"))
    assert {(c.author_id, f"comment-moderated:{c.pk}") for c in members} <= told
    assert len([m for m in mail.outbox if m.to[0].startswith("imzochi")]) == MEMBERS
    client.force_login(member.author)
    assert f"#comment-{member.pk}" in client.get("/me/notifications/").content.decode()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answered = api(drafter).post(
            path + "response/", {"decision": "partially_accepted", "text": "  Bog‘ saqlanadi.  "}, format="json"
        )
    assert answered.json() == {"campaign": campaign.pk, "answered": MEMBERS}
    responses = Response.objects.filter(comment__campaign=campaign)
    assert {(r.decision, r.text, r.author_id) for r in responses} == {
        ("partially_accepted", "Bog‘ saqlanadi.", drafter.pk)
    }
    seen = answers_seen(api, draft)
    assert {seen[signed(i)]["text"] for i in range(MEMBERS)} == {"Bog‘ saqlanadi."}
    assert Notice.objects.filter(
        event__startswith="comment-answered:", user__username__startswith="imzochi"
    ).count() == (MEMBERS)
    assert len(mail.outbox) == MEMBERS

    # A revised answer reaches every signatory again (it is news), and replaces the old one.
    with django_capture_on_commit_callbacks(execute=True):
        api(drafter).post(path + "response/", {"decision": "accepted", "text": "Qabul qilindi."}, format="json")
    assert set(responses.values_list("decision", "text")) == {("accepted", "Qabul qilindi.")}
    assert responses.count() == MEMBERS
    assert Notice.objects.filter(
        event__startswith="comment-answered:", user__username__startswith="imzochi"
    ).count() == (2 * MEMBERS)


def test_a_rejected_campaign_gives_each_signatory_the_reason_and_shows_none_of_them(
    world, api, draft, campaign, django_capture_on_commit_callbacks
):
    moderator = api(world.users["moderator"])
    path = f"/api/v1/campaigns/{campaign.pk}/moderation/"
    refused = moderator.post(path, {"decision": "reject", "reason": "   "}, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()["errors"]
    with django_capture_on_commit_callbacks(execute=True):
        decided = moderator.post(path, {"decision": "reject", "reason": " Haqoratli so‘zlar "}, format="json")
    assert decided.json() == {"campaign": campaign.pk, "decided": MEMBERS, "status": "rejected"}
    assert set(Comment.objects.filter(campaign=campaign).values_list("status", "moderation_reason")) == {
        ("rejected", "Haqoratli so‘zlar")
    }
    assert not {signed(i) for i in range(MEMBERS)} & published_texts(api, draft)
    assert found(api, "fuqaro137") == []
    assert Notice.objects.filter(
        event__startswith="comment-moderated:", user__username__startswith="imzochi"
    ).count() == (MEMBERS)
    assert "Haqoratli so‘zlar" in next(m.body for m in mail.outbox if m.to[0].startswith("imzochi"))
    # Nothing is left to decide, and there is nothing published to answer.
    assert moderator.post(path, {"decision": "publish"}, format="json").status_code == 409
    answer = api(world.users["drafter"]).post(
        f"/api/v1/campaigns/{campaign.pk}/response/", {"decision": "accepted", "text": "Ha."}, format="json"
    )
    assert answer.status_code == 409


@pytest.mark.parametrize(("who", "status"), [("drafter", 403), ("citizen", 403), ("expert", 403), (None, 401)])
def test_only_a_moderator_decides_a_campaign(world, api, campaign, who, status):
    user = world.users[who] if who else None
    answer = api(user).post(f"/api/v1/campaigns/{campaign.pk}/moderation/", {"decision": "publish"}, format="json")
    assert answer.status_code == status, answer.content
    assert "detail" in answer.json()
    assert set(Comment.objects.filter(campaign=campaign).values_list("status", flat=True)) == {"pending"}


@pytest.mark.parametrize(
    ("who", "body", "status", "field"),
    [
        ("moderator", {"decision": "accepted", "text": "Ha."}, 403, None),
        ("drafter2", {"decision": "accepted", "text": "Ha."}, 403, None),
        ("drafter", {"decision": "maybe", "text": "Ha."}, 400, "decision"),
        ("drafter", {"decision": "accepted", "text": "   "}, 400, "text"),
        ("drafter", {"decision": "accepted", "text": "x" * 20001}, 400, "text"),
    ],
)
def test_an_answer_is_checked_as_each_comments_answer_is(world, api, campaign, who, body, status, field):
    campaign_moderate(user=world.users["moderator"], campaign_id=campaign.pk, decision="publish")
    answer = api(world.users[who]).post(f"/api/v1/campaigns/{campaign.pk}/response/", body, format="json")
    assert answer.status_code == status, answer.content
    if field:
        assert field in answer.json()["errors"]
    assert not Response.objects.filter(comment__campaign=campaign).exists()


def test_a_draft_past_moderation_refuses_the_decision_and_one_past_answering_the_answer(world, api, campaign):
    moderator, drafter = world.users["moderator"], world.users["drafter"]
    campaign_moderate(user=moderator, campaign_id=campaign.pk, decision="publish")
    late = big_campaign(campaign.draft, 3, prefix="kechikkan")
    type(campaign.draft).objects.filter(pk=campaign.draft_id).update(status=State.APPROVAL)
    refused = api(moderator).post(f"/api/v1/campaigns/{late.pk}/moderation/", {"decision": "publish"}, format="json")
    assert refused.status_code == 409, refused.content
    assert set(Comment.objects.filter(campaign=late).values_list("status", flat=True)) == {"pending"}
    answer = api(drafter).post(
        f"/api/v1/campaigns/{campaign.pk}/response/", {"decision": "accepted", "text": "Ha."}, format="json"
    )
    assert answer.status_code == 409, answer.content
    assert not Response.objects.filter(comment__campaign=campaign).exists()


def test_signatories_published_after_the_answer_get_it_and_hear_of_both(
    world, draft, campaign, django_capture_on_commit_callbacks
):
    moderator, drafter = world.users["moderator"], world.users["drafter"]
    campaign_moderate(user=moderator, campaign_id=campaign.pk, decision="publish")
    campaign_respond(user=drafter, campaign_id=campaign.pk, decision="not_accepted", text="Yoʻq.")
    # Late signatories joined the campaign after its answer.
    late = big_campaign(draft, 60, prefix="kechikkan")
    Comment.objects.filter(campaign=late).update(campaign=campaign)
    with django_capture_on_commit_callbacks(execute=True):
        result = campaign_moderate(user=moderator, campaign_id=campaign.pk, decision="publish")
    assert result["decided"] == 60
    latecomers = Comment.objects.filter(author__username__startswith="kechikkan")
    assert set(Response.objects.filter(comment__in=latecomers).values_list("text", "author")) == {("Yoʻq.", drafter.pk)}
    events = set(Notice.objects.filter(user__username__startswith="kechikkan").values_list("event", flat=True))
    assert len([e for e in events if e.startswith("comment-moderated:")]) == 60
    assert len([e for e in events if e.startswith("comment-answered:")]) == 60
    # The earlier signatories are neither decided again nor told again.
    assert not Notice.objects.filter(user__username__startswith="imzochi").exists()


def _work(call) -> tuple[int, int, list[str]]:
    """The queries a call runs in the request's transaction, the callbacks it leaves for the commit, and the
    queries' text (printed when the counts differ)."""
    with CaptureQueriesContext(connection) as queries, TestCase.captureOnCommitCallbacks() as callbacks:
        call()
    return len(queries), len(callbacks), [q["sql"][:160] for q in queries]


def test_the_work_in_the_request_does_not_grow_with_the_campaign(world, draft):
    moderator, drafter = world.users["moderator"], world.users["drafter"]
    above = 51
    # The first decision on the draft also creates its search to-do row; the others find it there.
    first, small, large = (big_campaign(draft, n, prefix=f"c{n}_") for n in (above, above + 1, 6 * above))
    campaign_moderate(user=moderator, campaign_id=first.pk, decision="publish")
    campaign_respond(user=drafter, campaign_id=first.pk, decision="accepted", text="Ha.")
    decided = [
        _work(lambda c=c: campaign_moderate(user=moderator, campaign_id=c.pk, decision="publish"))
        for c in (small, large)
    ]
    answered = [
        _work(lambda c=c: campaign_respond(user=drafter, campaign_id=c.pk, decision="accepted", text="Ha."))
        for c in (small, large)
    ]
    assert decided[0][:2] == decided[1][:2], "\n".join(decided[1][2])
    assert answered[0][:2] == answered[1][:2], "\n".join(answered[1][2])
    # A job or two for the whole campaign, not one per member.
    assert decided[1][1] <= 3 and answered[1][1] <= 2
    assert Response.objects.filter(comment__campaign=large).count() == 6 * above


def test_a_campaign_is_indexed_member_by_member_never_by_rebuilding_its_discussion(
    world, api, draft, django_capture_on_commit_callbacks
):
    """Publishing in a discussion of any size costs the campaign's own documents (issue 13: index one document,
    not the draft): one to-do row per member, none for the draft."""
    campaign = big_campaign(draft, 120, prefix="oz")
    with django_capture_on_commit_callbacks(execute=False):
        campaign_moderate(user=world.users["moderator"], campaign_id=campaign.pk, decision="publish")
    members = set(Comment.objects.filter(campaign=campaign).values_list("pk", flat=True))
    assert set(PendingIndexUpdate.objects.values_list("comment_id", flat=True)) == members
    assert not PendingIndexUpdate.objects.filter(draft_id=draft.pk).exists()
    apply_pending_updates()
    assert [(r["type"], r["draft"]) for r in found(api, "fuqaro3")] == [("comment", draft.pk)]
    assert Comment.objects.filter(campaign=campaign, status=Status.PUBLISHED).count() == 120


class RefusingOneAddress(locmem.EmailBackend):
    """A mail server (outside our control) that refuses one address and takes the others."""

    def send_messages(self, messages):
        if any("imzochi7@" in address for message in messages for address in message.to):
            raise smtplib.SMTPRecipientsRefused({"imzochi7@example.org": (550, b"No such user")})
        return super().send_messages(messages)


def test_with_a_mail_server_refusing_one_address_the_other_signatories_are_still_told(world, settings, draft):
    campaign = big_campaign(draft, 12)
    campaign_moderate(user=world.users["moderator"], campaign_id=campaign.pk, decision="publish")
    settings.EMAIL_BACKEND = f"{__name__}.RefusingOneAddress"
    moderated_at = Comment.objects.filter(campaign=campaign).values_list("moderated_at", flat=True)[0]
    with pytest.raises(CampaignNoticesFailed, match="1 authors were not told; 11 e-mails"):
        notify_campaign_moderated.call(campaign.pk, moderated_at.isoformat())
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"imzochi{i}@example.org" for i in range(12) if i != 7)


class MailServerDown(locmem.EmailBackend):
    """A mail server that cannot be reached at all."""

    def open(self):
        raise smtplib.SMTPConnectError(421, "Service not available")


def test_with_the_mail_server_down_every_signatory_still_gets_the_notice(world, settings, draft):
    campaign = big_campaign(draft, 12)
    campaign_moderate(user=world.users["moderator"], campaign_id=campaign.pk, decision="publish")
    settings.EMAIL_BACKEND = f"{__name__}.MailServerDown"
    moderated_at = Comment.objects.filter(campaign=campaign).values_list("moderated_at", flat=True)[0]
    with pytest.raises(CampaignNoticesFailed, match="12 authors were not told; 0 e-mails"):
        notify_campaign_moderated.call(campaign.pk, moderated_at.isoformat())
    members = Comment.objects.filter(campaign=campaign).values("author")
    assert Notice.objects.filter(user__in=members, event__startswith="comment-moderated:").count() == 12


def _telling(campaign, moderator) -> tuple[int, list]:
    campaign_moderate(user=moderator, campaign_id=campaign.pk, decision="publish")
    moderated_at = Comment.objects.filter(campaign=campaign).values_list("moderated_at", flat=True)[0]
    with CaptureQueriesContext(connection) as queries:
        sent = notify_campaign_moderated.call(campaign.pk, moderated_at.isoformat())
    return len(queries), sent


def test_telling_a_campaigns_authors_reads_and_writes_the_same_whatever_its_size_each_in_their_language(world, draft):
    """One query per chunk of authors, their accounts (the language they read) with them, and one insert of
    notices: not one round of queries per author."""
    small, large = big_campaign(draft, 12, prefix="kichik"), big_campaign(draft, 60, prefix="katta")
    russian = Comment.objects.filter(campaign=large).order_by("pk")[5].author
    account_set_language(user=russian, language="ru")
    mail.outbox.clear()
    small_queries, small_sent = _telling(small, world.users["moderator"])
    large_queries, large_sent = _telling(large, world.users["moderator"])
    assert (small_sent, large_sent) == (12, 60)
    assert small_queries == large_queries
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects[russian.email].startswith("Ваш комментарий к проекту «")
    assert subjects["katta0@example.org"].startswith("Your comment on “")
    members = Comment.objects.filter(campaign__in=[small, large]).values("author")
    assert Notice.objects.filter(user__in=members, event__startswith="comment-moderated:").count() == 72
