"""An Uzbek draft read in the other script: the same text, transliterated for reading, never stored.

Only the text written in Uzbek is converted (title, body, explanatory note and the provisions
recognised in it); Russian and English drafts are shown as written whatever is asked. The
official text stays the one in the draft's own script: what is shown says both.
"""

import copy
import dataclasses
import hashlib

from django.core.cache import cache
from django.utils.translation import gettext as _

from drafts.models import Draft, Language
from drafts.transliteration import Script, transliterate
from kernel.errors import InvalidArguments

SCRIPT_OF_LANGUAGE = {
    Language.UZ_LATN: Script.LATN,
    Language.UZ_CYRL: Script.CYRL,
    Language.RU: Script.CYRL,
    Language.EN: Script.LATN,
}
UZBEK_IN_SCRIPT = {Script.LATN: Language.UZ_LATN, Script.CYRL: Language.UZ_CYRL}
PROVISION_TEXTS = ("label", "heading", "text", "chapter", "section")
# Texts shorter than this are converted on every call; a long one (a few milliseconds per thousand
# words) is kept converted, so readers of a popular draft in the other script cost a cache read.
CACHED_FROM = 2_000
CACHE_SECONDS = 24 * 3600


def _in_script(text: str, script: Script) -> str:
    if len(text) < CACHED_FROM:
        return transliterate(text, to=script)
    key = f"transliterated:{script}:{hashlib.sha256(text.encode()).hexdigest()}"
    shown = cache.get(key)
    if shown is None:
        shown = transliterate(text, to=script)
        cache.set(key, shown, CACHE_SECONDS)
    return shown


def requested_script(value: str | None) -> Script | None:
    """The script a `?script=` value asks for; None when none is asked. Anything else is refused (400)."""
    if value is None or value == "":
        return None
    try:
        return Script(value)
    except ValueError:
        raise InvalidArguments(
            {"script": _("Choose the script to show the text in: “latn” (Latin) or “cyrl” (Cyrillic).")}
        ) from None


def is_uzbek(draft: Draft) -> bool:
    """Written in Uzbek, so readable in both scripts."""
    return draft.language in UZBEK_IN_SCRIPT.values()


def official_script(draft: Draft) -> Script:
    """The script the draft is written in, which is the script of its official text."""
    return SCRIPT_OF_LANGUAGE.get(draft.language, Script.LATN)


def scripts_of(draft: Draft) -> dict[str, str]:
    """`{"official": "latn", "shown": "cyrl"}`: the script of the official text and the one shown."""
    official = official_script(draft)
    return {"official": official.value, "shown": getattr(draft, "shown_script", official).value}


def shown_in_script(draft: Draft, script: Script | None) -> Draft:
    """A copy of the draft with its texts in `script`, for reading only; the draft itself when nothing changes.

    The copy keeps its language (the official one) and every other field; `shown_script` says
    which script its texts are in. Its provisions (`draft_with_details`) keep their keys and numbers.
    An Uzbek draft gets `scripts` (as `scripts_of`) for the page's script switch; others get None.
    """
    if script is None or not is_uzbek(draft) or script == official_script(draft):
        draft.scripts = scripts_of(draft) if is_uzbek(draft) else None
        return draft
    shown = copy.copy(draft)
    shown.title = transliterate(draft.title, to=script)
    shown.body = _in_script(draft.body, script)
    shown.explanatory_note = _in_script(draft.explanatory_note, script)
    if hasattr(draft, "provisions"):
        shown.provisions = [
            dataclasses.replace(p, **{name: _in_script(getattr(p, name), script) for name in PROVISION_TEXTS})
            for p in draft.provisions
        ]
    shown.shown_script = script
    shown.scripts = scripts_of(shown)
    # A reading copy must never be saved over the official text.
    shown.save = _refuse_saving
    return shown


def version_in_script(version, script: Script | None, *, of: Draft):
    """A copy of a version with its title, text and note in `script`, for a print; the version itself when nothing changes."""
    if script is None or not is_uzbek(of) or script == official_script(of):
        return version
    shown = copy.copy(version)
    shown.title = transliterate(version.title, to=script)
    shown.body = _in_script(version.body, script)
    shown.explanatory_note = _in_script(version.explanatory_note, script)
    shown.shown_script = script
    shown.save = _refuse_saving
    return shown


def _refuse_saving(*args, **kwargs):
    raise TypeError("A text shown in another script is for reading; save the draft itself.")


def printed_in_script(draft: Draft, version, script: Script | None):
    """The draft and version as a print in `script` shows them: texts and language (its labels) in that script."""
    if script is None or not is_uzbek(draft) or script == official_script(draft):
        return draft, version
    printed = copy.copy(draft)
    printed.language = UZBEK_IN_SCRIPT[script]
    printed.save = _refuse_saving
    return printed, version_in_script(version, script, of=draft)
