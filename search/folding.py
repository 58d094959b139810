"""How text becomes search terms, for every backend: one table, one set of rules (brief §1, §6).

Uzbek is written in Latin and Cyrillic, with oʻ/gʻ typed many ways; Russian shares the
Cyrillic script. Every text and every query is folded the same way: lowercase, apostrophes
dropped, Cyrillic transliterated to Uzbek Latin, word-initial "ye" written "e", then common
Uzbek and Russian endings stripped. The Elasticsearch analyzer is generated from the same
tables (search.backends.elasticsearch), so both backends match the same words.
"""

import re
import unicodedata
from functools import lru_cache

APOSTROPHES = "'‘’`ʻʼ´ʹ"

# Uzbek Cyrillic (and Russian) to the Latin spelling, with oʻ/gʻ already without their sign.
TRANSLITERATION = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j",
    "з": "z", "и": "i", "й": "y", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "o", "ф": "f", "х": "x", "ҳ": "h",
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
}  # fmt: skip

# Inflectional endings stripped from the end of a folded word, longest first, while at least
# MIN_STEM letters remain; twice, so "soliqlarni" -> "soliqlar" -> "soliq".
UZBEK_ENDINGS = [
    "larining", "larini", "lariga", "larida", "laridan", "larning", "larni", "larga", "larda",
    "lardan", "lari", "lar", "ning", "dagi", "gacha", "dan", "tan", "ni", "ga", "ka", "qa", "da",
    "ta", "si", "i",
]  # fmt: skip
RUSSIAN_ENDINGS = [
    "iyami", "yami", "ogo", "ego", "omu", "emu", "ami", "akh", "yakh", "ikh", "ykh", "aya", "yaya",
    "oye", "yye", "iye", "ov", "ev", "oy", "ey", "iy", "yy", "om", "em", "ym", "im", "ye", "ya",
    "yu", "a", "u", "e", "y",
]  # fmt: skip
ENDINGS = sorted(set(UZBEK_ENDINGS + RUSSIAN_ENDINGS), key=len, reverse=True)
MIN_STEM = 5
PASSES = 2
# Uzbek voices a final q or k before a vowel ending (soliq -> soligʻi, yurak -> yuragi): after
# stripping, a final g or k is written q, on every word, so both forms meet.
FINAL_CONSONANTS = {"g": "q", "k": "q"}

_FOLD_TABLE = str.maketrans({**dict.fromkeys(APOSTROPHES, ""), **TRANSLITERATION})
_WORD_INITIAL_YE = re.compile(r"(?<![^\W_])ye")
TOKEN_RE = re.compile(r"[^\W_]+")
_ENDING_RE = re.compile(rf"^(.{{{MIN_STEM},}}?)({'|'.join(ENDINGS)})$")


def fold(text: str) -> str:
    """The text lowercased, without apostrophes, in Latin letters, word-initial ye as e."""
    text = unicodedata.normalize("NFC", text).lower().translate(_FOLD_TABLE)
    return _WORD_INITIAL_YE.sub("e", text)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The folded word without its inflectional endings, its final consonant levelled."""
    for _ in range(PASSES):
        stripped = _ENDING_RE.sub(r"\1", word)
        if stripped == word:
            break
        word = stripped
    if word and word[-1] in FINAL_CONSONANTS:
        word = word[:-1] + FINAL_CONSONANTS[word[-1]]
    return word


def terms(text: str) -> list[str]:
    """The search terms of a text or a query, in order."""
    return [stem(token) for token in TOKEN_RE.findall(fold(text))]


def indexed_text(text: str) -> str:
    """The terms joined by spaces: what the database backend stores and matches."""
    return " ".join(terms(text))
