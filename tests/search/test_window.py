"""The database backend's window (issue 13): the newest matches the reader may open are counted, give the
facets, and are ranked and paged, in a fixed number of queries; on the database this suite runs on."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from drafts.services import draft_create
from kernel.states import State
from search.backends import database
from search.backends.database import _exact_needed
from search.folding import uzbek_stem, words
from search.indexing import apply_pending_updates
from tests.search import folding_groups
from tests.search.test_comment_documents import publish_many

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_backend(settings):
    settings.SEARCH_BACKEND = "database"


def search(api, user, **params) -> dict:
    # Logged in: a reader's own search is computed each time, never shared through the cache.
    response = api(user).get("/api/v1/search/", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_beyond_the_cap_the_newest_matches_are_counted_and_ranked_newest_first(world, api, settings):
    discussion = world.drafts[State.PUBLIC_DISCUSSION]
    publish_many(discussion, 8)  # alike comments: "Muhokama izohi {i}: suv quvurlari."
    newest = list(Comment.objects.filter(draft=discussion, text__contains="quvurlari").order_by("-pk")[:3])
    settings.SEARCH_COUNT_CAP = 3
    body = search(api, world.users["citizen"], q="quvurlari", page_size=10)
    assert (body["count"], body["count_exact"]) == (3, False)
    # Alike in where the word stands, they come newest first.
    assert [r["id"] for r in body["results"]] == [c.pk for c in newest]


def melon_drafts(world, count: int) -> list:
    """`count` drafts of the drafter's about melons, indexed one after the other: the last is the newest entry."""
    made = []
    for n in range(count):
        made.append(
            draft_create(
                user=world.users["drafter"],
                title=f"Qovun yetishtirish {n}",
                act_type=world.act_types["qaror"],
                issuing_body=world.issuing_body,
                body="1. Qovun ekish tartibi belgilansin.",
            )
        )
        apply_pending_updates()
    return made


def test_facets_count_the_drafts_of_the_window(world, api, settings):
    drafter = world.users["drafter"]
    made = melon_drafts(world, 4)
    settings.SEARCH_COUNT_CAP = 2
    body = search(api, drafter, q="qovun", page_size=10)
    assert (body["count"], body["count_exact"]) == (2, False)
    assert {r["draft"] for r in body["results"]} == {made[3].pk, made[2].pk}
    assert body["facets"]["status"] == {State.DRAFT: 2}
    assert sum(body["facets"]["year"].values()) == 2
    settings.SEARCH_COUNT_CAP = 1000
    everything = search(api, drafter, q="qovun", page_size=10)
    assert (everything["count"], everything["count_exact"]) == (4, True)
    assert everything["facets"]["status"] == {State.DRAFT: 4}
    # Nobody else may open them, and nobody else counts them.
    assert search(api, world.users["citizen"], q="qovun")["count"] == 0


def test_a_page_past_the_last_result_still_says_how_many_there_are_and_their_facets(world, api, settings):
    drafter = world.users["drafter"]
    made = melon_drafts(world, 3)
    first = search(api, drafter, q="qovun", page_size=2)
    past = search(api, drafter, q="qovun", page_size=2, page=3)
    assert (first["count"], len(first["results"])) == (3, 2)
    assert (past["count"], past["results"]) == (3, [])
    assert past["facets"] == first["facets"]
    assert past["facets"]["status"] == {State.DRAFT: 3}
    assert past["facets"]["issuing_body"] == {str(world.issuing_body.pk): 3}
    # The second page holds the one the first did not, and the window beyond the cap is paged the same way.
    second = search(api, drafter, q="qovun", page_size=2, page=2)
    assert {r["draft"] for r in first["results"] + second["results"]} == {d.pk for d in made}
    settings.SEARCH_COUNT_CAP = 2
    capped = search(api, drafter, q="qovun", page_size=1, page=2)
    assert (capped["count"], capped["count_exact"], len(capped["results"])) == (2, False, 1)
    assert capped["facets"]["status"] == {State.DRAFT: 2}


def test_a_search_costs_the_same_queries_however_many_documents_match(world, api):
    discussion = world.drafts[State.PUBLIC_DISCUSSION]
    publish_many(discussion, 3)
    search(api, world.users["citizen"], q="soliq")  # the reader's roles are read once, on their first request
    search(api, world.users["citizen"], q="quvurlari")  # and the planner's estimate of a query once a minute
    with CaptureQueriesContext(connection) as few:
        assert search(api, world.users["citizen"], q="quvurlari")["count"] == 3
    publish_many(discussion, 40)
    with CaptureQueriesContext(connection) as many:
        assert search(api, world.users["citizen"], q="quvurlari")["count"] >= 40
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]


def test_an_edited_text_is_cut_into_snippets_as_it_now_reads(world, api):
    drafter = world.users["drafter"]
    draft = world.drafts["draft"]
    before = (
        "1-modda. Umumiy qoidalar\nQaror ijrosi ta'minlansin.\n\n2-modda. Bog'dorchilik\nOlma ko'chatlari ekilsin.\n"
    )
    after = (
        "1-modda. Bog'dorchilik\nOlma ko'chatlari ekilsin.\n\n2-modda. Umumiy qoidalar\nQaror ijrosi ta'minlansin.\n"
    )

    def articles() -> list[str]:
        body = search(api, drafter, q="ko‘chatlari")
        hit = next(r for r in body["results"] if r["type"] == "draft" and r["draft"] == draft.pk)
        return [h["article"] for h in hit["highlights"] if h["field"] == "article"]

    for text, article in ((before, "art-2"), (after, "art-1"), (before, "art-2")):
        response = api(drafter).patch(f"/api/v1/drafts/{draft.pk}/", {"body": text}, format="json")
        assert response.status_code == 200, response.content
        apply_pending_updates()
        assert articles() == [article]


def test_a_match_in_a_sub_point_is_shown_once_under_the_sub_point(world, api):
    """A point's text holds its sub-points': the match was shown twice, under "2" and under "2, a)"."""
    drafter, draft = world.users["drafter"], world.drafts["draft"]
    body = (
        "1. Umumiy qoidalar belgilansin.\n2. Quyidagilar belgilansin:\n"
        "a) chiqindi konteynerlari har kuni bo‘shatilsin;\nb) hovlilar haftada bir yuvilsin.\n3. Yakuniy qoida.\n"
    )
    assert api(drafter).patch(f"/api/v1/drafts/{draft.pk}/", {"body": body}, format="json").status_code == 200
    apply_pending_updates()

    def marks(query: str) -> list[str]:
        found = search(api, drafter, q=query)
        hit = next(r for r in found["results"] if r["type"] == "draft" and r["draft"] == draft.pk)
        return [h["article"] for h in hit["highlights"] if h["field"] == "article"]

    assert marks("konteynerlari") == ["p-2.a"]
    assert marks("belgilansin") == ["p-1", "p-2"]  # the point's own lead-in is still its own


def test_a_word_is_matched_by_its_terms_alone_where_they_find_its_exact_form_too():
    # The match asks for a word's exact form only where its folded terms could miss a text holding it:
    # every form of the folding corpus, in each script, is written with the Uzbek term its exact form gives.
    forms = [
        form
        for groups in (folding_groups.UZBEK_LATIN, folding_groups.UZBEK_CYRILLIC, folding_groups.RUSSIAN)
        for group in groups.values()
        for form in group
    ] + [form for pair in folding_groups.APART for form in pair]
    for form in forms:
        for word in words(form):
            # A text holding this word holds the Uzbek term of its exact form; a query word whose first term is
            # that same term finds the text without naming the exact form.
            assert uzbek_stem(word.exact) in word.terms, form
            assert not _exact_needed(word), form


def test_a_text_written_in_the_other_script_is_found_by_the_exact_form_of_the_query(world, api):
    drafter = world.users["drafter"]
    made = draft_create(
        user=drafter,
        title="Сўз эркинлиги",  # Cyrillic: the exact form of the Latin "soʻz"
        act_type=world.act_types["qaror"],
        issuing_body=world.issuing_body,
        body="1. Сўз эркинлиги кафолатланади.",
    )
    apply_pending_updates()
    found = search(api, drafter, q="soʻz")
    assert made.pk in {r["draft"] for r in found["results"] if r["type"] == "draft"}


@pytest.mark.parametrize("query", ["quvurlari", "suv quvurlari", "qaror"])
def test_a_common_word_walked_newest_first_finds_what_a_sorted_rare_one_would(world, api, settings, monkeypatch, query):
    # PostgreSQL reads a window two ways, by the planner's estimate of the matches: sorted after the index found
    # them all, or walking the newest entries. A test database is small, so each way is asked for in turn.
    if connection.vendor != "postgresql":
        pytest.skip("SQLite reads its window one way (FTS5 in rowid order)")
    publish_many(world.drafts[State.PUBLIC_DISCUSSION], 6)
    settings.SEARCH_COUNT_CAP = 4
    for user, filters in (("citizen", {}), ("drafter", {}), ("citizen", {"status": State.PUBLIC_DISCUSSION})):
        monkeypatch.setattr(database, "DENSE_MATCHES", 10**9)
        sorted_once = search(api, world.users[user], q=query, page_size=10, **filters)
        monkeypatch.setattr(database, "DENSE_MATCHES", 0)
        walked = search(api, world.users[user], q=query, page_size=10, **filters)
        assert walked == sorted_once
        assert walked["count"] > 0


@pytest.mark.parametrize("dense_matches", [10**9, 0], ids=["sorted", "walked"])
def test_a_long_code_is_ranked_by_where_the_word_stands_as_a_short_draft_is(world, api, monkeypatch, dense_matches):
    # A code's vector is far larger than a row's page allows, so PostgreSQL stores it apart from the row; each
    # part of the rank reads it from there (both ways of reading the window, on PostgreSQL).
    if connection.vendor != "postgresql" and not dense_matches:
        pytest.skip("SQLite reads its window one way (FTS5 in rowid order)")
    monkeypatch.setattr(database, "DENSE_MATCHES", dense_matches)
    drafter = world.users["drafter"]
    articles = "\n".join(f"{n}. Bog'dorchilik xo'jaligi {n}-band{n}ta tartibda yuritiladi." for n in range(1, 1500))

    def made(title: str, body: str):
        draft = draft_create(
            user=drafter, title=title, act_type=world.act_types["qaror"], issuing_body=world.issuing_body, body=body
        )
        apply_pending_updates()
        return draft

    code_titled = made("Tarvuz yetishtirish kodeksi", articles)
    short_titled = made("Tarvuz savdosi", "1. Savdo tartibi belgilansin.")
    code_in_body = made("Bog'dorchilik kodeksi", articles + "\n1500. Tarvuz ekish tartibi belgilansin.")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_column_size(search_vector) FROM search_searchentry WHERE draft_id = %s AND kind = 'draft'",
                [code_titled.pk],
            )
            assert cursor.fetchone()[0] > 8192  # larger than a page: stored apart
    found = [(r["id"], r["score"]) for r in search(api, drafter, q="tarvuz")["results"] if r["type"] == "draft"]
    # In the title outranks in the body, however long the text: the two titled ones first, in either order (the
    # engine's score alone tells them apart), then the code holding the word in one article.
    assert {pk for pk, _score in found[:2]} == {code_titled.pk, short_titled.pk}
    assert [pk for pk, _score in found[2:]] == [code_in_body.pk]
    assert found[1][1] > found[2][1] + 2
