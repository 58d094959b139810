"""Elasticsearch backend pieces that need no server: mappings, the analyzer, the query bodies we send.

These are not a substitute for the contract suite, which runs against a real Elasticsearch
whenever ELASTICSEARCH_URL is set.
"""

import re

import pytest

from search import folding
from search.backends.base import SearchRequest, Viewer
from search.backends.elasticsearch import ENDINGS_PATTERN, FINAL_PATTERN, build_search, index_definition

WORDS = (
    "Soliqlarni солиғи Oʻzgartirish o'zgartirish ўзгартириш Ер yer Yerlarni налоговых налога Ta’lim таълим "
    "qarorlarining ҚАРОРЛАРИ Ёшлар yoshlar Ғалла gʻallasi цирк Щит объект Юрист yurak yuragi"
).split()


def analysis() -> dict:
    return index_definition("legaldrafts-test").to_dict()["settings"]["analysis"]


def emulate_analyzer(text: str) -> list[str]:
    """The analyzer's steps, applied in Python with the definitions we send."""
    settings = analysis()
    for rule in settings["char_filter"]["uz_letters"]["mappings"]:
        source, _, target = rule.partition(" => ")
        text = text.replace(chr(int(source[2:], 16)), target)
    ye = settings["char_filter"]["uz_initial_ye"]
    # Java's [\p{L}\p{N}] is Python's [^\W_].
    text = re.sub(ye["pattern"].replace(r"[\p{L}\p{N}]", r"[^\W_]"), ye["replacement"], text)
    tokens = [t.lower() for t in re.split(r"[^\w]+|_", text) if t]
    for name in ("uz_endings_1", "uz_endings_2"):
        f = settings["filter"][name]
        tokens = [re.sub(f["pattern"], f["replacement"].replace("$1", r"\1"), t) for t in tokens]
    final = settings["filter"]["uz_final_consonant"]
    return [re.sub(final["pattern"], final["replacement"].replace("$1", r"\1"), t) for t in tokens]


def test_mapping_fields_and_analyzer():
    definition = index_definition("legaldrafts-test").to_dict()
    properties = definition["mappings"]["properties"]
    assert properties["title"]["analyzer"] == properties["body"]["analyzer"] == "uz_folded"
    assert properties["title"]["fields"]["raw"]["type"] == "keyword"
    for name in ("status", "kind", "number"):
        assert properties[name]["type"] == "keyword"
    for name in ("drafters", "review_groups", "draft_id", "act_type", "issuing_body", "year"):
        assert properties[name]["type"] == "integer"
    assert properties["public"]["type"] == properties["in_review"]["type"] == "boolean"
    analyzer = analysis()["analyzer"]["uz_folded"]
    assert analyzer["char_filter"] == ["uz_letters", "uz_initial_ye"]
    assert analyzer["filter"] == ["lowercase", "uz_endings_1", "uz_endings_2", "uz_final_consonant"]


def test_analyzer_is_generated_from_the_folding_tables():
    mappings = analysis()["char_filter"]["uz_letters"]["mappings"]
    sources = {chr(int(rule.split(" => ")[0][2:], 16)) for rule in mappings}
    assert set(folding.TRANSLITERATION) <= sources
    assert {c.upper() for c in folding.TRANSLITERATION} <= sources
    assert set(folding.APOSTROPHES) <= sources
    assert analysis()["filter"]["uz_endings_1"]["pattern"] == ENDINGS_PATTERN
    assert ENDINGS_PATTERN == folding._ENDING_RE.pattern
    assert FINAL_PATTERN == "^(.+)[gk]$"


@pytest.mark.parametrize("word", WORDS)
def test_analyzer_folds_like_the_database_backend(word):
    assert emulate_analyzer(word) == folding.terms(word)


def body(viewer: Viewer, **request) -> dict:
    return build_search("legaldrafts", SearchRequest(query="soliq", **request), viewer).to_dict()


def test_query_body_for_an_anonymous_reader():
    sent = body(Viewer(user_id=None, sees_everything=False))
    (visibility,) = sent["query"]["bool"]["filter"]
    assert visibility == {"bool": {"should": [{"term": {"public": True}}], "minimum_should_match": 1}}
    assert sent["query"]["bool"]["must"] == [
        {"multi_match": {"query": "soliq", "fields": ["title^4", "body"], "operator": "and", "type": "most_fields"}}
    ]
    assert set(sent["aggs"]["drafts"]["aggs"]) == {"status", "act_type", "issuing_body", "year"}
    assert sent["aggs"]["drafts"]["filter"] == {"term": {"kind": "draft"}}
    assert (sent["from"], sent["size"], sent["track_total_hits"]) == (0, 20, True)
    assert sent["suggest"]["spelling"]["term"]["field"] == "title"


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
    assert list(sent["query"]) == ["multi_match"]
