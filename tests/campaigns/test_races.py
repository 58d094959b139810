"""Near-duplicates arriving all at once end in one campaign with the right size (real threads, real database;
run on SQLite and on PostgreSQL)."""

from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.services import api_token_issue
from comments.models import Campaign, Comment
from kernel.roles import Role
from tests.campaigns.test_grouping import LETTER
from tests.workflow.test_concurrency import race
from workflow.demo.world import build_demo_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


def _tokens(n: int) -> list[str]:
    group = Group.objects.get(name=Role.CITIZENS)
    tokens = []
    for i in range(n):
        user = get_user_model().objects.create_user(f"poyga{i}", password="x")
        user.groups.add(group)
        tokens.append(api_token_issue(user=user)[0])
    return tokens


def test_eight_near_duplicates_at_once_make_one_campaign_of_eight():
    draft = build_demo_world().drafts["public_discussion"]
    path = f"/api/v1/drafts/{draft.pk}/comments/"
    variants = [
        f"{LETTER} Imzo: {name}."
        for name in ("Aziz", "Bobur", "Dilnoza", "Eldor", "Farrux", "Gulnora", "Hasan", "Ilhom")
    ]
    statuses = race([(token, path, {"text": text}) for token, text in zip(_tokens(8), variants, strict=True)])
    assert Counter(statuses) == {201: 8}
    campaign = Campaign.objects.get(draft=draft)
    assert campaign.size == 8
    assert Comment.objects.filter(campaign=campaign).count() == 8
