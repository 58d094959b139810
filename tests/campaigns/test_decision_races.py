"""Two moderators deciding one large campaign at the same moment, and an author withdrawing a letter while it is
decided: one decision wins whole, the other is refused, and every signatory is decided and told once (real
threads, real database; run on SQLite and on PostgreSQL)."""

import threading
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection

from accounts.services import api_token_issue
from comments.models import Comment, Status
from comments.services import comment_withdraw
from kernel.errors import StateConflict
from kernel.models import Notice
from kernel.roles import Role
from tests.campaigns.signatories import big_campaign
from tests.workflow.test_concurrency import race
from workflow.demo.world import build_demo_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]

MEMBERS = 150


def _second_moderator():
    user = get_user_model().objects.create_user("moderator_ikki", password="x")
    user.groups.add(Group.objects.get(name=Role.MODERATORS))
    return user


def test_two_moderators_deciding_one_campaign_at_once_one_wins_and_the_other_gets_409():
    world = build_demo_world()
    campaign = big_campaign(world.drafts["public_discussion"], MEMBERS)
    first, second = world.users["moderator"], _second_moderator()
    path = f"/api/v1/campaigns/{campaign.pk}/moderation/"
    statuses = race(
        [
            (api_token_issue(user=first)[0], path, {"decision": "publish"}),
            (api_token_issue(user=second)[0], path, {"decision": "reject", "reason": "Takror"}),
        ]
    )
    assert sorted(statuses) == [200, 409]
    winner = first if statuses[0] == 200 else second
    members = Comment.objects.filter(campaign=campaign)
    # The winner's decision, whole: every member decided by them, at one moment, never by both.
    assert len(set(members.values_list("status", "moderated_by", "moderated_at", "moderation_reason"))) == 1
    assert set(members.values_list("moderated_by", flat=True)) == {winner.pk}
    told = Counter(
        Notice.objects.filter(event__startswith="comment-moderated:", user__username__startswith="imzochi").values_list(
            "event", flat=True
        )
    )
    assert set(told.values()) == {1} and len(told) == MEMBERS


def test_a_letter_withdrawn_while_its_campaign_is_decided_is_either_withdrawn_or_decided():
    world = build_demo_world()
    campaign = big_campaign(world.drafts["public_discussion"], MEMBERS)
    letter = Comment.objects.filter(campaign=campaign).select_related("author").order_by("-pk").first()
    token = api_token_issue(user=world.users["moderator"])[0]
    barrier, outcome = threading.Barrier(2), {}

    def withdraw():
        try:
            barrier.wait(timeout=30)
            comment_withdraw(user=letter.author, comment_id=letter.pk)
            outcome["withdrawn"] = True
        except StateConflict:
            outcome["withdrawn"] = False
        finally:
            connection.close()

    author = threading.Thread(target=withdraw)
    author.start()
    barrier.wait(timeout=30)
    (status,) = race([(token, f"/api/v1/campaigns/{campaign.pk}/moderation/", {"decision": "publish"})])
    author.join(timeout=120)
    assert status == 200
    letter.refresh_from_db()
    assert letter.status == (Status.WITHDRAWN if outcome["withdrawn"] else Status.PUBLISHED)
    published = Comment.objects.filter(campaign=campaign, status=Status.PUBLISHED).count()
    assert published == MEMBERS - (1 if outcome["withdrawn"] else 0)
