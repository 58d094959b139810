"""Folding as a reader meets it, on the database this suite runs on (SQLite FTS5, or PostgreSQL in CI's
second pass): inflected and differently spelt words are found, and the exact spelling ranks first.
"""

import pytest

from drafts.services import draft_create
from search.indexing import rebuild_index

pytestmark = pytest.mark.django_db

TEXTS = {
    "republic": ("Prezident farmoni", "1. Oʻzbekiston Respublikasining Prezidenti huzuridagi kengash tuzilsin."),
    "principle": ("Об основных принципах", "Статья 1. Принцип открытости государственных органов."),
    "measures": ("Davlat xaridlari", "Государственных закупок: о мерах по их прозрачности."),
    "word_okina": ("Birinchi matn", "Qonun loyihasida soʻz erkinligi kafolatlanadi."),
    "word_plain": ("Ikkinchi matn", "Yigʻilishda soz asbobi chalindi."),
    "school": ("Uchinchi matn", "Tuman maktab binosi taʼmirlanadi."),
    "preschool": ("Toʻrtinchi matn", "Tuman maktabgacha taʼlim tashkiloti quriladi."),
    "filler_1": ("Yer uchastkalari", "Yer uchastkalarini ajratish tartibi."),
    "filler_2": ("Soliq imtiyozlari", "Fermerlar uchun soliq imtiyozlari."),
    "filler_3": ("Yoʻl qurilishi", "Tuman yoʻllarini qurish dasturi."),
}


@pytest.fixture
def drafts(world):
    made = {
        key: draft_create(
            user=world.users["drafter"],
            title=title,
            act_type=world.act_types["qaror"],
            issuing_body=world.issuing_body,
            body=body,
        )
        for key, (title, body) in TEXTS.items()
    }
    rebuild_index()
    return made


def ranked(api, world, query: str) -> list[int]:
    response = api(world.users["drafter"]).get("/api/v1/search/", {"q": query, "page_size": 50})
    assert response.status_code == 200, response.content
    return [r["draft"] for r in response.json()["results"] if r["type"] == "draft"]


@pytest.mark.parametrize(
    "query,key",
    [
        ("Respublika", "republic"),
        ("respublikasi", "republic"),
        ("Республика", "republic"),
        ("prinsip", "principle"),
        ("принцип", "principle"),
        ("принципы", "principle"),
        ("мера", "measures"),
        ("государственный", "measures"),
    ],
)
def test_inflected_and_transliterated_words_are_found(drafts, api, world, query, key):
    assert drafts[key].pk in ranked(api, world, query)


def test_the_exact_spelling_ranks_first_and_the_other_is_still_found(drafts, api, world):
    okina, plain = drafts["word_okina"].pk, drafts["word_plain"].pk
    with_okina = ranked(api, world, "soʻz")
    assert with_okina.index(okina) < with_okina.index(plain)
    without = ranked(api, world, "soz")
    assert without.index(plain) < without.index(okina)


def test_a_word_ranks_above_its_longer_form(drafts, api, world):
    found = ranked(api, world, "maktab")
    assert found.index(drafts["school"].pk) < found.index(drafts["preschool"].pk)
    assert drafts["preschool"].pk in ranked(api, world, "maktabgacha")


def test_the_snippet_marks_the_inflected_form(drafts, api, world):
    response = api(world.users["drafter"]).get("/api/v1/search/", {"q": "respublika prezident"})
    hit = next(r for r in response.json()["results"] if r["draft"] == drafts["republic"].pk)
    fragments = " ".join(h["fragment"] for h in hit["highlights"])
    assert "<mark>Respublikasining</mark>" in fragments and "<mark>Prezidenti</mark>" in fragments
