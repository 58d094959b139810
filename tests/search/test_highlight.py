"""Snippets: a fragment of the text around its first match, every match inside it marked, nothing else."""

from search.folding import terms
from search.highlight import highlight


def test_every_match_within_the_fragment_is_marked_and_none_beyond_it():
    text = "Soliq stavkasi belgilansin. " + "Boshqa soʻzlar " * 5 + "soliq toʻlovchilar. " + "Davomi " * 40 + "soliq."
    fragment = highlight(text, set(terms("soliq")), length=120)
    assert fragment.startswith("<mark>Soliq</mark> stavkasi")
    assert fragment.count("<mark>") == 2  # the third is past the fragment's end
    assert "<mark>soliq</mark> toʻlov" in fragment
    assert fragment.endswith("…")


def test_a_late_match_is_shown_with_the_words_before_it_cut_at_a_word():
    text = "Kirish qismi " * 30 + "yer solig'i haqida <b>modda</b>."
    fragment = highlight(text, set(terms("soliq")))
    assert fragment.startswith("…Kirish") or fragment.startswith("…qismi")
    assert "<mark>solig&#x27;i</mark>" in fragment
    assert "&lt;b&gt;modda&lt;/b&gt;" in fragment  # the text is escaped, never passed through as HTML
    assert not fragment.endswith("…")


def test_a_text_without_a_match_gives_no_fragment():
    assert highlight("Yer uchastkalari ajratish tartibi.", set(terms("soliq"))) is None
