"""The words of the generated benches: real Uzbek (both scripts) and Russian words among made-up ones,
drawn with Zipf-like frequencies (bench/search.py, bench/docket.py)."""

import itertools
import random

LATIN = (
    "soliq qaror hokim viloyat tuman mahalla yer suv yo‘l ta’lim sog‘liq fermer imtiyoz dastur tartib "
    "o‘zgartirish qurilish transport chiqindi bozor savdo tadbirkor kredit uy-joy kommunal xizmat aholi "
    "muddat ijro nazorat hisobot moliya byudjet grant loyiha tanlov ekologiya o‘rmon bog‘ maktab"
).split()
CYRILLIC = (
    "солиқ қарор ҳоким вилоят туман маҳалла ер сув йўл таълим соғлиқ фермер имтиёз дастур тартиб "
    "ўзгартириш қурилиш транспорт чиқинди бозор савдо тадбиркор кредит"
).split()
RUSSIAN = "налог постановление область район земля вода дорога образование фермер льгота программа порядок".split()

SYLLABLES = "ba bo da do ga gi ka ko la li ma mo na ni qa qo ra ro sa so ta to ya yo za zu sh ch".split()


def vocabulary(words: list[str], rng: random.Random, size: int = 4000) -> tuple[list[str], list[float]]:
    """The real words among `size` made-up Uzbek-looking ones, drawn with Zipf-like frequencies.

    Real texts are not a 40-word soup: most words are rare. The real words sit in the middle of
    the frequency ranking, so a query matches a realistic share of documents.
    """
    made_up = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(size)]
    ranked = made_up[:50] + words + made_up[50:]
    return ranked, list(itertools.accumulate(1 / (rank + 1) for rank in range(len(ranked))))


def sentence(rng: random.Random, vocab: tuple[list[str], list[float]], n: int) -> str:
    words, cumulative = vocab
    return " ".join(rng.choices(words, cum_weights=cumulative, k=n)).capitalize() + "."
