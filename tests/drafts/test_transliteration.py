"""One transliterator, both ways: checked against the official texts of the Constitution in both scripts."""

import pytest

from drafts.structure import parse
from drafts.transliteration import Script, detect_script, to_cyrillic, to_latin, transliterate
from workflow.demo import texts

# The Constitution of the Republic of Uzbekistan (1992), as published in each script.
CONSTITUTION = [
    (  # Preamble
        "Oʻzbekiston xalqi, inson huquqlariga va davlat suvereniteti gʻoyalariga sodiqligini tantanali "
        "ravishda eʼlon qilib, Oʻzbekiston Respublikasining Konstitutsiyasini qabul qiladi.",
        "Ўзбекистон халқи, инсон ҳуқуқларига ва давлат суверенитети ғояларига содиқлигини тантанали "
        "равишда эълон қилиб, Ўзбекистон Республикасининг Конституциясини қабул қилади.",
    ),
    ("I BOB. DAVLAT SUVERENITETI", "I БОБ. ДАВЛАТ СУВЕРЕНИТЕТИ"),
    (  # Article 1
        "1-modda. Oʻzbekiston — suveren demokratik respublika. Davlatning «Oʻzbekiston Respublikasi» va "
        "«Oʻzbekiston» degan nomlari bir xil maʼnoga ega.",
        "1-модда. Ўзбекистон — суверен демократик республика. Давлатнинг «Ўзбекистон Республикаси» ва "
        "«Ўзбекистон» деган номлари бир хил маънога эга.",
    ),
    (  # Article 2
        "Davlat xalq irodasini ifoda etib, uning manfaatlariga xizmat qiladi. Davlat organlari va "
        "mansabdor shaxslar jamiyat va fuqarolar oldida masʼuldirlar.",
        "Давлат халқ иродасини ифода этиб, унинг манфаатларига хизмат қилади. Давлат органлари ва "
        "мансабдор шахслар жамият ва фуқаролар олдида масъулдирлар.",
    ),
    (
        "Oʻzbekiston Respublikasining davlat tili oʻzbek tilidir.",
        "Ўзбекистон Республикасининг давлат тили ўзбек тилидир.",
    ),
    ("Xalq davlat hokimiyatining birdan-bir manbaidir.", "Халқ давлат ҳокимиятининг бирдан-бир манбаидир."),
    (  # Article 55
        "Yer, yer osti boyliklari, suv, oʻsimlik va hayvonot dunyosi hamda boshqa tabiiy zaxiralar "
        "umummilliy boylikdir.",
        "Ер, ер ости бойликлари, сув, ўсимлик ва ҳайвонот дунёси ҳамда бошқа табиий захиралар умуммиллий бойликдир.",
    ),
    ("OʻZBEKISTON RESPUBLIKASINING KONSTITUTSIYASI", "ЎЗБЕКИСТОН РЕСПУБЛИКАСИНИНГ КОНСТИТУЦИЯСИ"),
]


@pytest.mark.parametrize(("latin", "cyrillic"), CONSTITUTION)
def test_the_constitution_in_one_script_gives_its_official_text_in_the_other(latin, cyrillic):
    assert to_cyrillic(latin) == cyrillic
    assert to_latin(cyrillic) == latin
    # Round trips come back to the text they started from.
    assert to_latin(to_cyrillic(latin)) == latin
    assert to_cyrillic(to_latin(cyrillic)) == cyrillic


@pytest.mark.parametrize(
    "written",
    [
        "Oʻgʻil",  # U+02BB, the official letter
        "O‘g‘il",  # U+2018, in many official texts
        "O’g’il",  # U+2019, word processors' autocorrect
        "O'g'il",  # U+0027, the typewriter apostrophe
        "O`g`il",  # U+0060, the key next to 1
        "Oʼgʼil",  # U+02BC
    ],
)
def test_every_apostrophe_variant_of_o_and_g_reads_as_the_letter(written):
    assert to_cyrillic(written) == "Ўғил"


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        # Two-letter Latin letters take the case of their word.
        ("Shahar", "Шаҳар"),
        ("SHAHAR", "ШАҲАР"),
        ("Choʻl CHOʻL", "Чўл ЧЎЛ"),
        ("Sh. Mirziyoyev", "Ш. Мирзиёев"),
        ("TOSH", "ТОШ"),
        ("Yoshlar YOSHLAR", "Ёшлар ЁШЛАР"),
        # ye / е: "ye" at a word's start and after a vowel, ъе after a consonant.
        ("yer", "ер"),
        ("Yevropa", "Европа"),
        ("poyezd", "поезд"),
        ("obyekt", "объект"),
        ("OBYEKT", "ОБЪЕКТ"),
        ("ekspert", "эксперт"),
        ("sheʼr", "шеър"),
        # ts / ц: "ts" after a vowel, "s" after a consonant.
        ("Konstitutsiya", "Конституция"),
        ("litsey", "лицей"),
        # The tutuq belgisi.
        ("taʼlim", "таълим"),
        ("Qurʼon", "Қуръон"),
        # sh is always ш; the rare с+ҳ is written with the tutuq between.
        ("Isʼhoq", "Исҳоқ"),
        ("nega", "нега"),
        ("yoʻl", "йўл"),
        ("togʻ", "тоғ"),
        # Roman numerals, digits, addresses and initials.
        ("XIV asr", "XIV аср"),
        ("M. Karimov", "М. Каримов"),
        ("2026-yil 1-yanvar", "2026-йил 1-январ"),
        ("www.lex.uz va info@gov.uz", "www.lex.uz ва info@gov.uz"),
    ],
)
def test_letters_with_context_rules_go_both_ways(latin, cyrillic):
    assert to_cyrillic(latin) == cyrillic
    assert to_latin(cyrillic) == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin", "back"),
    [
        # The official rules write ц as s after a consonant: the Latin cannot tell it from с.
        ("функция", "funksiya", "функсия"),
        # ъ after ў is not written in Latin.
        ("мўъжиза", "moʻjiza", "мўжиза"),
        # ь is not written in Latin.
        ("альтернатив", "alternativ", "алтернатив"),
    ],
)
def test_what_the_latin_does_not_write_is_lost_on_the_way_back(cyrillic, latin, back):
    assert to_latin(cyrillic) == latin
    assert to_cyrillic(latin) == back


def test_verb_forms_with_t_and_s_are_not_ts():
    assert to_cyrillic("ketsa, aytsin") == "кетса, айтсин"
    assert to_cyrillic("tsex") == "цех"


def test_quotes_and_apostrophes_outside_words_stay():
    assert to_cyrillic("'Salom' dedi") == "'Салом' деди"
    assert to_latin("«Салом» деди") == "«Salom» dedi"


def test_text_already_in_the_target_script_comes_back_the_same():
    assert to_cyrillic(texts.LAW_UZ_CYRL) == texts.LAW_UZ_CYRL
    latin = to_latin(texts.LAW_UZ_CYRL)
    assert to_latin(latin) == latin
    assert transliterate("Ер", to=Script.LATN) == "Yer" and transliterate("Yer", to=Script.CYRL) == "Ер"


@pytest.mark.parametrize(
    "text", [texts.RESOLUTION_UZ_LATN, texts.TAX_UZ_LATN, texts.TOURISM_UZ_LATN, texts.LAW_UZ_CYRL]
)
def test_the_demo_texts_keep_their_article_keys_and_numbers_in_the_other_script(text):
    other = to_cyrillic(text) if detect_script(text) == Script.LATN else to_latin(text)
    original, shown = parse(text).provisions, parse(other).provisions
    assert original, "the demo text has provisions"
    assert [(p.key, p.kind, p.number) for p in shown] == [(p.key, p.kind, p.number) for p in original]
    assert detect_script(other) != detect_script(text)


def test_a_run_of_letters_longer_than_any_word_is_left_alone():
    # Hostile text: no per-letter work on something that cannot be Uzbek.
    assert to_cyrillic("a" * 100_000) == "a" * 100_000
    assert to_cyrillic("so" * 33 + " so") == "so" * 33 + " со"
