"""Limits that hold when one citizen's requests arrive all at once (real threads, real database)."""

from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.services import api_token_issue
from comments.models import Comment
from kernel.roles import Role
from tests.workflow.test_concurrency import race
from workflow.demo.world import build_demo_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


def _fresh_citizen(name: str) -> str:
    user = get_user_model().objects.create_user(name, password="x")
    user.groups.add(Group.objects.get(name=Role.CITIZENS))
    return api_token_issue(user=user)[0]


def test_twenty_parallel_comments_by_one_citizen_give_exactly_the_limit(settings):
    settings.COMMENT_RATE_LIMIT = (10, 600)
    draft = build_demo_world().drafts["public_discussion"]
    token = _fresh_citizen("shoshqaloq")
    path = f"/api/v1/drafts/{draft.pk}/comments/"
    statuses = race([(token, path, {"text": f"Taklif raqami {i}: yoritishni kuchaytirish"}) for i in range(20)])
    assert Counter(statuses) == {201: 10, 429: 10}
    assert Comment.objects.filter(author__username="shoshqaloq").count() == 10


def test_the_same_comment_sent_eight_times_at_once_is_stored_once():
    draft = build_demo_world().drafts["public_discussion"]
    token = _fresh_citizen("takrorchi")
    path = f"/api/v1/drafts/{draft.pk}/comments/"
    statuses = race([(token, path, {"text": "Bir xil taklif: avtobus qatnovini ko‘paytirish"})] * 8)
    assert Counter(statuses) == {201: 1, 409: 7}
    assert Comment.objects.filter(author__username="takrorchi").count() == 1
