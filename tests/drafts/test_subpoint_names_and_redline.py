"""A sub-point is named with what holds it, and the redline shows each change once (issue 12)."""

import pytest

from drafts.diff import compare_texts
from drafts.labels import provision_name
from drafts.serializers import VersionDiffSerializer
from drafts.structure import parse

RESOLUTION = """1. Viloyat hokimligi:
a) reja tuzsin;
b) hisobot bersin.
2. Nazorat oʻrinbosarga yuklansin.
"""

RUSSIAN = """1. Министерству:
а) разработать программу;
б) представить отчёт.
"""

LAW = """4-modda. Vakolatlar
1. Hokimlik vakolatlari.
2. Hokimiyat organlari:
a) rasmiy veb-saytda axborot joylashtiradi;
b) axborot tarqatadi.

271-modda. Xarajatlar
Quyidagilar kiradi:
1) qonunchilikka muvofiq:
a) toʻlov;
b) boshqa toʻlov;
2) ikkinchi.

28-modda. Yakun
Matn.
"""

ANNEX = """1. Nizom tasdiqlansin.

2-ILOVA

NIZOM

1. Umumiy qoida.
3. Markaz:
a) tahlil qiladi;
b) xulosa beradi.
"""


def names(text: str, language: str) -> dict[str, str]:
    return {p.key: provision_name(p, language) for p in parse(text).provisions if p.kind == "subpoint"}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("uz-latn", {"p-1.a": "1-band, a)", "p-1.b": "1-band, b)"}),
        ("uz-cyrl", {"p-1.a": "1-банд, a)", "p-1.b": "1-банд, b)"}),
        ("ru", {"p-1.a": "п. 1, a)", "p-1.b": "п. 1, b)"}),
        ("en", {"p-1.a": "point 1 (a)", "p-1.b": "point 1 (b)"}),
    ],
)
def test_a_sub_point_of_a_point_is_named_with_its_point_in_the_language_of_the_act(language, expected):
    assert names(RESOLUTION, language) == expected


def test_a_cyrillic_list_letter_is_named_as_printed():
    assert names(RUSSIAN, "ru") == {"p-1.a": "п. 1, а)", "p-1.b": "п. 1, б)"}


def test_sub_points_of_articles_name_the_article_and_the_part_or_item_that_holds_them():
    assert names(LAW, "uz-latn") == {
        "art-4.2.a": "4-modda, 2-qism, a)",
        "art-4.2.b": "4-modda, 2-qism, b)",
        "art-27-1.1": "27¹-modda, 1)",
        "art-27-1.1.a": "27¹-modda, 1), a)",
        "art-27-1.1.b": "27¹-modda, 1), b)",
        "art-27-1.2": "27¹-modda, 2)",
    }
    assert names(LAW, "ru")["art-4.2.a"] == "ст. 4, ч. 2, a)"
    assert names(LAW, "en")["art-27-1.1.a"] == "article 27¹ (1) (a)"


def test_a_sub_point_in_an_annex_names_the_annex_too():
    assert names(ANNEX, "uz-latn") == {"annex2-p-3.a": "2-ilova, 3-band, a)", "annex2-p-3.b": "2-ilova, 3-band, b)"}


def test_articles_and_points_keep_their_names():
    structure = parse(LAW + "\n" + "")
    assert [provision_name(p, "uz-latn") for p in structure.provisions if p.kind == "article"] == [
        "4-modda",
        "27¹-modda",
        "28-modda",
    ]
    assert [provision_name(p, "ru") for p in parse(RESOLUTION).provisions if p.kind == "point"] == [
        "Пункт 1",
        "Пункт 2",
    ]


def test_a_changed_sub_point_is_one_entry_of_the_redline_under_its_point():
    changes = compare_texts(RESOLUTION, RESOLUTION.replace("hisobot bersin", "har oy hisobot bersin"))["articles"]
    assert [(c.key, c.change, c.subpoints) for c in changes] == [("p-1", "changed", ["p-1.b"])]
    assert ("insert", "har oy ") in changes[0].words


def test_the_api_redline_names_the_changed_sub_points_of_each_entry():
    comparison = compare_texts(RESOLUTION, RESOLUTION.replace("hisobot bersin", "har oy hisobot bersin"))
    body = VersionDiffSerializer({"from_version": 1, "to_version": 2, **comparison}).data
    assert [(a["key"], a["subpoints"]) for a in body["articles"]] == [("p-1", ["p-1.b"])]


def test_an_added_or_removed_sub_point_is_part_of_its_point_change():
    added = compare_texts(
        RESOLUTION, RESOLUTION.replace("b) hisobot bersin.", "b) hisobot bersin;\nv) nazorat qilsin.")
    )
    assert [(c.key, c.change, c.subpoints) for c in added["articles"]] == [("p-1", "changed", ["p-1.b", "p-1.v"])]
    removed = compare_texts(RESOLUTION, RESOLUTION.replace("a) reja tuzsin;\n", ""))
    assert [(c.key, c.change, c.subpoints) for c in removed["articles"]] == [("p-1", "changed", ["p-1.a"])]


def test_a_removed_point_is_one_entry_with_its_sub_points():
    changes = compare_texts(RESOLUTION, "2. Nazorat oʻrinbosarga yuklansin.\n")["articles"]
    assert [(c.key, c.change, c.subpoints) for c in changes] == [("p-1", "removed", ["p-1.a", "p-1.b"])]


def test_a_nested_item_change_shows_once_under_its_article():
    changes = compare_texts(LAW, LAW.replace("a) toʻlov;", "a) yillik toʻlov;"))["articles"]
    assert [(c.key, c.change, c.subpoints) for c in changes] == [
        ("art-27-1", "changed", ["art-27-1.1", "art-27-1.1.a"])
    ]
