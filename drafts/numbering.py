"""How legal texts write their numbers: Roman numerals, ordinal words, flattened superscripts, list letters.

Pure functions used by drafts.structure; no Django.
"""

from __future__ import annotations

import re

# Cyrillic letters that look like Roman digits: typists reach for the keyboard layout they are in,
# so "ХХIV боб" mixes Cyrillic Х with Latin I and V.
_LOOKALIKES = str.maketrans("ІіХхСсМмVv", "IIXXCCMMVV")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
ROMAN = r"[IVXLCІХС]+"

SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

_UNITS = {
    # Uzbek Latin (after apostrophes are normalised to the okina U+02BB) and Cyrillic, 1 to 10.
    "birinchi": 1, "ikkinchi": 2, "uchinchi": 3, "toʻrtinchi": 4, "beshinchi": 5,
    "oltinchi": 6, "yettinchi": 7, "sakkizinchi": 8, "toʻqqizinchi": 9, "oʻninchi": 10,
    "биринчи": 1, "иккинчи": 2, "учинчи": 3, "тўртинчи": 4, "бешинчи": 5,
    "олтинчи": 6, "еттинчи": 7, "саккизинчи": 8, "тўққизинчи": 9, "ўнинчи": 10,
    # Russian: "Раздел первый".
    "первый": 1, "второй": 2, "третий": 3, "четвертый": 4, "четвёртый": 4, "пятый": 5,
    "шестой": 6, "седьмой": 7, "восьмой": 8, "девятый": 9, "десятый": 10,
}  # fmt: skip
_TENS = {"oʻn": 10, "ўн": 10, "yigirma": 20, "йигирма": 20}
ORDINAL = r"(?:(?:oʻn|ўн|yigirma|йигирма)\s+)?(?:" + "|".join(sorted(_UNITS, key=len, reverse=True)) + ")"

# Uzbek Cyrillic and Russian list letters as they are keyed in Latin, so that keys stay URL-safe.
_LETTER_KEYS = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшэюяўқғҳ",
        ["a", "b", "v", "g", "d", "e", "yo", "j", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t",
         "u", "f", "x", "ts", "ch", "sh", "e2", "yu", "ya", "oo", "q", "gg", "h"],
        strict=True,
    )
)  # fmt: skip


def latin_roman(numeral: str) -> str:
    """The numeral in Latin letters: "ХХIV" (Cyrillic Х) becomes "XXIV"."""
    return numeral.translate(_LOOKALIKES).upper()


def roman_value(numeral: str) -> int:
    """The value of a Roman numeral, Cyrillic look-alikes accepted; 0 if it is not one."""
    digits = [_ROMAN_VALUES.get(c, 0) for c in latin_roman(numeral)]
    if not digits or 0 in digits:
        return 0
    return sum(-d if d < nxt else d for d, nxt in zip(digits, [*digits[1:], 0], strict=True))


def ordinal_value(words: str) -> int:
    """The value of an ordinal written in words ("IKKINCHI", "oʻn birinchi", "первый"); 0 if unknown."""
    parts = words.lower().split()
    tens = _TENS.get(parts[0], 0) if len(parts) == 2 else 0
    return tens + _UNITS.get(parts[-1], 0) if (tens or len(parts) == 1) else 0


def superscript(base: str, sup: int) -> str:
    """ "27" and 1 as printed: "27¹"."""
    return f"{base}{str(sup).translate(SUPERSCRIPT_DIGITS)}" if sup else base


def letter_key(letter: str) -> str:
    """A list letter as a URL-safe key part: "а" (Cyrillic) becomes "a"."""
    letter = letter.lower()
    return _LETTER_KEYS.get(letter, letter) if re.fullmatch(r"[a-z0-9]+", letter) is None else letter


def resolve_flattened(raw: int, previous: tuple[int, int] | None, following: int | None) -> tuple[int, int]:
    """Read a number that may be a superscript flattened by copying ("271" for 27¹) from its neighbours.

    `previous` is the (base, superscript) of the unit before, `following` the printed number of the
    one after. The literal number wins when it continues the sequence (gaps of repealed articles
    allowed); the flattened reading wins when its base is the previous number (27, 27¹, 27²), the
    one just before the next (an excerpt that starts at 27¹ before 28), or when the next number
    continues the same base (44¹, 44² after a repealed 44).
    """
    if previous is None:
        return raw, 0
    prev_base, prev_sup = previous
    literal_fits = prev_base < raw <= prev_base + 20 and (following is None or raw < following)
    if literal_fits:
        return raw, 0
    text = str(raw)
    for cut in (1, 2):
        base_text, sup_text = text[:-cut], text[-cut:]
        if not base_text or sup_text.startswith("0"):
            continue
        base, sup = int(base_text), int(sup_text)
        after_previous = base == prev_base and sup > prev_sup
        before_next = following is not None and base == following - 1 and base > prev_base
        next_text = str(following or "")
        same_base_next = (
            next_text[:-cut] == base_text
            and next_text[-cut:] > sup_text
            and len(next_text) == len(text)
            and prev_base < base <= prev_base + 20
        )
        if after_previous or before_next or same_base_next:
            return base, sup
    return raw, 0


def leading_flattened(raw: int, later_smaller: int | None) -> tuple[int, int] | None:
    """The superscript reading of a number that opens an excerpt, or None: "1264" before "127" is 126⁴.

    `later_smaller` is the first later number of the same kind below `raw`. A flattened superscript is
    about ten times its base, so a number only a little above a later one (an amending act that quotes
    article 12 before article 3) keeps its literal reading.
    """
    if later_smaller is None or raw < 5 * later_smaller:
        return None
    text = str(raw)
    for cut in (1, 2):
        base_text, sup_text = text[:-cut], text[-cut:]
        if base_text and not sup_text.startswith("0") and later_smaller - 20 <= int(base_text) < later_smaller:
            return int(base_text), int(sup_text)
    return None
