"""One contract for every search backend: the database backend always, Elasticsearch when ELASTICSEARCH_URL is set.

The database backend runs on whichever database the suite runs on (SQLite FTS5, then PostgreSQL
full-text search in CI's second pass).
"""

import os

import pytest

from search.indexing import apply_pending_updates, rebuild_index
from tests.search.corpus import make_corpus

pytestmark = pytest.mark.django_db

BACKENDS = [
    pytest.param("database", id="database"),
    pytest.param(
        "elasticsearch",
        id="elasticsearch",
        marks=pytest.mark.skipif(
            not os.environ.get("ELASTICSEARCH_URL"),
            reason="ELASTICSEARCH_URL is not set: the contract suite did NOT run against Elasticsearch",
        ),
    ),
]


@pytest.fixture(params=BACKENDS)
def engine(request, world, settings):
    settings.SEARCH_BACKEND = request.param
    settings.ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
    settings.ELASTICSEARCH_INDEX = "test-legaldrafts"
    corpus = make_corpus(world)
    rebuild_index()
    return corpus


def search(api, user=None, **params):
    response = api(user).get("/api/v1/search/", params)
    assert response.status_code == 200, response.content
    return response.json()


def found(body) -> set[tuple[str, int]]:
    return {(r["type"], r["draft"]) for r in body["results"]}


def drafts_found(body) -> set[int]:
    return {r["draft"] for r in body["results"] if r["type"] == "draft"}


def test_latin_and_cyrillic_find_each_other(engine, api):
    latin = drafts_found(search(api, q="yer soliqi"))
    cyrillic = drafts_found(search(api, q="ер солиғи"))
    assert engine["tax_latn"].pk in latin and engine["tax_cyrl"].pk in latin
    assert latin == cyrillic


@pytest.mark.parametrize(
    "query", ["oʻzgartirish", "o'zgartirish", "o‘zgartirish", "o’zgartirish", "ўзгартириш", "O`ZGARTIRISH"]
)
def test_apostrophe_variants_and_scripts_are_one_word(engine, api, query):
    assert engine["tax_cyrl"].pk in drafts_found(search(api, q=query))


def test_word_forms(engine, api):
    assert engine["tax_ru"].pk in drafts_found(search(api, q="налог"))
    assert engine["tax_ru"].pk in drafts_found(search(api, q="налоговые"))
    assert engine["tax_latn"].pk in drafts_found(search(api, q="soliqlarni"))


def test_title_matches_rank_above_body_matches(engine, api, world):
    results = search(api, user=world.users["drafter"], q="soliq", page_size=50)["results"]
    order = [r["draft"] for r in results if r["type"] == "draft"]
    # "Mahalliy soliqlar stavkalari" has it in its title; the road programme only in its third point.
    assert order.index(engine["tax_latn"].pk) < order.index(engine["roads_latn"].pk)


def test_highlights_point_to_the_article(engine, api):
    body = search(api, q="ер солиғидан")
    hit = next(r for r in body["results"] if r["draft"] == engine["tax_cyrl"].pk and r["type"] == "draft")
    article = next(h for h in hit["highlights"] if h["field"] == "article")
    assert (article["article"], article["label"]) == ("art-1", "1-модда")
    assert "<mark>солиғидан</mark>" in article["fragment"]


def test_filters_and_facets(engine, api):
    body = search(api, q="soliq")
    assert set(body["facets"]["status"]) <= {"approved", "finalization", "public_discussion", "approval", "rejected"}
    approved = search(api, q="soliq", status="approved")
    assert all(r["status"] == "approved" for r in approved["results"])
    assert engine["tax_cyrl"].pk in drafts_found(approved)
    by_year = search(api, q="soliq", year=2025)
    assert drafts_found(by_year) == {engine["tax_cyrl"].pk}
    assert by_year["facets"]["year"] == {"2025": 1}
    other_type = search(api, q="soliq", act_type=world_act_type_other(engine))
    assert other_type["count"] == 0


def world_act_type_other(engine) -> int:
    from drafts.models import ActType

    return ActType.objects.exclude(pk=engine["tax_latn"].act_type_id).first().pk


def test_facet_counts_match_results(engine, api):
    body = search(api, q="soliq", page_size=50)
    drafts = [r for r in body["results"] if r["type"] == "draft"]
    assert sum(body["facets"]["status"].values()) == len(drafts)
    for status, count in body["facets"]["status"].items():
        assert count == sum(1 for r in drafts if r["status"] == status)


def test_pagination(engine, api, world):
    everything = search(api, user=world.users["approver"], q="soliq", page_size=50)
    first = search(api, user=world.users["approver"], q="soliq", page_size=2, page=1)
    second = search(api, user=world.users["approver"], q="soliq", page_size=2, page=2)
    assert first["count"] == second["count"] == everything["count"] >= 4
    ids = lambda body: [(r["type"], r["id"]) for r in body["results"]]  # noqa: E731
    assert ids(first) + ids(second) == ids(everything)[:4]


@pytest.mark.parametrize(
    "username,sees_internal",
    [
        (None, False),
        ("citizen", False),
        ("drafter2", False),
        ("expert2", False),
        ("moderator", False),
        ("drafter", True),
        ("approver", True),
        ("admin", True),
    ],
)
def test_only_what_the_user_may_open(engine, api, world, username, sees_internal):
    user = world.users[username] if username else None
    body = search(api, user=user, q="yo‘llarni ta’mirlash")
    assert (engine["roads_latn"].pk in drafts_found(body)) == sees_internal
    assert (body["count"] > 0) == sees_internal
    assert sum(body["facets"].get("status", {}).values()) == (1 if sees_internal else 0)


def test_experts_find_drafts_under_their_review(engine, api, world):
    from workflow.services import draft_transition

    draft_transition(user=world.users["drafter"], draft_id=engine["roads_latn"].pk, name="submit_for_review")
    apply_pending_updates()
    assert engine["roads_latn"].pk in drafts_found(search(api, user=world.users["expert"], q="ta’mirlash"))
    assert engine["roads_latn"].pk not in drafts_found(search(api, user=world.users["expert2"], q="ta’mirlash"))


def test_unpublished_comments_and_expert_remarks_are_never_found(engine, api, world):
    assert found(search(api, q="olmos")) == {("comment", engine["tax_latn"].pk)}
    for user in (None, world.users["citizen"], world.users["moderator"], world.users["approver"], world.users["admin"]):
        assert search(api, user=user, q="yoqut")["count"] == 0  # pending
        assert search(api, user=user, q="zumrad")["count"] == 0  # expert remark


def test_update_and_deletion_reach_the_index(engine, api, world):
    drafter = world.users["drafter"]
    roads = engine["roads_latn"]
    assert roads.pk in drafts_found(search(api, user=drafter, q="moliyalashtirish"))
    api(drafter).patch(f"/api/v1/drafts/{roads.pk}/", {"body": "1. Ko‘priklarni qurish rejasi."}, format="json")
    apply_pending_updates()
    assert roads.pk in drafts_found(search(api, user=drafter, q="ko‘priklar"))
    assert roads.pk not in drafts_found(search(api, user=drafter, q="moliyalashtirish"))

    from drafts.models import Draft
    from search.indexing import mark_draft_changed

    Draft.objects.filter(pk=roads.pk).delete()  # an administrator's removal in the database
    mark_draft_changed(roads.pk)
    apply_pending_updates()
    assert search(api, user=world.users["approver"], q="ko‘priklar")["count"] == 0


def test_published_materials_are_found_and_leave_with_unpublishing(engine, api, world):
    photo = world.materials["waste_photo"]  # "…to‘rtta idish o‘rnatildi."
    editor = api(world.users["media_editor"])

    def materials_found(**params) -> set[int]:
        return {r["id"] for r in search(api, **params)["results"] if r["type"] == "material"}

    hit = next(r for r in search(api, q="idishlar")["results"] if r["type"] == "material")
    assert (hit["id"], hit["url"], hit["draft"], hit["material_kind"]) == (
        photo.pk,
        f"/media-library/{photo.pk}/",
        None,
        "photo",
    )
    assert photo.pk not in materials_found(q="idish", status="public_discussion")  # a draft filter
    editor.post(f"/api/v1/media/{photo.pk}/unpublish/")
    apply_pending_updates()
    assert photo.pk not in materials_found(q="idish") | materials_found(user=world.users["admin"], q="idish")
    editor.post(f"/api/v1/media/{photo.pk}/publish/")
    editor.patch(f"/api/v1/media/{photo.pk}/", {"description": "Yangi ko‘kalamzorlashtirish"}, format="json")
    apply_pending_updates()
    assert photo.pk in materials_found(q="кўкаламзорлаштириш") and photo.pk not in materials_found(q="idish")
    editor.delete(f"/api/v1/media/{photo.pk}/")
    apply_pending_updates()
    assert photo.pk not in materials_found(q="ko‘kalamzorlashtirish")


def test_the_index_holds_exactly_the_database(engine):
    from drafts.models import Draft
    from library.models import Material
    from search.backends import get_backend
    from search.documents import documents_for, material_documents_for

    expected, _ = documents_for(Draft.objects.values_list("pk", flat=True))
    materials, _ = material_documents_for(Material.objects.values_list("pk", flat=True))
    assert any(doc.kind == "material" for doc in materials)
    assert get_backend().indexed_keys() == {doc.key for doc in expected + materials}
