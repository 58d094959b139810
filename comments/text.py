"""How comment texts are compared: what makes two submissions "the same comment"."""

import hashlib
import re

from drafts.orthography import normalize_apostrophes

_SPACE = re.compile(r"\s+")


def normalise_comment_text(text: str) -> str:
    """Case, spacing and apostrophe variants folded, so a resend with a changed quote mark is a duplicate."""
    return _SPACE.sub(" ", normalize_apostrophes(text)).strip().casefold()


def comment_fingerprint(text: str) -> str:
    """SHA-256 (hex) of the normalised text."""
    return hashlib.sha256(normalise_comment_text(text).encode("utf-8")).hexdigest()
