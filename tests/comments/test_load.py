"""Many citizens posting at once through the API, across the deadline, on the real database.

Every comment answered 201 is stored exactly once, nothing is stored at or after the deadline,
and nobody gets a 500 (on SQLite: never "database is locked").
"""

import datetime
import threading
from collections import Counter

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import override_settings
from rest_framework.test import APIClient

from accounts.services import api_token_issue
from comments.models import Comment
from kernel.roles import Role
from workflow.demo.world import build_demo_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]

CITIZENS = 24
PER_CITIZEN = 6


@override_settings(API_TOKEN_TTL_HOURS=24 * 365)  # the clock travels to the deadline, weeks ahead
def test_many_citizens_across_the_deadline():
    world = build_demo_world()
    draft = world.drafts["public_discussion"]
    citizens = Group.objects.get(name=Role.CITIZENS)
    tokens = []
    for i in range(CITIZENS):
        user = get_user_model().objects.create_user(f"load{i}", password="x")
        user.groups.add(citizens)
        tokens.append(api_token_issue(user=user)[0])
    deadline = draft.discussion_ends_at
    results: list[tuple[int, str, int | None]] = []
    lock = threading.Lock()
    barrier = threading.Barrier(CITIZENS)

    def citizen(i: int, token: str, posts: range) -> None:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        try:
            barrier.wait(timeout=30)
            for n in posts:
                text = f"Fuqaro {i} taklifi {n}: chiqindi idishlarini ko‘paytirish."
                response = client.post(f"/api/v1/drafts/{draft.pk}/comments/", {"text": text}, format="json")
                with lock:
                    results.append((response.status_code, text, response.json().get("id")))
        finally:
            connection.close()

    def run_all(posts: range) -> None:
        threads = [threading.Thread(target=citizen, args=(i, t, posts)) for i, t in enumerate(tokens)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)

    # The clock runs from just before the deadline, so the posts straddle it on a machine as
    # slow as CI's (two cores, 24 threads: the first posts land a second or more after the
    # start); then one more round, all of it after the deadline.
    with time_machine.travel(deadline - datetime.timedelta(seconds=3), tick=True):
        run_all(range(PER_CITIZEN))
    with time_machine.travel(deadline + datetime.timedelta(seconds=1), tick=True):
        run_all(range(PER_CITIZEN, PER_CITIZEN + 1))

    statuses = Counter(status for status, _, _ in results)
    assert len(results) == CITIZENS * (PER_CITIZEN + 1)
    assert all(status == 409 for status, text, _ in results if f"taklifi {PER_CITIZEN}:" in text)
    assert set(statuses) <= {201, 409}, statuses
    accepted = {cid: text for status, text, cid in results if status == 201}
    stored = Comment.objects.filter(author__username__startswith="load")
    assert sorted(stored.values_list("pk", flat=True)) == sorted(accepted)
    assert Counter(stored.values_list("text", flat=True)) == Counter(accepted.values())
    assert not stored.filter(created_at__gte=deadline).exists()
    assert statuses[201] > 0, "the test must exercise the accepted side too"
