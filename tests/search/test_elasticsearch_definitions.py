"""Elasticsearch backend pieces that need no server: mappings, the analyzers, the query bodies we send.

The analyzers are run here, step by step as Elasticsearch would, from the definitions we send (Java's
regular expressions read as Python's, Snowball for the snowball filter), and must give what
search.folding gives. These are not a substitute for the contract suite, which runs against a real
Elasticsearch whenever ELASTICSEARCH_URL is set.
"""

import re

import pytest
import snowballstemmer

from search import folding
from search.backends.base import SearchRequest, Viewer
from search.backends.elasticsearch import QUERY_FIELDS, build_search, index_definition
from tests.search.folding_groups import APART, RUSSIAN, UZBEK_CYRILLIC, UZBEK_LATIN

WORDS = (
    "Soliqlarni солиғи Oʻzgartirish o'zgartirish ўзгартириш Ер yer Yerlarni налоговых налога Ta’lim таълим "
    "qarorlarining ҚАРОРЛАРИ Ёшлар yoshlar Ғалла gʻallasi цирк Щит объект Юрист yurak yuragi Конституция "
    "принцип функция государственных мерах Respublikasining bolaning СЕНТЯБРЬ sentyabr shahrida matni"
).split()
VOCABULARY = sorted(
    {form for forms in (*UZBEK_LATIN.values(), *UZBEK_CYRILLIC.values(), *RUSSIAN.values()) for form in forms}
    | {word for pair in APART for word in pair}
)


def analysis() -> dict:
    return index_definition("legaldrafts-test").to_dict()["settings"]["analysis"]


def _python(pattern: str) -> str:
    """Java's \\p{L}\\p{N} as Python's [^\\W_]."""
    return pattern.replace(r"[^\p{L}\p{N}]", r"[\W_]")


def _replacement(java: str) -> str:
    return re.sub(r"\$(\d)", r"\\g<\1>", java)


def _unescape(text: str) -> str:
    return re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m.group(1), 16)), text)


def run(name: str, text: str) -> list[str]:
    """The tokens the analyzer `name` makes of the text, following each step of its definition."""
    settings = analysis()
    definition = settings["analyzer"][name]
    for filter_name in definition["char_filter"]:
        step = settings["char_filter"][filter_name]
        if step["type"] == "pattern_replace":
            text = re.sub(step["pattern"], _replacement(step["replacement"]), text)
        else:
            assert step["type"] == "mapping"
            table = dict(_unescape(rule).split(" => ") for rule in step["mappings"])
            text = "".join(table.get(c, c) for c in text)
    tokenizer = settings["tokenizer"][definition["tokenizer"]]
    tokens = [t for t in re.split(_python(tokenizer["pattern"]), text) if t]
    for filter_name in definition["filter"]:
        if filter_name == "lowercase":
            tokens = [t.lower() for t in tokens]
            continue
        step = settings["filter"][filter_name]
        if step["type"] == "pattern_replace":
            tokens = [re.sub(step["pattern"], _replacement(step["replacement"]), t) for t in tokens]
        elif step["type"] == "length":
            tokens = [t for t in tokens if len(t) >= step["min"]]
        else:
            assert step == {"type": "snowball", "language": "Russian"}
            stemmer = snowballstemmer.stemmer("russian")
            tokens = [stemmer.stemWord(t) for t in tokens]
    return tokens


def test_mapping_fields_and_analyzers():
    definition = index_definition("legaldrafts-test").to_dict()
    properties = definition["mappings"]["properties"]
    for name in ("title", "body"):
        assert properties[name]["analyzer"] == "uz_folded"
        assert properties[name]["fields"]["exact"] == {"type": "text", "analyzer": "uz_exact"}
        assert properties[name]["fields"]["ru"] == {"type": "text", "analyzer": "ru_stem"}
    assert properties["title"]["fields"]["raw"]["type"] == "keyword"
    for name in ("status", "kind", "number"):
        assert properties[name]["type"] == "keyword"
    for name in ("drafters", "review_groups", "draft_id", "act_type", "issuing_body", "year"):
        assert properties[name]["type"] == "integer"
    assert properties["public"]["type"] == properties["in_review"]["type"] == "boolean"
    assert set(analysis()["analyzer"]) == {"uz_exact", "uz_folded", "ru_stem"}


def test_analyzers_are_generated_from_the_folding_tables():
    settings = analysis()
    sources = {_unescape(rule).split(" => ")[0] for rule in settings["char_filter"]["uz_letters"]["mappings"]}
    assert set(folding.TRANSLITERATION) | {c.upper() for c in folding.TRANSLITERATION} <= sources
    assert [settings["char_filter"][f"uz_apostrophes_{n}"]["pattern"] for n in (1, 2, 3)] == [
        pattern for pattern, _ in folding.APOSTROPHE_RULES
    ]
    assert settings["filter"]["uz_endings"]["pattern"] == folding.ENDING_RULE[0]
    stems = settings["analyzer"]["uz_folded"]["filter"]
    assert stems.count("uz_endings") == folding.PASSES


@pytest.mark.parametrize("text", [*WORDS, " ".join(WORDS), "«Oʻzbekiston» 'qaror' bog' ta'lim 5ер"])
def test_analyzers_fold_like_the_database_backend(text):
    found = folding.words(text)
    assert run("uz_exact", text) == [w.exact for w in found if w.exact]
    assert run("uz_folded", text) == [w.terms[0] for w in found if w.exact]
    assert run("ru_stem", text) == [t for w in found for t in w.terms if re.fullmatch("[а-яё]+", t)]


def test_analyzers_fold_the_whole_vocabulary_like_the_database_backend():
    """Every word of the measured list (tests/search/folding_groups.py) gets the same terms from both."""
    differ = []
    for word in VOCABULARY:
        (found,) = folding.words(word)
        engine = set(run("uz_folded", word)) | set(run("ru_stem", word))
        if engine != set(found.terms) or run("uz_exact", word) != [found.exact]:
            differ.append(word)
    assert differ == []


def body(viewer: Viewer, query: str = "soliq", **request) -> dict:
    return build_search("legaldrafts", SearchRequest(query=query, **request), viewer).to_dict()


def test_query_body_for_an_anonymous_reader():
    sent = body(Viewer(user_id=None, sees_everything=False))
    (visibility,) = sent["query"]["bool"]["filter"]
    assert visibility == {"bool": {"should": [{"term": {"public": True}}], "minimum_should_match": 1}}
    assert sent["query"]["bool"]["must"] == [
        {"multi_match": {"query": "soliq", "fields": QUERY_FIELDS, "type": "most_fields"}}
    ]
    assert QUERY_FIELDS == ["title.exact^8", "title^4", "title.ru^4", "body.exact^2", "body", "body.ru"]
    assert set(sent["aggs"]["drafts"]["aggs"]) == {"status", "act_type", "issuing_body", "year"}
    assert sent["aggs"]["drafts"]["filter"] == {"term": {"kind": "draft"}}
    # Counted exactly up to settings.SEARCH_COUNT_CAP, "more than" beyond (as the database backend).
    assert (sent["from"], sent["size"], sent["track_total_hits"]) == (0, 20, 1000)
    assert sent["suggest"]["spelling"]["term"]["field"] == "title"


def test_every_query_word_must_meet_a_word():
    sent = body(Viewer(user_id=1, sees_everything=True), query="yo‘llarni «ta’mirlash»")
    words = [clause["multi_match"]["query"] for clause in sent["query"]["bool"]["must"]]
    assert words == ["yoʻllarni", "tamirlash"]


def test_query_body_for_an_expert_with_filters_and_a_page():
    sent = body(
        Viewer(user_id=7, sees_everything=False, group_ids=(3, 4)),
        status=("approved",),
        year=(2026,),
        page=3,
        page_size=10,
    )
    visibility, status, year = sent["query"]["bool"]["filter"]
    assert visibility["bool"]["should"] == [
        {"term": {"public": True}},
        {"term": {"drafters": 7}},
        {"bool": {"must": [{"term": {"in_review": True}}, {"terms": {"review_groups": [3, 4]}}]}},
    ]
    assert status == {"terms": {"status": ["approved"]}} and year == {"terms": {"year": [2026]}}
    assert (sent["from"], sent["size"]) == (20, 10)


def test_query_body_for_an_approver_has_no_visibility_filter():
    sent = body(Viewer(user_id=1, sees_everything=True))
    assert list(sent["query"]) == ["bool"]
