"""Anonymous draft lists and drafts: shared through the cache, revalidated by ETag, never personalised (issue 13).

The tests that take `shared` run twice: with each process's own cache (LocMem, the stamps read from the
database before each answer) and with Redis as the shared cache (the stamps copied there, one MGET per
answer); those that take `redis_cache` test the copy in Redis itself.
"""

import shutil
import subprocess
import time
import uuid

import pytest
import redis
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.services import api_token_issue
from comments.votes import draft_vote_cast
from kernel import freshness
from kernel.models import Stamp
from kernel.states import State
from workflow.demo.world import build_demo_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A Redis of the test session's own, on a socket in a temporary folder (nothing else reads or empties it)."""
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is missing: make system-packages installs it")
    folder = tmp_path_factory.mktemp("redis")
    socket = folder / "redis.sock"
    server = subprocess.Popen(
        ["redis-server", "--port", "0", "--unixsocket", str(socket), "--save", "", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    url = f"unix://{socket}?db=0"
    for _ in range(100):
        try:
            redis.Redis.from_url(url).ping()
            break
        except (redis.ConnectionError, FileNotFoundError):
            time.sleep(0.05)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def redis_cache(redis_url, fresh_throttles):
    """Redis as the cache every process shares, under a key prefix of the test's own; gives a client of it."""
    caches = {
        "default": {
            "BACKEND": "kernel.redis_cache.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    with override_settings(REDIS_URL=redis_url, CACHES=caches):
        yield redis.Redis.from_url(redis_url)


@pytest.fixture(params=["local", "redis"])
def shared(request):
    """The test in both setups: None for each process's own cache, else a client of the shared Redis."""
    return request.getfixturevalue("redis_cache") if request.param == "redis" else None


@pytest.fixture
def round_trips(monkeypatch):
    """Counts the commands sent to Redis (a spy: they still go)."""
    sent = []
    original = redis.connection.AbstractConnection.send_packed_command

    def send_packed_command(self, command, *args, **kwargs):
        sent.append(command)
        return original(self, command, *args, **kwargs)

    monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", send_packed_command)
    return sent


def get(client, path, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
    return response, len(captured)


def shown(response, draft_id: int) -> dict:
    body = response.json()
    return body if "id" in body else next(d for d in body["results"] if d["id"] == draft_id)


@pytest.mark.parametrize("path", ["/api/v1/drafts/", "/api/v1/drafts/?status=approved", "DETAIL"])
def test_an_anonymous_answer_is_built_once_then_served_from_one_read(world, api, shared, round_trips, path):
    path = f"/api/v1/drafts/{world.drafts[State.APPROVED].pk}/" if path == "DETAIL" else path
    first, _ = get(api(None), path)
    round_trips.clear()
    again, queries = get(api(None), path)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    if shared is None:
        assert (queries, len(round_trips)) == (1, 0), "only the stamp is read, from the database"
    else:
        assert (queries, len(round_trips)) == (0, 1), "the stamp and the answer in one MGET, no query"
        assert b"MGET" in b"".join(round_trips[0])
    assert again["ETag"] == first["ETag"]
    assert "no-cache" in again["Cache-Control"] and "Accept-Language" in again["Vary"]


def test_a_current_copy_is_answered_304_and_a_change_makes_it_stale(
    world, api, shared, django_capture_on_commit_callbacks
):
    draft = world.drafts[State.PUBLIC_DISCUSSION]
    stamp_reads = 1 if shared is None else 0
    first = {}
    for path in (f"/api/v1/drafts/{draft.pk}/", "/api/v1/drafts/"):
        first[path], _ = get(api(None), path)
        unchanged, queries = get(api(None), path, HTTP_IF_NONE_MATCH=first[path]["ETag"])
        assert unchanged.status_code == 304 and queries == stamp_reads
        assert unchanged["ETag"] == first[path]["ETag"]
        since = get(api(None), path, HTTP_IF_MODIFIED_SINCE=first[path]["Last-Modified"])[0]
        assert since.status_code == 304
    with django_capture_on_commit_callbacks(execute=True):
        draft_vote_cast(user=world.users["citizen"], draft_id=draft.pk, vote="for")
    for path in (f"/api/v1/drafts/{draft.pk}/", "/api/v1/drafts/"):
        changed, _ = get(api(None), path, HTTP_IF_NONE_MATCH=first[path]["ETag"])
        assert changed.status_code == 200 and changed["ETag"] != first[path]["ETag"]
        assert shown(changed, draft.pk)["votes"]["for"] == 1


def test_the_language_of_the_answer_is_part_of_its_key(world, api, shared):
    path = f"/api/v1/drafts/{world.drafts[State.APPROVED].pk}/"
    uzbek = api(None).get(path, HTTP_ACCEPT_LANGUAGE="uz")
    russian = api(None).get(path, HTTP_ACCEPT_LANGUAGE="ru")
    assert uzbek["ETag"] != russian["ETag"]
    assert uzbek.json()["act_type_name"] != russian.json()["act_type_name"]
    assert api(None).get(path, HTTP_ACCEPT_LANGUAGE="uz").json() == uzbek.json()


@pytest.mark.parametrize("path", ["/api/v1/drafts/", "DETAIL"])
def test_a_logged_in_readers_own_vote_never_reaches_the_shared_cache(world, api, shared, path):
    draft = world.drafts[State.PUBLIC_DISCUSSION]
    path = f"/api/v1/drafts/{draft.pk}/" if path == "DETAIL" else path
    citizen = world.users["citizen"]
    draft_vote_cast(user=citizen, draft_id=draft.pk, vote="against")

    anonymous_first = api(None).get(path)  # cached now
    own = api(citizen).get(path)
    assert shown(own, draft.pk)["my_vote"] == "against"
    assert "private" in own["Cache-Control"] and "ETag" not in own
    anonymous = api(None).get(path)
    assert shown(anonymous, draft.pk)["my_vote"] is None
    assert anonymous.json() == anonymous_first.json()
    # A token request is never served the anonymous answer either.
    token = api_token_issue(user=citizen)[0]
    by_token = api(None).get(path, HTTP_AUTHORIZATION=f"Token {token}")
    assert shown(by_token, draft.pk)["my_vote"] == "against"


def test_drafts_only_staff_may_see_are_never_shared(world, api, shared):
    hidden = world.drafts[State.DRAFT]
    drafter = world.users["drafter"]
    assert api(drafter).get(f"/api/v1/drafts/{hidden.pk}/").status_code == 200
    assert api(None).get(f"/api/v1/drafts/{hidden.pk}/").status_code == 404
    ids = {d["id"] for d in api(drafter).get("/api/v1/drafts/?page_size=100").json()["results"]}
    assert hidden.pk in ids
    anonymous_ids = {d["id"] for d in api(None).get("/api/v1/drafts/?page_size=100").json()["results"]}
    assert hidden.pk not in anonymous_ids


def test_an_anonymous_search_is_shared_until_the_index_changes(world, api, shared, django_capture_on_commit_callbacks):
    from comments.services import comment_moderate, comment_submit
    from search.indexing import apply_pending_updates, rebuild_index

    rebuild_index()
    path = "/api/v1/search/?q=zabarjadli"
    first, _ = get(api(None), path)
    assert first.json()["count"] == 0
    again, queries = get(api(None), path)
    assert again.status_code == 200 and queries == (1 if shared is None else 0)
    draft = world.drafts[State.PUBLIC_DISCUSSION]
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_submit(user=world.users["citizen"], draft_id=draft.pk, text="Zabarjadli bog‘ kerak.")
        comment_moderate(user=world.users["moderator"], comment_id=comment.pk, decision="publish")
        apply_pending_updates()
    assert api(None).get(path).json()["count"] == 1
    # A logged-in reader is searched for, never served the shared answer.
    assert api(world.users["drafter"]).get(path).json()["count"] == 1


def test_stamps_written_by_the_orm_and_by_a_change_read_back_together(world, api, shared):
    # A restore writes stamps through the ORM; a change moves them with raw SQL. Both must compare.
    Stamp.objects.update_or_create(key="search", defaults={"counter": 7, "changed_at": timezone.now()})
    freshness.draft_changed(world.drafts["public_discussion"].pk)
    text, changed = freshness.stamps(freshness.ALL_DRAFTS, "search")
    assert "search=7@" in text and timezone.is_aware(changed)
    assert api().get("/api/v1/search/", {"q": "soliq"}).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_is_seen_by_the_next_anonymous_read(shared):
    """Real commits, as between two requests: the vote's transaction commits, then an anonymous reader asks."""
    world = build_demo_world()
    draft = world.drafts[State.PUBLIC_DISCUSSION]
    paths = (f"/api/v1/drafts/{draft.pk}/", "/api/v1/drafts/")
    before = {path: APIClient().get(path) for path in paths}
    for path in paths:  # served from the cache now
        assert APIClient().get(path)["ETag"] == before[path]["ETag"]
        assert shown(before[path], draft.pk)["votes"]["for"] == 0
    voter = APIClient()
    voter.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=world.users['citizen'])[0]}")
    assert voter.put(f"/api/v1/drafts/{draft.pk}/vote/", {"vote": "for"}, format="json").status_code == 200
    for path in paths:
        after = APIClient().get(path, HTTP_IF_NONE_MATCH=before[path]["ETag"])
        assert after.status_code == 200 and after["ETag"] != before[path]["ETag"]
        assert shown(after, draft.pk)["votes"]["for"] == 1
    # A change made outside any request's transaction (a service called by a job, say) too.
    draft_vote_cast(user=world.users["drafter"], draft_id=draft.pk, vote="against")
    for path in paths:
        assert shown(APIClient().get(path), draft.pk)["votes"]["against"] == 1


def test_a_change_whose_copy_to_redis_was_lost_is_seen_once_the_copy_expires(world, api, redis_cache):
    """The documented window: a writer that died between its commit and its copy to Redis is seen within
    STAMP_CACHE_SECONDS. Here the test's transaction never commits, so the copy never happens, as if the
    writer's process died at that moment; this connection sees the change as the next reader would."""
    draft = world.drafts[State.PUBLIC_DISCUSSION]
    path = f"/api/v1/drafts/{draft.pk}/"
    with override_settings(STAMP_CACHE_SECONDS=2):
        assert api(None).get(path).json()["votes"]["for"] == 0  # the stamps are copied for 2 seconds
        draft_vote_cast(user=world.users["citizen"], draft_id=draft.pk, vote="for")
        assert api(None).get(path).json()["votes"]["for"] == 0, "within the window: the copy is not moved"
        time.sleep(2.1)
        assert api(None).get(path).json()["votes"]["for"] == 1


def test_a_stamp_read_just_before_a_racing_change_never_replaces_the_newer_copy(
    world, api, redis_cache, monkeypatch, django_capture_on_commit_callbacks
):
    """A reader finds a stamp missing in Redis and reads it from the database; before it copies that value, a
    writer commits and copies a newer one. The reader's older value must not win, or the answer cached under
    it would be served again after the change."""
    draft = world.drafts[State.PUBLIC_DISCUSSION]
    path = f"/api/v1/drafts/{draft.pk}/"
    with override_settings(STAMP_CACHE_SECONDS=1):
        assert api(None).get(path).json()["votes"]["for"] == 0  # cached under the stamps before the vote
        time.sleep(1.1)  # the copies of the stamps expire
    read = freshness._from_database

    def read_then_a_vote_commits(keys):
        values = read(keys)
        monkeypatch.setattr(freshness, "_from_database", read)
        with django_capture_on_commit_callbacks(execute=True):
            draft_vote_cast(user=world.users["citizen"], draft_id=draft.pk, vote="for")
        return values

    monkeypatch.setattr(freshness, "_from_database", read_then_a_vote_commits)
    api(None).get(path)  # began before the vote: either answer is right for it
    assert api(None).get(path).json()["votes"]["for"] == 1


def test_without_a_shared_cache_or_with_no_copy_time_the_stamps_are_read_from_the_database(redis_cache, settings):
    assert freshness.shared_client() is not None
    settings.STAMP_CACHE_SECONDS = 0
    assert freshness.shared_client() is None
    settings.STAMP_CACHE_SECONDS = 5
    settings.REDIS_URL = ""
    assert freshness.shared_client() is None


def test_the_shared_cache_answers_through_one_client_per_pool(redis_cache):
    """kernel.redis_cache: Django's Redis cache, with its client made once instead of once per call."""
    assert cache.add("mark", 1, 30) and not cache.add("mark", 2, 30)  # a scheduling mark is taken once
    cache.set("answer", {"n": 1}, 30)
    assert cache.get("answer") == {"n": 1} and cache.get_many(["answer", "mark"]) == {"answer": {"n": 1}, "mark": 1}
    cache.delete("mark")
    assert cache.add("mark", 3, 30)
    clients = [cache._cache.get_client(write=True) for _ in range(100)]
    assert all(client is clients[0] for client in clients)
