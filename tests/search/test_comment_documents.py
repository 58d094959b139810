"""A published comment costs one search document, whatever its discussion holds (issue 13); on every backend.

Runs with the contract's engines: the database backend always, Elasticsearch when ELASTICSEARCH_URL is
set (it says it skipped otherwise).
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import Comment
from comments.services import comment_moderate, comment_submit
from kernel.states import State
from search import indexing
from search.indexing import apply_pending_updates, rebuild_index
from tests.search import test_contract

pytestmark = pytest.mark.django_db
# The contract's backends: the database always, Elasticsearch when ELASTICSEARCH_URL is set.
engine = test_contract.engine
search = test_contract.search


def publish_many(draft, count: int) -> None:
    """`count` published comments written directly, then indexed with everything else."""
    version = draft.versions.get(number=draft.version)
    author = get_user_model().objects.get(username="citizen")
    Comment.objects.bulk_create(
        [
            Comment(
                draft=draft,
                version=version,
                kind="public",
                status="published",
                author=author,
                text=f"Muhokama izohi {i}: suv quvurlari.",
                fingerprint=f"{i:064d}",
                created_at=timezone.now(),
            )
            for i in range(count)
        ]
    )
    rebuild_index()


class Recording:
    """The real backend, with a record of every document each call hands it."""

    def __init__(self, backend):
        self.backend, self.sent = backend, []

    def __getattr__(self, name):
        method = getattr(self.backend, name)
        if not name.startswith("replace_"):
            return method

        def recorded(ids, documents):
            self.sent.extend(doc.key for doc in documents)
            return method(ids, documents)

        return recorded


def publish_one(world, draft, text: str, monkeypatch, **changes) -> tuple[Comment, list[str], int]:
    citizen = get_user_model().objects.create_user(
        f"reader{Comment.objects.count()}", first_name="Dilnoza", last_name="Qodirova"
    )
    citizen.groups.add(*world.users["citizen"].groups.all())
    comment = comment_submit(user=citizen, draft_id=draft.pk, text=text)
    if changes:
        Comment.objects.filter(pk=comment.pk).update(**changes)
    comment_moderate(user=world.users["moderator"], comment_id=comment.pk, decision="publish")
    recording = Recording(indexing.get_backend())
    monkeypatch.setattr(indexing, "get_backend", lambda: recording)
    with CaptureQueriesContext(connection) as captured:
        apply_pending_updates()
    monkeypatch.undo()
    return comment, recording.sent, len(captured)


def test_publishing_indexes_the_comment_alone_whatever_the_discussion_holds(engine, world, api, monkeypatch):
    discussion = world.drafts[State.PUBLIC_DISCUSSION]
    first, sent_small, queries_small = publish_one(world, discussion, "Birinchi taklif: zabarjad.", monkeypatch)
    publish_many(discussion, 300)
    second, sent_large, queries_large = publish_one(world, discussion, "Ikkinchi taklif: feruza.", monkeypatch)
    assert sent_small == [f"comment:{first.pk}"]
    assert sent_large == [f"comment:{second.pk}"]
    assert queries_large == queries_small
    # Found by its own words, with the draft's other comments still there.
    assert {r["draft"] for r in search(api, q="feruza")["results"]} == {discussion.pk}
    assert search(api, q="zabarjad")["count"] >= 1
    assert search(api, q="quvurlari")["count"] >= 300


def test_an_anonymous_author_is_never_indexed_by_name(engine, world, api, monkeypatch):
    discussion = world.drafts[State.PUBLIC_DISCUSSION]
    comment, sent, _ = publish_one(world, discussion, "Taklifim: yashil hudud.", monkeypatch, anonymous=True)
    assert sent == [f"comment:{comment.pk}"]
    assert search(api, q="yashil hudud")["count"] >= 1
    for name in ("Dilnoza", "Qodirova", comment.author.username):
        assert search(api, q=name)["count"] == 0
        assert search(api, world.users["moderator"], q=name)["count"] == 0


def test_counts_are_exact_up_to_the_cap_then_say_more_than(engine, world, api, settings):
    discussion = world.drafts[State.PUBLIC_DISCUSSION]
    publish_many(discussion, 8)
    settings.SEARCH_COUNT_CAP = 5
    many = search(api, q="quvurlari")
    assert many["count"] == 5 and many["count_exact"] is False
    assert len(many["results"]) == 5
    few = search(api, q="Muhokama izohi 3")
    assert few["count_exact"] is True and few["count"] <= 5
    settings.SEARCH_COUNT_CAP = 1000
    cache.clear()  # the same search, shared through the cache, until the index changes (not a setting)
    everything = search(api, q="quvurlari")
    assert everything["count"] == 8 and everything["count_exact"] is True
