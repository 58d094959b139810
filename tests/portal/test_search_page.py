"""The search page shows each hit's status, the backend's facet counts, and a snippet that is not the title (defect 12)."""

import re

import pytest

from drafts.services import draft_create
from kernel.states import State
from search.selectors import lead

pytestmark = pytest.mark.django_db


def _cards(page: str) -> list[str]:
    return re.findall(r'<article class="card search-hit">(.*?)</article>', page, re.S)


def test_each_hit_shows_its_status_in_words(client, world):
    approved = world.drafts["approved"]
    page = client.get("/search/", {"q": "soliq"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    cards = _cards(page)
    assert cards
    for card in cards:
        if 'href="/media-library/' in card:
            continue  # a library material: its kind, not a draft's status
        status = re.search(r'class="badge status-([a-z_]+)">([^<]+)<', card)
        assert status, card
        assert status.group(2) == State(status.group(1)).label
    assert any(approved.title in card and "status-approved" in card for card in cards)


def test_facet_counts_from_the_backend_link_to_a_narrower_search(client, world):
    page = client.get("/search/", {"q": "soliq"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    facets = page[page.index('<section class="facets"') : page.index("</section>")]
    for title in ("Status", "Act type", "Issuing body"):
        assert f"<h3>{title}</h3>" in facets
    counts = re.findall(
        r'href="\?q=soliq&amp;(status|act_type|issuing_body|year)=([^"]+)">[^<]+</a> <span class="badge">(\d+)</span>',
        facets,
    )
    assert counts and all(int(n) > 0 for _, _, n in counts)
    # A facet's count is the number of hits the narrower search finds.
    name, value, n = next(c for c in counts if c[0] == "status")
    narrower = client.get("/search/", {"q": "soliq", name: value}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"{n} result" in narrower


def test_facets_name_act_types_and_bodies_in_the_readers_language(client, world):
    page = client.get("/search/", {"q": "soliq"}, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    facets = page[page.index('<section class="facets"') : page.index("</section>")]
    assert "Хокимият Самаркандской области" in facets
    assert "Samarqand viloyati hokimligi" not in facets


def test_the_snippet_is_the_matching_text_not_the_title_again(client, world):
    page = client.get("/search/", {"q": "soliq"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for card in _cards(page):
        title = re.search(r"<h2><a [^>]*>(.*?)</a></h2>", card).group(1)
        after_title = card.split("</h2>", 1)[1]
        snippets = re.findall(r"<p>(.*?)</p>", after_title, re.S) + re.findall(
            r'<p class="lead">(.*?)</p>', after_title, re.S
        )
        assert snippets, card
        assert all(re.sub(r"</?mark>", "", s).strip() != title for s in snippets)


def test_a_hit_found_by_its_title_only_shows_the_first_words_of_its_text(
    client, world, django_capture_on_commit_callbacks
):
    drafter = world.users["drafter"]
    body = "1. Shahar bogʻlarida oʻrindiqlar soni koʻpaytirilsin.\n2. Ushbu qaror eʼlon qilingan kundan kuchga kiradi."
    with django_capture_on_commit_callbacks(execute=True):
        draft = draft_create(
            user=drafter,
            title="Zumradbogʻ xiyobonini obodonlashtirish toʻgʻrisida",
            act_type=world.act_types["qaror"],
            issuing_body=world.issuing_body,
            body=body,
            language="uz-latn",
            explanatory_note="",
        )
    client.force_login(drafter)
    page = client.get("/search/", {"q": "Zumradbogʻ"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    card = next(c for c in _cards(page) if f"/drafts/{draft.pk}/" in c)
    assert '<p class="lead">1. Shahar bogʻlarida oʻrindiqlar soni koʻpaytirilsin.' in card
    assert "<mark>" not in card.split("</h2>", 1)[1]


def test_lead_cuts_long_texts_at_a_word():
    assert lead("bir ikki uch", words=2) == "bir ikki…"
    assert lead("bir ikki", words=2) == "bir ikki"


@pytest.mark.parametrize("words", ["Самаркандской", "Samarkand Regional", "Самарқанд вилояти"])
def test_the_issuing_bodys_name_in_any_language_finds_its_drafts(client, world, words):
    page = client.get("/search/", {"q": words}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _cards(page), words
