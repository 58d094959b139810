"""PostgreSQL keeps the newest entries holding each common term as a list (issue 13, search.backends.term_lists):
a search that reads a list finds what walking the newest entries finds, and the lists stay true as entries
come and go and as terms are listed while entries are being written."""

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from kernel.states import State
from search.backends import database, get_backend, term_lists
from search.indexing import apply_pending_updates, index_catch_up, mark_comments_changed
from search.models import ListedTerm, RecentMatch, SearchEntry
from tests.search.test_comment_documents import publish_many
from tests.search.test_window import search

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only: SQLite's FTS5 reads newest first"),
]


@pytest.fixture(autouse=True)
def database_backend(settings):
    settings.SEARCH_BACKEND = "database"


@pytest.fixture
def common_everywhere(monkeypatch):
    """A test database is small: every term its statistics name is common enough to list, and searches walk."""
    monkeypatch.setattr(term_lists, "WALKED_QUICKLY", 1.0)
    monkeypatch.setattr(database, "DENSE_MATCHES", 0)


def analysed_and_tidied() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'ANALYZE "{SearchEntry._meta.db_table}"')
    return get_backend().tidy()


def waiting_on_a_lock_or(done: threading.Event, seconds: float = 20) -> bool:
    """Whether another connection came to wait on a lock before `done` was set (polls pg_stat_activity)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not done.is_set():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.02)
    return False


def list_of(term: str) -> list[int]:
    return list(RecentMatch.objects.filter(term=term).order_by("-entry_id").values_list("entry_id", flat=True))


def matches_of(term: str) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM search_searchentry WHERE search_vector @@ %s::tsquery ORDER BY id DESC",
            [term_lists.quoted(term)],
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.parametrize("kept", [100, 2])
@pytest.mark.parametrize("query", ["quvurlari", "suv quvurlari", "muhokama izohi"])
def test_a_search_that_reads_a_list_finds_what_the_walk_finds(
    world, api, settings, monkeypatch, common_everywhere, kept, query
):
    # Kept 2: the window (the cap's 4 and one more) is not in the list, and the walk goes on below it.
    publish_many(world.drafts[State.PUBLIC_DISCUSSION], 8)
    settings.SEARCH_COUNT_CAP = 4
    monkeypatch.setattr(term_lists, "KEPT", kept)
    readers = (("citizen", {}), ("drafter", {}), ("citizen", {"status": State.PUBLIC_DISCUSSION}))
    walked = [search(api, world.users[user], q=query, page_size=10, **filters) for user, filters in readers]
    assert analysed_and_tidied() > 0
    assert ListedTerm.objects.filter(term="quvur").exists(), list(ListedTerm.objects.values_list("term", flat=True))
    assert len(list_of("quvur")) == min(kept, len(matches_of("quvur")))
    with CaptureQueriesContext(connection) as read:
        listed = [search(api, world.users[user], q=query, page_size=10, **filters) for user, filters in readers]
    assert listed == walked
    assert any(term_lists.LISTS in statement["sql"] for statement in read.captured_queries)
    assert walked[0]["count"] > 0


def test_a_list_follows_its_entries_and_is_trimmed_to_the_newest(world, monkeypatch, common_everywhere):
    discussion = world.drafts[State.PUBLIC_DISCUSSION]
    publish_many(discussion, 6)
    apply_pending_updates()
    analysed_and_tidied()
    assert list_of("quvur") == matches_of("quvur") != []
    # New entries join the lists as they are written, and leave them with their entries.
    publish_many(discussion, 3)
    assert list_of("quvur") == matches_of("quvur")
    gone = Comment.objects.filter(draft=discussion).order_by("-pk").first()
    SearchEntry.objects.filter(comment_id=gone.pk).delete()
    assert list_of("quvur") == matches_of("quvur")
    # The catch-up trims each list to its newest KEPT matches.
    monkeypatch.setattr(term_lists, "KEPT", 3)
    report = index_catch_up()
    assert report.as_dict()["terms_listed"] == ListedTerm.objects.count() > 0
    assert list_of("quvur") == matches_of("quvur")[:3]


def test_a_term_no_longer_common_loses_its_list(world, monkeypatch, common_everywhere):
    publish_many(world.drafts[State.PUBLIC_DISCUSSION], 4)
    apply_pending_updates()
    analysed_and_tidied()
    assert list_of("quvur")
    monkeypatch.setattr(term_lists, "WALKED_QUICKLY", 0.0)
    assert analysed_and_tidied() == 0
    assert not ListedTerm.objects.exists() and not RecentMatch.objects.exists()


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_an_entry_written_while_its_term_is_listed_is_in_the_list(world, common_everywhere):
    # An entry written before the term is listed but committed after the backfill began would be in neither
    # the backfill nor its own recording: listing waits for the entries being written.
    discussion = world.drafts[State.PUBLIC_DISCUSSION]
    publish_many(discussion, 4)
    newest = Comment.objects.filter(draft=discussion).order_by("-pk").first()
    newest.pk, newest.fingerprint = None, "f" * 64
    newest.save()
    mark_comments_changed([newest.pk])  # indexed below by the writer
    written, release, listing_done = threading.Event(), threading.Event(), threading.Event()

    def writer():
        try:
            with transaction.atomic():
                assert apply_pending_updates() == 1  # the new entry, recorded while no term is listed
                written.set()
                release.wait(10)
        finally:
            connections.close_all()

    def lister():
        try:
            analysed_and_tidied()
            listing_done.set()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer)]
    threads[0].start()
    assert written.wait(10)
    threads.append(threading.Thread(target=lister))
    threads[1].start()
    # The listing waits for the writer's transaction: it either finishes (wrongly) or waits on a lock.
    assert waiting_on_a_lock_or(listing_done)
    assert not listing_done.is_set()
    release.set()
    for thread in threads:
        thread.join(20)
    assert listing_done.is_set()
    assert list_of("quvur") == matches_of("quvur")
    assert len(matches_of("quvur")) >= 5
