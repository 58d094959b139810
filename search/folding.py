"""How text becomes search terms, for every backend: one set of tables and rules (brief §1, §6).

Uzbek is written in Latin and Cyrillic, with oʻ/gʻ typed many ways; Russian shares the Cyrillic
script. Each word of a text or a query gives:

- its exact form: lowercased, apostrophes made one sign (kept only in oʻ and gʻ), Cyrillic written
  in Uzbek Latin as the spelling rules do (е is "ye" at a word's start, after a vowel, ъ or ь; ц is
  "ts" after a vowel, else "s"). "soʻz" and "сўз" are exactly the same word; "soz" is not;
- its folded Uzbek term: the exact form without the oʻ/gʻ sign, "ts" as "s", "sentyabr" as
  "sentabr", then the Uzbek endings stripped (plural, possessive, case) pass after pass, with a
  stem's final vowel + s or n dropped and its final g, k or q after a vowel written q, so that the
  alternations of the language meet: "Farmoni" = "Farmon", "Respublikasining" = "Respublika",
  "bolani" = "bola", "soligʻi" = "soliq", "vazirligi" = "vazirlik";
- for a word written in the Russian alphabet only, also its Russian stem (Snowball), in Cyrillic.

Two words meet when a folded or Russian term is shared; a search finds every document where each
query word meets one of its words, and in the same field ranks a word's exact form above a word that
only meets it ("soʻz" above "soz", "maktab" above "maktabgacha"). Every rule
is a regular expression that Java reads the same way, so the Elasticsearch analyzers
(search.backends.elasticsearch) are generated from these tables and fold exactly as the database
backend does (tests/search/test_elasticsearch_definitions.py runs them here).
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

APOSTROPHES = "'‘’`ʻʼ´ʹ"
OKINA = "\u02bb"  # ʻ of oʻ and gʻ: the one apostrophe an exact form keeps
_APOS = "[" + re.escape(APOSTROPHES) + "]"
# Letters and digits of the scripts we read, as a class both Python and Java understand.
_ALNUM = "[0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0400-\u0481\u048a-\u04ff\u02bb]"
_LETTER = "[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0400-\u0481\u048a-\u04ff]"
_CYRILLIC_VOWELS = "аеёиоуўэюяыАЕЁИОУЎЭЮЯЫ"

# Text rules, in order, each (pattern, replacement), replacements in Python's syntax.
# Apostrophes: after o or g the sign of oʻ/gʻ; between other letters the tutuq belgisi, dropped
# ("ta'lim" = "taʼlim" = "talim"); elsewhere a quotation mark, a separator.
APOSTROPHE_RULES = [
    (f"(?<=[oOgG]){_APOS}", OKINA),
    (f"(?<![oOgG])(?<={_LETTER}){_APOS}(?={_LETTER})", ""),
    (f"(?<![oOgG]){_APOS}", " "),
]
# Cyrillic letters whose Latin spelling depends on the letter before (the spelling rules of 1995).
CYRILLIC_CONTEXT_RULES = [
    (f"(?<!{_ALNUM})[еЕ]|(?<=[{_CYRILLIC_VOWELS}ъьЪЬ])[еЕ]", "ye"),
    (f"(?<=[{_CYRILLIC_VOWELS}])[цЦ]", "ts"),
]
# Every other Cyrillic letter of Uzbek and Russian, to Uzbek Latin (ъ and ь are not written).
TRANSLITERATION = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ғ": "gʻ", "д": "d", "е": "e", "ё": "yo", "ж": "j",
    "з": "z", "и": "i", "й": "y", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "oʻ", "ф": "f", "х": "x", "ҳ": "h",
    "ц": "s", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
}  # fmt: skip

# Letters folded in a word's exact form before its endings are stripped: the sign of oʻ/gʻ (people
# type o and g), ts (Latin texts write ц either way: "Konstitutsiya", "prinsip"), and the Russian
# spelling of the month names ("sentyabr" for "sentabr").
LETTER_FOLDS = [("ʻ", ""), ("ts", "s"), ("tyabr", "tabr")]

_C = "[bcdfghjklmnpqrstvwxyz]"
_V = "[aeiou]"
# Uzbek endings, each with what must stand before it (a lookbehind of fixed width: the stem's least
# length and, for some, its last letter). One pass strips the longest that fits; the passes peel a
# word from its end: case (-ning, -ni, -ga, -da, -dan, -dagi, -gacha), possessive (-i, -si after
# a vowel: see STEM_RULES; -imiz, -ingiz), plural (-lar). Derivations (-lik, -chi, -li, -siz) stay:
# "vazirlik" is not "vazir".
UZBEK_ENDINGS = [
    ("lar", "(?<=..)"),
    ("ning", "(?<=..)"),
    ("ni", f"(?<=..{_C})"),
    ("i", f"(?<=.{_C})"),
    ("ga", "(?<=..[^kq])"),
    ("ka", "(?<=..k)"),
    ("qa", "(?<=..q)"),
    ("da", "(?<=..)"),
    ("dan", "(?<=..)"),
    ("dagi", "(?<=..)"),
    ("gacha", "(?<=..)"),
    ("imiz", f"(?<=..{_C})"),
    ("miz", f"(?<=..{_V})"),
    ("ingiz", f"(?<=..{_C})"),
    ("ngiz", f"(?<=..{_V})"),
]
ENDING_RULE = (
    "^(.+?)(?:" + "|".join(f"{before}{ending}" for ending, before in UZBEK_ENDINGS) + ")$",
    r"\1",
)
# After each pass, the stem is written one way where Uzbek writes it two: a final vowel + s or n
# loses the consonant ("sohasi" → "sohas" → "soha"; "bolani" → "bolan" → "bola"; "qonuni" →
# "qonun" → "qonu" = "qonun"), and a final g, k or q after a vowel is q ("soligʻi" → "solig" →
# "soliq"; "vazirligi" → "vazirlig" → "vazirliq" = "vazirlik"); each keeps at least three letters.
STEM_RULES = [
    (f"^(..+{_V})[sn]$", r"\1"),
    (f"^(..+{_V})[gkq]$", r"\1q"),
]
# Stems that lose a vowel before a vowel ending ("shahar" → "shahri", "oʻgʻil" → "oʻgʻli"), and
# "matn", whose "-ni" is its own n ("matni" is "matn" + i, not "mat" + ni).
IRREGULAR_STEMS = {"shahr": "shahar", "ogl": "ogil", "mat": "matn"}
STEM_RULES += [(f"^{stem}$", whole) for stem, whole in IRREGULAR_STEMS.items()]
PASSES = 6

# A word written only in the letters of the Russian alphabet may be Russian: it also gets the Russian
# Snowball stem ("мерах" = "мера", "государственных" = "государственный").
RUSSIAN_LETTERS = "[а-яё]+"
RUSSIAN_WORD = f"^{RUSSIAN_LETTERS}$"
TOKEN_RE = re.compile(r"[^\W_]+")

_apostrophe_rules = [(re.compile(p), r) for p, r in APOSTROPHE_RULES]
_context_rules = [(re.compile(p), r) for p, r in CYRILLIC_CONTEXT_RULES]
_letters = str.maketrans(TRANSLITERATION)
_ending = re.compile(ENDING_RULE[0])
_stem_rules = [(re.compile(p), r) for p, r in STEM_RULES]
_russian_word = re.compile(RUSSIAN_WORD)
_russian = snowballstemmer.stemmer("russian")


@dataclass(frozen=True)
class Word:
    """One word of a text: its exact form and its folded terms (Uzbek, and Russian when it may be)."""

    exact: str
    terms: tuple[str, ...]


def words(text: str) -> list[Word]:
    """The words of a text or a query, in order."""
    text = unicodedata.normalize("NFC", text).lower()
    for pattern, replacement in _apostrophe_rules:
        text = pattern.sub(replacement, text)
    return [word for token in TOKEN_RE.findall(text) if (word := _word(token)) is not None]


@lru_cache(maxsize=200_000)
def _word(token: str) -> Word | None:
    exact = transliterate(token)
    found = [uzbek_stem(exact)] if exact else []
    if _russian_word.match(token):
        found.append(_russian.stemWord(token))
    if not found:
        return None
    return Word(exact=exact, terms=tuple(dict.fromkeys(found)))


def transliterate(token: str) -> str:
    """A lowercased word in Uzbek Latin, oʻ and gʻ with their sign."""
    for pattern, replacement in _context_rules:
        token = pattern.sub(replacement, token)
    return token.translate(_letters)


def uzbek_stem(exact: str) -> str:
    """The folded Uzbek term of a word's exact form."""
    word = exact
    for source, target in LETTER_FOLDS:
        word = word.replace(source, target)
    for _ in range(PASSES):
        before = word
        word = _ending.sub(ENDING_RULE[1], word)
        for pattern, replacement in _stem_rules:
            word = pattern.sub(replacement, word)
        if word == before:
            break
    return word


def terms(text: str) -> list[str]:
    """Every folded term of a text, in order."""
    return [term for word in words(text) for term in word.terms]


def exact_forms(text: str) -> list[str]:
    """Every exact form of a text, in order."""
    return [word.exact for word in words(text)]


def meet(a: str, b: str) -> bool:
    """Whether two words are one word to search: they share a folded term."""
    (first,), (second,) = words(a), words(b)
    return bool(set(first.terms) & set(second.terms))


def query_words(text: str) -> list[str]:
    """The words of a query as written (apostrophes made one sign), for an engine that folds them itself."""
    text = unicodedata.normalize("NFC", text)
    for pattern, replacement in _apostrophe_rules:
        text = pattern.sub(replacement, text)
    return TOKEN_RE.findall(text)
