"""Snippets with the matched words marked, cut from the original text, for every backend alike."""

import html
import re
from functools import lru_cache

from search.folding import APOSTROPHES, terms

WORD = re.compile(r"[^\W_]+(?:[" + APOSTROPHES + r"][^\W_]+)*")
SNIPPET = 180


def highlight(text: str, query_terms: set[str], length: int = SNIPPET) -> str | None:
    """An HTML-safe fragment of `text` around its first matching word, matches in <mark>; None if none."""
    spans = [m.span() for m in WORD.finditer(text) if _matches(m.group(), query_terms)]
    if not spans:
        return None
    start = max(0, spans[0][0] - length // 3)
    end = min(len(text), start + length)
    if start > 0:
        start = text.rfind(" ", 0, start) + 1
    pieces, cursor = [], start
    for s, e in spans:
        if s < start or e > end:
            continue
        pieces += [html.escape(text[cursor:s]), f"<mark>{html.escape(text[s:e])}</mark>"]
        cursor = e
    pieces.append(html.escape(text[cursor:end]))
    return ("…" if start > 0 else "") + "".join(pieces).strip() + ("…" if end < len(text) else "")


def matching_words(text: str, query_terms: set[str]) -> set[str]:
    """The distinct words of `text` that meet a query word, as written (cheaper than cutting a snippet)."""
    written = set(WORD.findall(text))
    if query_terms.isdisjoint(set().union(*map(_terms, written))):
        return set()  # the usual answer, found without a step per word
    return {word for word in written if _matches(word, query_terms)}


def _matches(word: str, query_terms: set[str]) -> bool:
    """The word meets a query word, as the engines match: a shared folded term."""
    return not query_terms.isdisjoint(_terms(word))


@lru_cache(maxsize=50_000)
def _terms(word: str) -> tuple[str, ...]:
    # A page of hits reads thousands of words, most of them many times: each is folded once per process.
    return tuple(terms(word))
