"""Uzbek apostrophe handling.

The letters oʻ/gʻ and the tutuq belgisi (ʼ) are typed in many ways; everything
that compares text must see one form, so matching runs on normalised text.
"""

import re

OKINA = "\u02bb"  # ʻ as in oʻ, gʻ
TUTUQ = "\u02bc"  # ʼ as in taʼlim, maʼlumot

APOSTROPHE_VARIANTS = (
    "'"  # U+0027 typewriter apostrophe
    "\u2018"  # ‘ left single quotation mark (common in official texts)
    "\u2019"  # ’ right single quotation mark (word processors' autocorrect)
    "`"  # U+0060 grave accent (next to 1 on the keyboard)
    "\u02bb"  # ʻ
    "\u02bc"  # ʼ
    "\u00b4"  # ´ acute accent
    "\u02b9"  # ʹ modifier prime
)

# Only an apostrophe between two letters is part of a word; anything else is a quote.
_IN_WORD = re.compile(rf"(?<=[^\W\d_])[{re.escape(APOSTROPHE_VARIANTS)}](?=[^\W\d_])")


def _replace(match: re.Match[str]) -> str:
    return OKINA if match.string[match.start() - 1] in "oOgG" else TUTUQ


def normalize_apostrophes(text: str) -> str:
    """Return text with in-word apostrophes as ʻ after Latin o/g and ʼ elsewhere."""
    return _IN_WORD.sub(_replace, text)
