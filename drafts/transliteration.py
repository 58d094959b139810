"""Uzbek text between the Latin and the Cyrillic script: one table for each direction, plus the
context rules the 1995 spelling rules (the Latin alphabet's "Asosiy imlo qoidalari") give.

Decisions where the two scripts do not map one to one (each has a test):
- е is "ye" at a word's start and after a vowel, ъ or ь ("ер" → "yer", "поезд" → "poyezd",
  "объект" → "obyekt"), else "e"; back, "ye" there is е, and after a consonant ъе ("obyekt").
  Latin e is э at a word's start and after a vowel ("eng" → "энг"), else е.
- ц is "ts" after a vowel and "s" elsewhere ("Конституция" → "Konstitutsiya", "функция" →
  "funksiya"), as the rules write it. Back, "ts" is ц only at a word's start or before i and a vowel
  ("-tsiya", "-tsion", "-tsient") or e ("litsey"): elsewhere it is т+с, as in the verb forms "ketsa", "aytsin".
- sh is always ш and ch always ч. The rare с+ҳ is written "sʼh" ("Исҳоқ" → "Isʼhoq"), so it
  comes back as сҳ; ng is н+г both ways.
- o and g followed by any apostrophe (ʻ ‘ ’ ' ` ʼ ...) are oʻ and gʻ, also at a word's end
  ("togʻ"); any other apostrophe between letters is the tutuq belgisi ъ; others are quotes and stay.
  Latin is written with ʻ (U+02BB) and ʼ (U+02BC).
- yo/yu/ya are ё/ю/я, but "yoʻ" is йў ("yoʻl" → "йўл"). ь is dropped, ъ before е/ё/ю/я and after ў
  is dropped ("мўъжиза" → "moʻjiza"), щ is "sh", ы is "i".
- Capitals: a letter written with two in Latin is "Sh" in a word and "SH" in an all-capital word.
- Left as they are: Roman numerals (I, II, XIV: chapter numbers), web and e-mail addresses, digits,
  and every character of the other script. Article numbers are digits or Roman numerals, so a text's
  article keys (art-5) are the same in both scripts.
"""

import functools
import re
from enum import StrEnum

from drafts.orthography import APOSTROPHE_VARIANTS

OKINA = "\u02bb"  # ʻ in oʻ, gʻ
TUTUQ = "\u02bc"  # ʼ, the tutuq belgisi


class Script(StrEnum):
    """A writing system of Uzbek, as BCP 47 names it (lower case, as the query parameter takes it)."""

    LATN = "latn"
    CYRL = "cyrl"


# Latin → Cyrillic, longest first. Sequences with context rules (ye, e, ts, apostrophes) are in code.
LATIN_TO_CYRILLIC = {
    "sh": "ш",
    "ch": "ч",
    "yo": "ё",
    "yu": "ю",
    "ya": "я",
    "a": "а",
    "b": "б",
    "d": "д",
    "f": "ф",
    "g": "г",
    "h": "ҳ",
    "i": "и",
    "j": "ж",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "q": "қ",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "v": "в",
    "x": "х",
    "y": "й",
    "z": "з",
    # Letters of foreign names, which Uzbek Latin does not use, written as they sound.
    "c": "с",
    "w": "в",
}

# Cyrillic → Latin. е, ц, ъ and с+ҳ have context rules in code.
CYRILLIC_TO_LATIN = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "ё": "yo",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "x",
    "ч": "ch",
    "ш": "sh",
    "щ": "sh",
    "ы": "i",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "ў": "o" + OKINA,
    "қ": "q",
    "ғ": "g" + OKINA,
    "ҳ": "h",
}

_LATIN_VOWELS = set("aeiou")
_CYRILLIC_VOWELS = set("аеёиоуўэюяы")
_CYRILLIC_IOTATED = set("еёюя")
_APOSTROPHES = set(APOSTROPHE_VARIANTS)

# Copied as they are: web and e-mail addresses, looked for only where a cheap search finds a sign of one.
_ADDRESS = re.compile(
    r"https?://\S+|www\.\S+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)*\.(?:uz|ru|com|org|net|gov|int)\b"
)
_ADDRESS_SIGN = re.compile(r"@|www\.|://|\.(?:uz|ru|com|org|net|gov|int)\b")
# Every rule looks no further than the word it is in, so the text is converted word by word and
# each distinct word once: a 1,200-article text has a few thousand distinct words.
_WORD = re.compile(rf"([^\W\d_]+(?:[{re.escape(APOSTROPHE_VARIANTS)}][^\W\d_]*)*)")
# Roman numerals stay; a single capital followed by a full stop is an initial ("M. Karimov").
_ROMAN = re.compile(r"[IVXLCDM]+")
# No word of either script is this long: a longer run of letters is not Uzbek and is left alone.
MAX_WORD = 64


def to_cyrillic(text: str) -> str:
    """The Uzbek Latin text written in Cyrillic."""
    return _convert(text, _latin_word_to_cyrillic)


def to_latin(text: str) -> str:
    """The Uzbek Cyrillic text written in Latin."""
    return _convert(text, _cyrillic_word_to_latin)


def transliterate(text: str, *, to: Script) -> str:
    """The Uzbek text in the script `to`; text already in it comes back the same."""
    return to_cyrillic(text) if to == Script.CYRL else to_latin(text)


def detect_script(text: str) -> Script:
    """The script most of the letters are written in."""
    cyrillic = sum(1 for c in text if "\u0400" <= c <= "\u04ff")
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    return Script.CYRL if cyrillic > latin else Script.LATN


def _convert(text: str, convert_word) -> str:
    if not _ADDRESS_SIGN.search(text):
        return _convert_words(text, convert_word)
    out, start = [], 0
    for address in _ADDRESS.finditer(text):
        out += [_convert_words(text[start : address.start()], convert_word), address.group()]
        start = address.end()
    out.append(_convert_words(text[start:], convert_word))
    return "".join(out)


def _convert_words(text: str, convert_word) -> str:
    parts = _WORD.split(text)  # words at the odd places
    for i in range(1, len(parts), 2):
        word = parts[i]
        if len(word) > MAX_WORD:
            continue
        if word[0] in "IVXLCDM" and _ROMAN.fullmatch(word) and (len(word) > 1 or parts[i + 1][:1] != "."):
            continue
        parts[i] = convert_word(word)
    return "".join(parts)


def _cased(letters: str, source: str, upper_word: bool) -> str:
    """`letters` in the case of the `source` letter; all capitals in an all-capital word."""
    if not source.isupper():
        return letters
    return letters.upper() if upper_word else letters[:1].upper() + letters[1:]


@functools.lru_cache(maxsize=50_000)
def _latin_word_to_cyrillic(text: str) -> str:
    out: list[str] = []
    previous = ""  # the last character written, in the target script
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        low = c.lower()
        nxt = text[i + 1 : i + 2]
        after = text[i + 2 : i + 3]
        if low in "og" and nxt in _APOSTROPHES and nxt:
            letter, used = ("ў" if low == "o" else "ғ"), 2
        elif low == "s" and nxt in _APOSTROPHES and nxt and after.lower() == "h":
            letter, used = "сҳ", 3
        elif c in _APOSTROPHES:
            between = out and previous.isalpha() and nxt.isalpha()
            letter, used = ("ъ" if between else c), 1
        elif low == "y" and nxt.lower() == "e":
            letter = "е" if _opens_syllable(previous) else "ъе"
            used = 2
        elif low == "y" and nxt.lower() == "o" and after in _APOSTROPHES and after:
            letter, used = "й", 1  # "yoʻl": й + ў, not ё
        elif low == "e":
            letter, used = ("э" if _opens_syllable(previous) and previous != "ъ" else "е"), 1
        elif low == "t" and nxt.lower() == "s" and (not previous.isalpha() or _ts_of_a_loanword(text, i + 2)):
            letter, used = "ц", 2
        elif low + nxt.lower() in LATIN_TO_CYRILLIC:
            letter, used = LATIN_TO_CYRILLIC[low + nxt.lower()], 2
        elif low in LATIN_TO_CYRILLIC:
            letter, used = LATIN_TO_CYRILLIC[low], 1
        else:
            out.append(c)
            previous = c
            i += 1
            continue
        if letter == "сҳ":
            letter = ("С" if c.isupper() else "с") + ("Ҳ" if after.isupper() else "ҳ")
        elif letter == "ъе" and c.isupper():
            letter = "ЪЕ" if nxt.isupper() else "Ъе"
        elif c.isupper():
            letter = letter.upper()
        out.append(letter)
        previous = letter[-1].lower()
        i += used
    return "".join(out)


def _opens_syllable(previous: str) -> bool:
    """Nothing but a vowel, ъ or no letter stands before: where е/э begin a syllable."""
    return not previous.isalpha() or previous in _CYRILLIC_VOWELS or previous in "ъь"


def _ts_of_a_loanword(text: str, i: int) -> bool:
    """ts followed by e or by i and a vowel: "litsey", "Konstitutsiya", "ratsional", "koeffitsient"."""
    following = text[i : i + 2].lower()
    return following[:1] == "e" or (
        following[:1] == "i" and following[1:] in _LATIN_VOWELS | {"y"} and following[1:] != ""
    )


@functools.lru_cache(maxsize=50_000)
def _cyrillic_word_to_latin(text: str) -> str:
    out: list[str] = []
    n = len(text)
    for i, c in enumerate(text):
        low = c.lower()
        previous = text[i - 1] if i else ""
        nxt = text[i + 1 : i + 2]
        if low == "е":
            letters = "ye" if _opens_syllable(previous.lower()) else "e"
        elif low == "ц":
            letters = "ts" if previous.lower() in _CYRILLIC_VOWELS else "s"
        elif low == "ъ":
            letters = "" if nxt.lower() in _CYRILLIC_IOTATED or previous.lower() == "ў" else TUTUQ
        elif low == "с" and nxt.lower() == "ҳ":
            letters = "s" + TUTUQ
        elif low in CYRILLIC_TO_LATIN:
            letters = CYRILLIC_TO_LATIN[low]
        else:
            out.append(c)
            continue
        if c.isupper() and len(letters) > 1:
            # "ШАРТ" → "SHART", "Шарт" → "Shart", "Ш." → "Sh.".
            following = text[i + 1 : i + 2] if i + 1 < n else ""
            preceding = previous if previous.isalpha() else ""
            upper_word = following.isupper() if following.isalpha() else preceding.isupper()
            letters = _cased(letters, c, upper_word)
        elif c.isupper():
            letters = letters.upper()
        out.append(letters)
    return "".join(out)
