"""Snippets with the matched words marked, cut from the original text, for every backend alike."""

import html
import re
from functools import lru_cache

from search.folding import APOSTROPHES, terms

WORD = re.compile(r"[^\W_]+(?:[" + APOSTROPHES + r"][^\W_]+)*")
SNIPPET = 180


def highlight(text: str, query_terms: set[str], length: int = SNIPPET) -> str | None:
    """An HTML-safe fragment of `text` around its first matching word, matches in <mark>; None if none."""
    found = WORD.finditer(text)
    first = next((m for m in found if _matches(m.group(), query_terms)), None)
    if first is None:
        return None
    start = max(0, first.start() - length // 3)
    end = min(len(text), start + length)
    if start > 0:
        start = text.rfind(" ", 0, start) + 1
    # The text is read no further than the fragment's end.
    spans = [first.span()] if first.end() <= end else []
    for m in found:
        if m.end() > end:
            break
        if _matches(m.group(), query_terms):
            spans.append(m.span())
    pieces, cursor = [], start
    for s, e in spans:
        pieces += [html.escape(text[cursor:s]), f"<mark>{html.escape(text[s:e])}</mark>"]
        cursor = e
    pieces.append(html.escape(text[cursor:end]))
    return ("…" if start > 0 else "") + "".join(pieces).strip() + ("…" if end < len(text) else "")


def matching_words(text: str, query_terms: set[str]) -> set[str]:
    """The distinct words of `text` that meet a query word, as written (cheaper than cutting a snippet)."""
    by_term = _kept_words_by_term(text) if len(text) <= KEPT_TEXT_LENGTH else _words_by_term(text)
    found = set()
    for term in query_terms:
        found.update(by_term.get(term, ()))
    return found


def _words_by_term(text: str) -> dict[str, tuple[str, ...]]:
    """Each folded term of a text, with the distinct words that give it, as written."""
    by_term: dict[str, list[str]] = {}
    for word in set(WORD.findall(text)):
        for term in _terms(word):
            by_term.setdefault(term, []).append(word)
    return {term: tuple(written) for term, written in by_term.items()}


# The words of the texts found most often are kept (per process, keyed by the text itself, so that an edited
# text is read again): a page of 20 results read each text's words anew, ~0.1 ms a draft. Texts up to
# KEPT_TEXT_LENGTH, at most ~0.2 MB each: a longer one is read each time, to bound memory.
KEPT_TEXTS = 128
KEPT_TEXT_LENGTH = 20_000
_kept_words_by_term = lru_cache(maxsize=KEPT_TEXTS)(_words_by_term)


def _matches(word: str, query_terms: set[str]) -> bool:
    """The word meets a query word, as the engines match: a shared folded term."""
    return not query_terms.isdisjoint(_terms(word))


@lru_cache(maxsize=50_000)
def _terms(word: str) -> tuple[str, ...]:
    # A page of hits reads thousands of words, most of them many times: each is folded once per process.
    return tuple(terms(word))
