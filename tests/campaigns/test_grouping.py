"""Form letters grouped at intake (comments.grouping): folding, the generated docket's precision and recall
through the comment service, what is never grouped."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase

from bench.campaigns import generate_docket, pair_scores
from comments import replies, services
from comments.grouping import shingles, similarity
from comments.models import Campaign, CampaignBand, Comment
from comments.tasks import group_campaigns, grouping_catch_up
from kernel.roles import Role

pytestmark = pytest.mark.django_db

LETTER = (
    "Hurmatli hokim! Biz, mahalla aholisi, Oʻzbekiston ko‘chasidagi bogʻni saqlab qolishni so‘raymiz. "
    "Daraxtlar kesilmasin, bolalar maydonchasi qurilsin va yoritish kuchaytirilsin."
)


@pytest.fixture(autouse=True)
def roomy_rate_limit(settings):
    settings.COMMENT_RATE_LIMIT = (10**9, 600)


def citizens(n: int, prefix: str = "imzo") -> list:
    users = get_user_model().objects.bulk_create([get_user_model()(username=f"{prefix}{i}") for i in range(n)])
    Group.objects.get(name=Role.CITIZENS).user_set.add(*users)
    return users


def send(user, draft, text, **extra) -> Comment:
    """A comment through the service, read again once its intake committed and it was grouped."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        comment = services.comment_submit(user=user, draft_id=draft.pk, text=text, **extra)
    assert comment.campaign_id is None  # intake never waits for the grouping
    comment.refresh_from_db()
    assert not comment.campaign_pending
    return comment


def test_case_spacing_apostrophes_punctuation_and_script_are_folded():
    latin = shingles("Oʻzbekiston   ko'chasidagi BOG‘NI saqlang!")
    assert latin == shingles("o`zbekiston ko’chasidagi bogʻni, saqlang")
    assert latin == shingles("Ўзбекистон кўчасидаги боғни сақланг.")
    assert similarity(latin, shingles("Boshqa gap umuman")) == 0


def test_the_second_near_duplicate_makes_a_campaign_with_the_first_as_canonical(world):
    draft = world.drafts["public_discussion"]
    a, b, c, d = citizens(4)
    first = send(a, draft, LETTER)
    assert first.campaign is None
    second = send(b, draft, LETTER.replace("kuchaytirilsin", "yaxshilansin").upper())
    campaign = Campaign.objects.get(draft=draft)
    assert (campaign.canonical_id, campaign.text, campaign.size) == (first.pk, LETTER, 2)
    assert second.campaign == campaign
    third = send(c, draft, "Yoritish kuchaytirilsin. " + LETTER.replace("Hurmatli hokim! ", ""))
    distinct = send(d, draft, "Avtobus qatnovini ko‘paytirish va bekatlarga soyabon o‘rnatish kerak, iltimos.")
    assert third.campaign == campaign and distinct.campaign is None
    campaign.refresh_from_db()
    assert campaign.size == 3
    assert set(Comment.objects.filter(campaign=campaign).values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
        third.pk,
    }


def test_replies_short_texts_and_other_drafts_are_never_grouped(world, settings):
    draft = world.drafts["public_discussion"]
    users = citizens(5)
    send(users[0], draft, "Roziman.")
    assert send(users[1], draft, "Roziman!").campaign is None
    published = Comment.objects.filter(draft=draft, kind="public", status="published", parent__isnull=True).first()
    for user in users[2:4]:
        reply = replies.reply_submit(user=user, comment_id=published.pk, text=LETTER)
        assert reply.campaign_id is None
    assert send(users[4], draft, LETTER).campaign is None  # the replies left no bands to match
    other = send(citizens(1, "other")[0], world.drafts["public_discussion"], LETTER)
    assert other.campaign is not None  # the same draft: grouped with the comment, not with the replies
    assert Campaign.objects.get().size == 2
    settings.CAMPAIGN_GROUPING = False
    assert send(citizens(1, "off")[0], draft, LETTER + " Rahmat.").campaign is None


def test_a_generated_docket_is_grouped_with_precision_and_recall_of_at_least_0_98(world):
    """400 comments, 30 % in 6 letters with small edits (words changed, added, dropped, a sentence moved,
    case, punctuation, apostrophes, a signature), the rest distinct; scored by pairs of comments."""
    draft = world.drafts["public_discussion"]
    docket = generate_docket(400, campaigns=6, seed=7)
    users = citizens(len(docket.texts))
    sent = [send(user, draft, text).pk for user, text in zip(users, docket.texts, strict=True)]
    # Read at the end: a comment that joined two groups merged their campaigns into one.
    final = dict(Comment.objects.filter(pk__in=sent).values_list("pk", "campaign_id"))
    groups = [final[pk] for pk in sent]
    precision, recall = pair_scores(docket.letters, groups)
    assert precision >= 0.98 and recall >= 0.98, (precision, recall)
    sizes = sorted(Campaign.objects.filter(draft=draft).values_list("size", flat=True))
    assert sum(sizes) == Comment.objects.filter(draft=draft, campaign__isnull=False).count()
    # A campaign keeps each band once: far fewer rows than one per member and band.
    assert CampaignBand.objects.filter(campaign__isnull=False).count() < 21 * sum(sizes) / 2


def test_comments_left_waiting_are_grouped_in_one_batch_by_the_catch_up(world, django_assert_max_num_queries):
    """A process killed between its intakes' commits and their grouping leaves comments waiting; the catch-up
    groups them, as one batch that reads the stored bands once, into the campaign they would have made."""
    draft = world.drafts["public_discussion"]
    users = citizens(6)
    letters = [LETTER, LETTER + " Rahmat!", LETTER.lower(), LETTER.replace("saqlab qolishni", "asrashni"), LETTER]
    waiting = [
        services.comment_submit(user=u, draft_id=draft.pk, text=t) for u, t in zip(users[:5], letters, strict=True)
    ]
    lone = services.comment_submit(
        user=users[5], draft_id=draft.pk, text="Yoritish ustunlari har yigirma metrda bo‘lsin."
    )
    # No commit ran its callbacks: nothing is grouped yet, and intake said so.
    assert all(c.campaign_pending and c.campaign_id is None for c in [*waiting, lone])
    assert not Campaign.objects.exists()

    report = grouping_catch_up()
    assert report.drafts == [draft.pk] and report.lines() == ["campaigns: grouping scheduled for 1 drafts"]
    campaign = Campaign.objects.get()
    assert campaign.size == 5 and campaign.canonical_id == waiting[0].pk
    assert set(Comment.objects.filter(campaign=campaign).values_list("pk", flat=True)) == {c.pk for c in waiting}
    assert not Comment.objects.filter(draft=draft, campaign_pending=True).exists()
    lone.refresh_from_db()
    assert lone.campaign_id is None

    # A batch costs a fixed number of reads, not a few per comment.
    more = [
        services.comment_submit(user=u, draft_id=draft.pk, text=LETTER + f" {i}-uy.")
        for i, u in enumerate(citizens(30, "ko‘p"))
    ]
    with django_assert_max_num_queries(16):
        assert group_campaigns.call(draft.pk) == 30
    campaign.refresh_from_db()
    assert campaign.size == 35 and all(c.campaign_id is None for c in more)  # the objects intake returned
    assert Comment.objects.filter(pk__in=[c.pk for c in more], campaign=campaign).count() == 30
