"""Tests for drafts.orthography and drafts.structure (pure Python, no Django)."""

import pytest

from drafts.orthography import OKINA, TUTUQ, normalize_apostrophes
from drafts.structure import Block, parse

UZ_LATIN_LAW = """\
O'ZBEKISTON RESPUBLIKASINING QONUNI

Mahalliy davlat hokimiyati organlari faoliyatining ochiqligi to‘g‘risida

Qonunchilik palatasi tomonidan 2024-yil 12-martda qabul qilingan
Senat tomonidan 2024-yil 5-aprelda ma’qullangan

1-BOB. UMUMIY QOIDALAR

1-modda. Ushbu Qonunning maqsadi

Ushbu Qonunning maqsadi O'zbekiston Respublikasida mahalliy davlat hokimiyati \
organlari faoliyatining ochiqligini ta'minlash sohasidagi munosabatlarni tartibga solishdan iborat.

2-modda. Asosiy tushunchalar
Ushbu Qonunda quyidagi asosiy tushunchalar qo‘llaniladi:
1. axborot — manbalari va taqdim etilish shaklidan qat’i nazar shaxslar, voqealar \
va jarayonlar to‘g‘risidagi ma’lumotlar;
2. ochiqlik — O‘zbekiston Respublikasi fuqarolarining hokimiyat organlari faoliyati \
haqidagi axborotdan erkin foydalanishi;
3. Rasmiy veb-sayt — hokimiyat organining Internet jahon axborot tarmogʻidagi sahifasi.

3-modda. Ochiqlik to`g`risidagi qonunchilik
Mahalliy davlat hokimiyati organlari faoliyatining ochiqligi to‘g‘risidagi qonunchilik \
ushbu Qonun va boshqa qonunchilik hujjatlaridan iboratdir.
Agar O’zbekiston Respublikasining xalqaro shartnomasida ushbu Qonunda nazarda \
tutilganidan boshqacha qoidalar belgilangan bo‘lsa, xalqaro shartnoma qoidalari qo‘llaniladi.

2-BOB. AXBOROTNI TAQDIM ETISH

4-modda. Axborotni taqdim etish usullari
1. Axborot O`zbekiston Respublikasi qonunchiligida belgilangan tartibda taqdim etiladi.
2. Hokimiyat organlari:
a) rasmiy veb-saytda axborot joylashtiradi;
b) ommaviy axborot vositalari orqali axborot tarqatadi.
5-modda talablariga muvofiq axborot bepul taqdim etiladi.
2024-yil 1-sentabrdan boshlab axborot elektron shaklda ham taqdim etiladi.

5-modda. Ushbu Qonunning kuchga kirishi
Ushbu Qonun Oʻzbekiston Respublikasida rasmiy e'lon qilingan kundan e'tiboran kuchga kiradi.

O'zbekiston Respublikasining Prezidenti  Sh. Mirziyoyev

Toshkent sh.,
2024-yil 10-may,
O'RQ-900-son
"""

UZ_CYRILLIC_LAW = """\
ЎЗБЕКИСТОН РЕСПУБЛИКАСИНИНГ ҚОНУНИ

Жамоатчилик назорати тўғрисида

1-боб. Умумий қоидалар

1-модда. Ушбу Қонуннинг мақсади
Ушбу Қонуннинг мақсади жамоатчилик назоратини ташкил этиш ва амалга ошириш \
соҳасидаги муносабатларни тартибга солишдан иборат.

2-модда. Жамоатчилик назорати тўғрисидаги қонун ҳужжатлари
Жамоатчилик назорати тўғрисидаги қонун ҳужжатлари ушбу Қонун ва бошқа қонун \
ҳужжатларидан иборатдир.

3-модда. Жамоатчилик назоратининг асосий принциплари
Жамоатчилик назоратининг асосий принциплари қуйидагилардан иборат:
1. Қонунийлик;
2. Ошкоралик ва холислик;
3. Ҳокимият органлари фаолиятига аралашишга йўл қўйилмаслиги.

II БОБ
ЯКУНЛОВЧИ ҚОИДАЛАР

12-модда. Қонуннинг кучга кириши
Ушбу Қонун расмий эълон қилинган кундан эътиборан кучга киради.
"""

RU_LAW = """\
ЗАКОН РЕСПУБЛИКИ УЗБЕКИСТАН

Об открытости деятельности органов государственной власти

Принят Законодательной палатой 5 марта 2024 года
Одобрен Сенатом 4 апреля 2024 года

Глава 1. Общие положения

Статья 1. Цель настоящего Закона
Целью настоящего Закона является регулирование отношений в области обеспечения \
открытости деятельности органов государственной власти и управления.

Статья 2. Основные принципы
Основными принципами открытости являются:
1. доступность информации;
2. достоверность и своевременность информации.
Статья 5 настоящего Закона применяется с учетом этих принципов.

Глава 2. Заключительные положения

Статья 3. Вступление в силу настоящего Закона
Настоящий Закон вступает в силу со дня его официального опубликования.

Президент Республики Узбекистан  Ш. Мирзиёев
г. Ташкент,
10 мая 2024 г.,
№ ЗРУ-900
"""

UZ_KHOKIM_RESOLUTION = """\
SAMARQAND VILOYATI HOKIMINING
QARORI

Mahalla fuqarolar yig‘inlari faoliyatini qo‘llab-quvvatlash chora-tadbirlari to‘g‘risida

O'zbekiston Respublikasining "Mahalliy davlat hokimiyati to'g'risida"gi Qonuniga muvofiq \
hamda mahalla institutini rivojlantirish maqsadida viloyat hokimi qaror qiladi:

1. Mahalla fuqarolar yig‘inlari faoliyatini qo‘llab-quvvatlash to‘g‘risidagi Nizom \
1-ilovaga muvofiq tasdiqlansin.
2. Tuman (shahar) hokimlari:
a) 2025-yil 1-martga qadar mahalla idoralarini zarur jihozlar bilan ta’minlasin;
b) har chorakda viloyat hokimligiga bajarilgan ishlar yuzasidan axborot kiritib borsin.
3. Viloyat moliya boshqarmasi mahalla fuqarolar yig‘inlariga mablag‘lar ajratilishini ta’minlasin.
2025-yil 1-aprelgacha mablag‘lar toʻliq oʻtkazilsin.
4. Viloyat adliya boshqarmasi qarorning ijrosini oʻrganib, natijalari haqida axborot bersin:
12.03.2025 y.
2025.
5. Mazkur qaror ijrosini nazorat qilish viloyat hokimining birinchi o‘rinbosari \
A. Karimov zimmasiga yuklansin.

Viloyat hokimi  E. Turdimov

Samarqand sh., 2025-yil 10-fevral, 45-son

Viloyat hokimining 2025-yil 10-fevraldagi 45-son qaroriga 1-ILOVA

Mahalla fuqarolar yig‘inlari faoliyatini qo‘llab-quvvatlash to‘g‘risida
NIZOM

1-bob. Umumiy qoidalar
1. Ushbu Nizom mahalla fuqarolar yig‘inlariga mablag‘ ajratish tartibini belgilaydi.
2. Ushbu Nizomda quyidagi asosiy tushunchalardan foydalaniladi:
— mahalla — fuqarolarning oʻzini oʻzi boshqarish organi hududi;
— fuqarolar yig‘ini — mahalla aholisining oʻzini oʻzi boshqarish organi.
2-bob. Mablag'larni ajratish tartibi
3. Mablag‘lar har chorak boshida ajratiladi.
4. Mablag‘lardan maqsadsiz foydalanilishiga yoʻl qoʻyilmaydi.
"""

RU_RESOLUTION = """\
ПОСТАНОВЛЕНИЕ
ХОКИМА ТАШКЕНТСКОЙ ОБЛАСТИ

О мерах по совершенствованию порядка рассмотрения обращений граждан

В целях повышения эффективности работы с обращениями граждан хоким области ПОСТАНОВЛЯЕТ:
1. Утвердить Положение о порядке рассмотрения обращений граждан согласно приложению № 1.
2. Возложить на заместителей хокима области:
а) обеспечение своевременного рассмотрения обращений;
б) ежеквартальное обобщение практики рассмотрения обращений.
3. Контроль за исполнением настоящего постановления возложить на первого заместителя \
хокима области Б. Каримова.

Хоким области  З. Мирзаев

Приложение № 1
к постановлению хокима Ташкентской области
от 10 февраля 2025 г. № 45

ПОЛОЖЕНИЕ
о порядке рассмотрения обращений граждан

Глава 1. Общие положения
1. Настоящее Положение определяет порядок рассмотрения обращений граждан.
2. Обращения граждан рассматриваются в следующие сроки:
2.1. письменные обращения — в течение пятнадцати дней;
2.2. электронные обращения — в течение десяти дней.
Глава 2. Заключительные положения
3. Лица, виновные в нарушении настоящего Положения, несут ответственность в установленном порядке.
"""


def keys(structure):
    return [p.key for p in structure.provisions]


def top_keys(structure):
    """Keys of articles and points, without the sub-points that hang under them."""
    return [p.key for p in structure.provisions if not p.parent]


# --- orthography ---------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["O'zbekiston", "O‘zbekiston", "O’zbekiston", "O`zbekiston", "Oʻzbekiston"])
def test_okina_variants_become_one_form(typed):
    assert normalize_apostrophes(typed) == f"O{OKINA}zbekiston"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ta'lim", f"ta{TUTUQ}lim"),
        ("ta’lim", f"ta{TUTUQ}lim"),
        ("ma´lumot", f"ma{TUTUQ}lumot"),
        ("bo'lim", f"bo{OKINA}lim"),
        ("G'ALLA", f"G{OKINA}ALLA"),
        ("to'g'risida", f"to{OKINA}g{OKINA}risida"),
        ("taʻlim", f"ta{TUTUQ}lim"),
    ],
)
def test_in_word_apostrophes(typed, expected):
    assert normalize_apostrophes(typed) == expected


@pytest.mark.parametrize("quoted", ["'Hello'", "‘Xalq so‘zi’ gazetasi", "`code` and 'quotes' ", "l' "])
def test_quotes_outside_words_are_untouched(quoted):
    expected = quoted.replace("so‘zi", f"so{OKINA}zi")
    assert normalize_apostrophes(quoted) == expected


# --- Uzbek Latin law -----------------------------------------------------------------------


def test_uzbek_latin_law_articles():
    s = parse(UZ_LATIN_LAW)
    assert top_keys(s) == ["art-1", "art-2", "art-3", "art-4", "art-5"]
    # Letters under the numbered part 2 of article 4 are its sub-points.
    assert keys(s)[4:6] == ["art-4.2.a", "art-4.2.b"]
    first = s.provision("art-1")
    assert first.kind == "article"
    assert first.number == "1"
    assert first.label == "1-modda"
    assert first.heading == "Ushbu Qonunning maqsadi"
    assert first.chapter == "1-BOB. UMUMIY QOIDALAR"
    assert first.section == ""
    assert first.annex == 0
    assert [p.position for p in s.provisions] == [0, 1, 2, 3, 4, 5, 6]
    assert s.provision("art-4").chapter == "2-BOB. AXBOROTNI TAQDIM ETISH"
    assert [b.text for b in s.blocks if b.kind == "chapter"] == [
        "1-BOB. UMUMIY QOIDALAR",
        "2-BOB. AXBOROTNI TAQDIM ETISH",
    ]


def test_uzbek_latin_numbered_parts_stay_inside_article():
    s = parse(UZ_LATIN_LAW)
    definitions = s.provision("art-2").text
    assert definitions.startswith("Ushbu Qonunda quyidagi asosiy tushunchalar qo‘llaniladi:")
    assert "1. axborot" in definitions and "3. Rasmiy veb-sayt" in definitions
    methods = s.provision("art-4").text.splitlines()
    assert methods[0].startswith("1. Axborot O`zbekiston")
    assert "a) rasmiy veb-saytda axborot joylashtiradi;" in methods
    # A reference to another article and a date at line start are body text, not headings.
    assert methods[-2].startswith("5-modda talablariga")
    assert methods[-1].startswith("2024-yil 1-sentabrdan")
    assert not any(p.kind == "point" for p in s.provisions)
    assert s.provision("art-4.2.b").text == "ommaviy axborot vositalari orqali axborot tarqatadi."
    assert (s.provision("art-4.2.b").parent, s.provision("art-4.2.b").label) == ("art-4", "b)")


def test_uzbek_latin_original_apostrophes_are_preserved():
    s = parse(UZ_LATIN_LAW)
    assert s.provision("art-3").heading == "Ochiqlik to`g`risidagi qonunchilik"
    assert "O'zbekiston Respublikasida" in s.provision("art-1").text
    assert "Agar O’zbekiston" in s.provision("art-3").text
    assert "Oʻzbekiston Respublikasida rasmiy e'lon" in s.provision("art-5").text


def test_uzbek_latin_preamble_and_signature_are_paragraphs():
    s = parse(UZ_LATIN_LAW)
    assert s.blocks[0] == Block("paragraph", "O'ZBEKISTON RESPUBLIKASINING QONUNI", "")
    assert Block("paragraph", "Senat tomonidan 2024-yil 5-aprelda ma’qullangan", "") in s.blocks
    assert "Mirziyoyev" not in s.provision("art-5").text
    assert s.blocks[-1] == Block("paragraph", "O'RQ-900-son", "")
    article_blocks = [b for b in s.blocks if b.kind == "article"]
    assert article_blocks[0] == Block("article", "1-modda. Ushbu Qonunning maqsadi", "art-1")


# --- Uzbek Cyrillic law --------------------------------------------------------------------


def test_uzbek_cyrillic_law():
    s = parse(UZ_CYRILLIC_LAW)
    assert keys(s) == ["art-1", "art-2", "art-3", "art-12"]
    first = s.provision("art-1")
    assert (first.label, first.heading) == ("1-модда", "Ушбу Қонуннинг мақсади")
    assert first.chapter == "1-боб. Умумий қоидалар"
    assert s.provision("art-2").heading == "Жамоатчилик назорати тўғрисидаги қонун ҳужжатлари"
    principles = s.provision("art-3").text
    assert "1. Қонунийлик;" in principles and "3. Ҳокимият органлари" in principles
    # A Roman-numbered chapter with its title on the next line is one heading.
    assert s.provision("art-12").chapter == "II БОБ ЯКУНЛОВЧИ ҚОИДАЛАР"
    assert s.provision("art-12").text == "Ушбу Қонун расмий эълон қилинган кундан эътиборан кучга киради."


# --- Russian law ---------------------------------------------------------------------------


def test_russian_law():
    s = parse(RU_LAW)
    assert keys(s) == ["art-1", "art-2", "art-3"]
    first = s.provision("art-1")
    assert (first.label, first.number, first.heading) == ("Статья 1", "1", "Цель настоящего Закона")
    assert first.chapter == "Глава 1. Общие положения"
    principles = s.provision("art-2").text
    assert "1. доступность информации;" in principles
    assert principles.endswith("Статья 5 настоящего Закона применяется с учетом этих принципов.")
    last = s.provision("art-3")
    assert last.chapter == "Глава 2. Заключительные положения"
    assert last.text == "Настоящий Закон вступает в силу со дня его официального опубликования."


# --- Uzbek khokim resolution with an annex -------------------------------------------------


def test_uzbek_resolution_points_and_annex_keys():
    s = parse(UZ_KHOKIM_RESOLUTION)
    assert top_keys(s) == [
        "p-1", "p-2", "p-3", "p-4", "p-5",
        "annex1-p-1", "annex1-p-2", "annex1-p-3", "annex1-p-4",
    ]  # fmt: skip
    assert keys(s)[2:4] == ["p-2.a", "p-2.b"]
    assert all(p.kind == ("subpoint" if p.parent else "point") and p.heading == "" for p in s.provisions)
    assert [p.annex for p in s.provisions if not p.parent] == [0] * 5 + [1] * 4
    assert s.provision("p-1").label == "1."
    assert s.provision("p-1").text.startswith("Mahalla fuqarolar yig‘inlari faoliyatini")


def test_uzbek_resolution_sub_points_dates_and_preamble():
    s = parse(UZ_KHOKIM_RESOLUTION)
    assert s.provision("p-2").text.splitlines() == [
        "Tuman (shahar) hokimlari:",
        "a) 2025-yil 1-martga qadar mahalla idoralarini zarur jihozlar bilan ta’minlasin;",
        "b) har chorakda viloyat hokimligiga bajarilgan ishlar yuzasidan axborot kiritib borsin.",
    ]
    assert s.provision("p-3").text.endswith("2025-yil 1-aprelgacha mablag‘lar toʻliq oʻtkazilsin.")
    assert s.provision("p-4").text.splitlines()[1:] == ["12.03.2025 y.", "2025."]
    assert "Turdimov" not in s.provision("p-5").text
    preamble = next(b for b in s.blocks if b.text.startswith("O'zbekiston Respublikasining"))
    assert preamble.kind == "paragraph" and preamble.key == ""
    first_point = next(b for b in s.blocks if b.key == "p-1")
    assert first_point.kind == "point" and first_point.text.startswith("1. Mahalla fuqarolar")
    assert s.blocks.index(preamble) < s.blocks.index(first_point)


def test_uzbek_resolution_annex():
    s = parse(UZ_KHOKIM_RESOLUTION)
    annexes = [b for b in s.blocks if b.kind == "annex"]
    assert annexes == [Block("annex", "Viloyat hokimining 2025-yil 10-fevraldagi 45-son qaroriga 1-ILOVA", "")]
    after = s.blocks[s.blocks.index(annexes[0]) + 1 :]
    assert after[0] == Block("paragraph", "Mahalla fuqarolar yig‘inlari faoliyatini qo‘llab-quvvatlash to‘g‘risida", "")
    assert after[1] == Block("paragraph", "NIZOM", "")
    assert after[2] == Block("chapter", "1-bob. Umumiy qoidalar", "")
    definitions = s.provision("annex1-p-2")
    assert definitions.chapter == "1-bob. Umumiy qoidalar"
    assert "— mahalla — fuqarolarning oʻzini oʻzi boshqarish organi hududi;" in definitions.text
    assert s.provision("annex1-p-3").chapter == "2-bob. Mablag'larni ajratish tartibi"
    # Main-text points have no chapter even though the annex has chapters.
    assert s.provision("p-5").chapter == ""


# --- Russian resolution with an annex ------------------------------------------------------


def test_russian_resolution():
    s = parse(RU_RESOLUTION)
    assert top_keys(s) == ["p-1", "p-2", "p-3", "annex1-p-1", "annex1-p-2", "annex1-p-3"]
    # Cyrillic list letters are keyed in Latin so that the address stays URL-safe.
    assert s.provision("p-2.b").text == "ежеквартальное обобщение практики рассмотрения обращений."
    assert "а) обеспечение своевременного рассмотрения обращений;" in s.provision("p-2").text
    assert "Мирзаев" not in s.provision("p-3").text
    assert [b.text for b in s.blocks if b.kind == "annex"] == ["Приложение № 1"]
    assert Block("paragraph", "ПОЛОЖЕНИЕ", "") in s.blocks
    assert Block("paragraph", "к постановлению хокима Ташкентской области", "") in s.blocks
    deadlines = s.provision("annex1-p-2")
    assert deadlines.chapter == "Глава 1. Общие положения"
    assert "2.1. письменные обращения — в течение пятнадцати дней;" in deadlines.text
    assert s.provision("annex1-p-3").chapter == "Глава 2. Заключительные положения"


# --- single headings and edge cases --------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "1-BO'LIM. UMUMIY QISM",
        "I BO‘LIM",
        "1-бўлим. Умумий қисм",
        "Раздел 1. Общая часть",
        "РАЗДЕЛ I",
        "Section 1",
        "Part 2",
    ],
)
def test_section_headings(line):
    s = parse(f"{line}\n1-modda. Maqsad\nMatn.")
    assert s.blocks[0] == Block("section", line, "")
    assert s.provision("art-1").section == line


@pytest.mark.parametrize(
    "line",
    ["1-BOB. UMUMIY QOIDALAR", "1-bob. Umumiy qoidalar", "II BOB", "Глава 1. Общие положения", "ГЛАВА 1", "Глава II",
     "Chapter 1. General provisions"],
)  # fmt: skip
def test_chapter_headings(line):
    assert parse(line).blocks == [Block("chapter", line, "")]


@pytest.mark.parametrize(
    "line",
    ["ILOVA", "1-ILOVA", "Ilova", "ИЛОВА", "1-илова", "Приложение", "Приложение № 1", "ПРИЛОЖЕНИЕ 2", "Annex 1",
     "Вилоят ҳокимининг 2025 йил 10 февралдаги 45-сон қарорига 2-илова",
     "к постановлению хокима области от 10.02.2025 г. № 45 Приложение №1"],
)  # fmt: skip
def test_annex_captions(line):
    s = parse(f"1. Birinchi band.\n{line}\n1. Ilovadagi band.")
    assert s.blocks[1] == Block("annex", line, "")
    # An annex keeps its printed number; an unnumbered caption is the next one.
    printed = "2" if line.endswith(("2", "2-илова")) else "1"
    assert keys(s) == ["p-1", f"annex{printed}-p-1"]


def test_english_articles_and_annex():
    s = parse("Chapter 1. General provisions\nArticle 1. Purpose\nThe purpose.\nAnnex 1\n1. First point of the annex.")
    assert keys(s) == ["art-1", "annex1-p-1"]
    assert (s.provision("art-1").label, s.provision("art-1").heading) == ("Article 1", "Purpose")
    assert s.provision("annex1-p-1").chapter == ""


def test_caption_split_over_lines_is_one_annex():
    s = parse("1. Band.\nILOVA\nViloyat hokimining 2025-yil 10-fevraldagi 45-son qaroriga 1-ilova\n1. Band.")
    assert [b.kind for b in s.blocks] == ["point", "annex", "point"]
    assert keys(s) == ["p-1", "annex1-p-1"]


def test_whitespace_and_line_endings_are_tolerated():
    s = parse("\ufeff1-BOB.\u00a0UMUMIY QOIDALAR\r\n\r\n  1\u00a0-\u00a0modda.\u00a0Maqsad  \r\nMatn.\r\n")
    assert s.provision("art-1").heading == "Maqsad"
    assert s.provision("art-1").chapter == "1-BOB.\u00a0UMUMIY QOIDALAR"
    assert s.provision("art-1").text == "Matn."


def test_heading_without_title():
    s = parse("1-modda.\nMatn.")
    assert (s.provision("art-1").label, s.provision("art-1").heading, s.provision("art-1").text) == (
        "1-modda",
        "",
        "Matn.",
    )


def test_duplicate_numbers_get_suffixes():
    s = parse("1. Birinchi band.\n2. Ikkinchi band.\n1. Yana birinchi band.\n1. Va yana.")
    assert keys(s) == ["p-1", "p-2", "p-1-2", "p-1-3"]


def test_dates_and_bare_numbers_are_not_provisions():
    s = parse("2024-yil 5-martdagi qaror.\n2024 йил 5 март.\n2024.\n12.03.2024 y.")
    assert s.provisions == []
    assert {b.kind for b in s.blocks} == {"paragraph"}


def test_empty_text():
    for text in ("", "  \n\r\n \u00a0\n"):
        s = parse(text)
        assert (s.provisions, s.blocks) == ([], [])


def test_text_without_structure_is_paragraphs():
    s = parse("Hurmatli hamkasblar!\n\nSizga loyiha matnini yuboramiz.\nIltimos, fikr bildiring.")
    assert s.provisions == []
    assert [b.kind for b in s.blocks] == ["paragraph"] * 3
    assert s.provision("p-1") is None


def test_points_that_start_with_a_date_or_number():
    s = parse("1. 2026-yil 1-yanvardan boshlab soliq stavkalari oshiriladi.\n2. 15 foizli imtiyoz saqlanadi.\n")
    assert [p.key for p in s.provisions] == ["p-1", "p-2"]
    assert s.provision("p-1").text.startswith("2026-yil 1-yanvardan")


# --- what real texts do (issue 12) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("БИРИНЧИ БЎЛИМ. АСОСИЙ ПРИНЦИПЛАР", "1"),
        ("IKKINCHI BOʻLIM", "2"),
        ("IKKINChI BO‘LIM. INSON VA FUQARONING ASOSIY HUQUQLARI", "2"),
        ("РАЗДЕЛ ПЕРВЫЙ", "1"),
        ("Раздел третий. Особенная часть", "3"),
        ("OʻN BIRINCHI BOʻLIM", "11"),
        ("XVIII1 BOʻLIM. YAKUNLOVCHI QOIDALAR", "XVIII¹"),
    ],
)
def test_sections_counted_in_words_or_with_a_flattened_superscript(line, number):
    s = parse(f"{line}\n1-modda. Maqsad\nMatn.")
    assert (s.blocks[0].kind, s.blocks[0].number) == ("section", number)
    assert s.provision("art-1").section == line


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("ХХIV боб. Якуний қоидалар", "XXIV"),
        ("ХI БОБ", "XI"),
        ("I. Umumiy qoidalar", "I"),
        ("II. ОБЩИЕ ПОЛОЖЕНИЯ", "II"),
    ],
)
def test_chapters_in_cyrillic_look_alikes_and_without_the_word(line, number):
    s = parse(f"{line}\n1. Birinchi band.")
    assert (s.blocks[0].kind, s.blocks[0].number) == ("chapter", number)
    assert s.provision("p-1").chapter == line


def test_an_initial_is_no_chapter():
    assert parse("I. Karimov").blocks[0].kind != "chapter"


def test_flattened_superscript_articles_are_read_from_their_neighbours():
    s = parse("27-modda. A\nMatn.\n271-modda. B\nMatn.\n272-modda. C\nMatn.\n28-modda. D\nMatn.")
    assert [(p.key, p.number, p.label) for p in s.provisions] == [
        ("art-27", "27", "27-modda"),
        ("art-27-1", "27¹", "27¹-modda"),
        ("art-27-2", "27²", "27²-modda"),
        ("art-28", "28", "28-modda"),
    ]


def test_a_real_article_271_stays_271():
    s = parse("270-modda. A\nMatn.\n271-modda. B\nMatn.\n272-modda. C\nMatn.")
    assert [p.key for p in s.provisions] == ["art-270", "art-271", "art-272"]


def test_flattened_superscript_points_and_chapters():
    s = parse("71-bob. A\n12. Band.\n121. Qoʻshilgan band.\n13. Band.\n711-bob. B\n14. Band.")
    assert [b.number for b in s.blocks if b.kind == "chapter"] == ["71", "71¹"]
    assert [p.key for p in s.provisions] == ["p-12", "p-12-1", "p-13", "p-14"]


def test_two_line_annex_caption_does_not_stick_to_the_previous_point():
    s = parse(
        "3. Nazorat Bosh vazir oʻrinbosari zimmasiga yuklansin.\n"
        "Vazirlar Mahkamasining 2022-yil 14-oktabrdagi 595-son qaroriga\n"
        "2-ILOVA\n"
        "1. Ilovadagi band."
    )
    assert s.provision("p-3").text == "Nazorat Bosh vazir oʻrinbosari zimmasiga yuklansin."
    annex = next(b for b in s.blocks if b.kind == "annex")
    assert annex.text == "Vazirlar Mahkamasining 2022-yil 14-oktabrdagi 595-son qaroriga\n2-ILOVA"
    assert annex.number == "2"
    assert [p.key for p in s.provisions] == ["p-3", "annex2-p-1"]


def test_caption_repeated_over_a_table_opens_no_new_annex():
    s = parse(
        "1. Band.\n2-ILOVA\n1. Ilovadagi band.\n2-ILOVA\nT/r\tHudud\tSoni\n1\tToshkent\t5\n2\tSamarqand\t3\n2. Yana band."
    )
    assert [b.number for b in s.blocks if b.kind == "annex"] == ["2"]
    assert [p.key for p in s.provisions] == ["p-1", "annex2-p-1", "annex2-p-2"]


def test_tab_separated_lines_are_one_table_and_its_numbered_rows_are_no_points():
    s = parse("1. Band.\n№\tNomi\tMiqdori\n1.\tUn\t5\n2.\tShakar\t\n3. Keyingi band.")
    tables = [b for b in s.blocks if b.kind == "table"]
    assert len(tables) == 1
    assert tables[0].rows == [["№", "Nomi", "Miqdori"], ["1.", "Un", "5"], ["2.", "Shakar", ""]]
    assert [p.key for p in s.provisions] == ["p-1", "p-3"]
    assert "Shakar" not in s.provision("p-1").text


def test_a_table_row_keeps_its_empty_first_cell():
    s = parse("\tJami\t8")
    assert s.blocks[0].rows == [["", "Jami", "8"]]


def test_sub_points_in_latin_and_cyrillic_letters_and_numbers():
    s = parse(
        "1. Vazirliklar:\na) birinchi;\nb) ikkinchi.\n2. Ҳокимликлар:\nа) биринчи;\nб) иккинчи;\n3. Band:\n1) bir;\n2) ikki."
    )
    assert [(p.key, p.kind, p.parent) for p in s.provisions] == [
        ("p-1", "point", ""),
        ("p-1.a", "subpoint", "p-1"),
        ("p-1.b", "subpoint", "p-1"),
        ("p-2", "point", ""),
        ("p-2.a", "subpoint", "p-2"),
        ("p-2.b", "subpoint", "p-2"),
        ("p-3", "point", ""),
        ("p-3.1", "subpoint", "p-3"),
        ("p-3.2", "subpoint", "p-3"),
    ]
    assert s.provision("p-2.b").label == "б)"
    # The point's text keeps its list, so a comment on the point sees what it is about.
    assert s.provision("p-1").text == "Vazirliklar:\na) birinchi;\nb) ikkinchi."


def test_sub_points_of_an_article():
    s = parse("5-modda. Subyektlar\nSubyektlar quyidagilardir:\n1) tadbirkorlar;\n2) korxonalar.\nBoshqa qism.")
    assert [p.key for p in s.provisions] == ["art-5", "art-5.1", "art-5.2"]
    # A list item that ends its sentence closes the list: the next paragraph is the article's.
    assert s.provision("art-5.2").text == "korxonalar."
    assert s.provision("art-5").text.endswith("Boshqa qism.")


def test_numbered_with_a_parenthesis_at_top_level_are_points():
    s = parse("Hokim qaror qiladi:\n1) birinchi topshiriq;\na) tafsil;\n2) ikkinchi topshiriq.")
    assert [(p.key, p.kind) for p in s.provisions] == [("p-1", "point"), ("p-1.a", "subpoint"), ("p-2", "point")]


def test_page_furniture_is_kept_out_of_provisions():
    s = parse(
        "Кучга кириш санаси\n29.12.2017\nРУС\nENG\n"
        "1. Birinchi band.\n"
        "Oldingi tahrirga qarang.\n"
        "(1-band Oʻzbekiston Respublikasi Vazirlar Mahkamasining 2023-yil 23-oktabrdagi 558-sonli qarori "
        "tahririda — Qonunchilik maʼlumotlari milliy bazasi, 24.10.2023-y., 09/23/558/0795-son)\n"
        "Bandning davomi.\n"
        "См. предыдущую редакцию.\n"
        "Toshkent sh.,\n2023-yil 23-oktabr,\n558-son"
    )
    assert s.provision("p-1").text == "Birinchi band.\nBandning davomi."
    notes = [b.text for b in s.blocks if b.kind == "note"]
    assert notes[:4] == ["Кучга кириш санаси", "29.12.2017", "РУС", "ENG"]
    assert len(notes) == 7


def test_a_bare_date_in_the_text_is_text():
    s = parse("1. Muddat:\n12.03.2025")
    assert s.provision("p-1").text == "Muddat:\n12.03.2025"


def test_superscripts_after_a_repealed_base_article():
    # Articles 33 to 44 repealed, the inserted 44¹ and 44² kept: their next number shares the base.
    s = parse("32-modda. A\nMatn.\n441-modda. B\nMatn.\n442-modda. C\nMatn.\n45-modda. D\nMatn.")
    assert [p.number for p in s.provisions] == ["32", "44¹", "44²", "45"]


@pytest.mark.parametrize(
    "line",
    [
        "Shaharsozlik\thujjatlarining\tloyihalari\tqonunda\tbelgilangan\ttartibda\tmuhokamadan oʻtkaziladi.",
        "Konstitutsiyaviy sud \tOʻzbekiston Respublikasi \tPrezidentining taqdimiga binoan Senat tomonidan saylanadi",
    ],
)
def test_words_spaced_with_tabs_are_text_not_a_table(line):
    s = parse(f"1-modda.\n{line}")
    assert [b.kind for b in s.blocks] == ["article", "paragraph"]
    assert "\t" not in s.provision("art-1").text
