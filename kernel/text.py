"""Characters no stored text may hold: the one rule set for the HTTP boundary (config.hostile_input) and the services."""

import re

from django.utils.translation import gettext as _

# C0 controls but tab, line feed and carriage return, and DEL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Embeddings, overrides and isolates; the marks (U+200E, U+200F) reverse nothing and stay allowed.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Halves of a surrogate pair, which JSON escapes (\ud800) can carry and no text encoding can store.
LONE_SURROGATES = re.compile("[\ud800-\udfff]")


def text_refusal(value: str) -> str | None:
    """Why this text cannot be stored, or None when it can."""
    if CONTROL_CHARACTERS.search(value):
        return _("Remove the control characters (such as NUL) from the text.")
    if LONE_SURROGATES.search(value):
        return _("The text contains a broken character (a lone UTF-16 surrogate); send valid Unicode.")
    if BIDI_CONTROLS.search(value):
        return _(
            "Remove the bidirectional control characters (U+202A–U+202E, U+2066–U+2069): they make text print reversed."
        )
    return None
