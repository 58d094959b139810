"""Anonymous draft lists and drafts: shared through the cache, revalidated by ETag, never personalised (issue 13)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.votes import draft_vote_cast
from kernel import freshness
from kernel.models import Stamp
from kernel.states import State

pytestmark = pytest.mark.django_db


def get(client, path, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
    return response, len(captured)


@pytest.mark.parametrize("path", ["/api/v1/drafts/", "/api/v1/drafts/?status=approved", "DETAIL"])
def test_an_anonymous_answer_is_built_once_then_served_from_one_read(world, api, path):
    path = f"/api/v1/drafts/{world.drafts[State.APPROVED].pk}/" if path == "DETAIL" else path
    first, _ = get(api(None), path)
    again, queries = get(api(None), path)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert queries == 1, "only the stamp is read"
    assert again["ETag"] == first["ETag"]
    assert "no-cache" in again["Cache-Control"] and "Accept-Language" in again["Vary"]


def test_a_current_copy_is_answered_304_and_a_change_makes_it_stale(world, api, django_capture_on_commit_callbacks):
    draft = world.drafts[State.PUBLIC_DISCUSSION]
    for path in (f"/api/v1/drafts/{draft.pk}/", "/api/v1/drafts/"):
        first, _ = get(api(None), path)
        unchanged, queries = get(api(None), path, HTTP_IF_NONE_MATCH=first["ETag"])
        assert unchanged.status_code == 304 and queries == 1
        assert unchanged["ETag"] == first["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        draft_vote_cast(user=world.users["citizen"], draft_id=draft.pk, vote="for")
    for path in (f"/api/v1/drafts/{draft.pk}/", "/api/v1/drafts/"):
        changed, _ = get(api(None), path, HTTP_IF_NONE_MATCH=first["ETag"])
        assert changed.status_code == 200
        body = changed.json()
        shown = body if "id" in body else next(d for d in body["results"] if d["id"] == draft.pk)
        assert shown["votes"]["for"] == 1


def test_the_language_of_the_answer_is_part_of_its_key(world, api):
    path = f"/api/v1/drafts/{world.drafts[State.APPROVED].pk}/"
    uzbek = api(None).get(path, HTTP_ACCEPT_LANGUAGE="uz")
    russian = api(None).get(path, HTTP_ACCEPT_LANGUAGE="ru")
    assert uzbek["ETag"] != russian["ETag"]
    assert uzbek.json()["act_type_name"] != russian.json()["act_type_name"]


@pytest.mark.parametrize("path", ["/api/v1/drafts/", "DETAIL"])
def test_a_logged_in_readers_own_vote_never_reaches_the_shared_cache(world, api, path):
    draft = world.drafts[State.PUBLIC_DISCUSSION]
    path = f"/api/v1/drafts/{draft.pk}/" if path == "DETAIL" else path
    citizen = world.users["citizen"]
    draft_vote_cast(user=citizen, draft_id=draft.pk, vote="against")

    def shown(response):
        body = response.json()
        return body if "id" in body else next(d for d in body["results"] if d["id"] == draft.pk)

    anonymous_first = api(None).get(path)  # cached now
    own = api(citizen).get(path)
    assert shown(own)["my_vote"] == "against"
    assert "private" in own["Cache-Control"] and "ETag" not in own
    anonymous = api(None).get(path)
    assert shown(anonymous)["my_vote"] is None
    assert anonymous.json() == anonymous_first.json()
    # A token request is never served the anonymous answer either.
    from accounts.services import api_token_issue

    token = api_token_issue(user=citizen)[0]
    by_token = api(None).get(path, HTTP_AUTHORIZATION=f"Token {token}")
    assert shown(by_token)["my_vote"] == "against"


def test_drafts_only_staff_may_see_are_never_shared(world, api):
    hidden = world.drafts[State.DRAFT]
    drafter = world.users["drafter"]
    assert api(drafter).get(f"/api/v1/drafts/{hidden.pk}/").status_code == 200
    assert api(None).get(f"/api/v1/drafts/{hidden.pk}/").status_code == 404
    ids = {d["id"] for d in api(drafter).get("/api/v1/drafts/?page_size=100").json()["results"]}
    assert hidden.pk in ids
    anonymous_ids = {d["id"] for d in api(None).get("/api/v1/drafts/?page_size=100").json()["results"]}
    assert hidden.pk not in anonymous_ids


def test_an_anonymous_search_is_shared_until_the_index_changes(world, api):
    from comments.services import comment_moderate, comment_submit
    from search.indexing import apply_pending_updates, rebuild_index

    rebuild_index()
    path = "/api/v1/search/?q=zabarjadli"
    first, _ = get(api(None), path)
    assert first.json()["count"] == 0
    again, queries = get(api(None), path)
    assert again.status_code == 200 and queries == 1
    draft = world.drafts[State.PUBLIC_DISCUSSION]
    comment = comment_submit(user=world.users["citizen"], draft_id=draft.pk, text="Zabarjadli bog‘ kerak.")
    comment_moderate(user=world.users["moderator"], comment_id=comment.pk, decision="publish")
    apply_pending_updates()
    assert api(None).get(path).json()["count"] == 1
    # A logged-in reader is searched for, never served the shared answer.
    assert api(world.users["drafter"]).get(path).json()["count"] == 1


def test_stamps_written_by_the_orm_and_by_a_change_read_back_together(world, api):
    # A restore writes stamps through the ORM; a change moves them with raw SQL. Both must compare.
    Stamp.objects.update_or_create(key="search", defaults={"counter": 7, "changed_at": timezone.now()})
    freshness.draft_changed(world.drafts["public_discussion"].pk)
    text, changed = freshness.stamps(freshness.ALL_DRAFTS, "search")
    assert "search=7" in text and timezone.is_aware(changed)
    assert api().get("/api/v1/search/", {"q": "soliq"}).status_code == 200
