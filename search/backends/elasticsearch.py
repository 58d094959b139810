"""The Elasticsearch 9 backend, written with elasticsearch.dsl (shipped inside the elasticsearch client).

The analyzers are generated from search.folding's tables, so Elasticsearch folds Latin and Cyrillic
Uzbek, apostrophes and endings exactly as the database backend does: `title` and `body` hold the
folded Uzbek terms, their `.exact` sub-fields the exact forms (which rank first), their `.ru`
sub-fields the Russian stems. A changed analyzer needs `python manage.py search_rebuild`. Searches go to an alias;
a rebuild fills a new index and swaps the alias, so searching works throughout.
"""

import re
import time

from django.conf import settings
from elasticsearch import Elasticsearch, helpers
from elasticsearch.dsl import (
    Boolean,
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    Q,
    Search,
    Text,
    analyzer,
    char_filter,
    token_filter,
    tokenizer,
)

from search import folding
from search.backends.base import FACETS, Hit, SearchBackend, SearchRequest, SearchResult, Viewer
from search.documents import SearchDocument

FACET_FIELDS = {"status": "status", "act_type": "act_type", "issuing_body": "issuing_body", "year": "year"}


def _java(replacement: str) -> str:
    """A Python replacement (\\1) as Java writes it ($1)."""
    return re.sub(r"\\(\d)", r"$\1", replacement)


def _escaped(text: str) -> str:
    return "".join(c if c.isascii() else f"\\u{ord(c):04x}" for c in text)


def _mappings() -> list[str]:
    """Cyrillic letters (both cases) to Uzbek Latin, as folding.transliterate does after its context rules."""
    return [
        f"{_escaped(source)} => {_escaped(latin)}"
        for cyrillic, latin in folding.TRANSLITERATION.items()
        for source in dict.fromkeys((cyrillic, cyrillic.upper()))
    ]


def _pattern_filters(prefix: str, rules, make) -> list:
    return [
        make(f"{prefix}_{n}", "pattern_replace", pattern=pattern, replacement=_java(replacement))
        for n, (pattern, replacement) in enumerate(rules, start=1)
    ]


APOSTROPHE_FILTERS = _pattern_filters("uz_apostrophes", folding.APOSTROPHE_RULES, char_filter)
LETTER_FILTERS = [
    *_pattern_filters("uz_cyrillic", folding.CYRILLIC_CONTEXT_RULES, char_filter),
    char_filter("uz_letters", "mapping", mappings=_mappings()),
]
WORDS = tokenizer("uz_words", "pattern", pattern=r"[^\p{L}\p{N}]+")
LETTER_FOLDS = _pattern_filters("uz_fold", [(re.escape(a), b) for a, b in folding.LETTER_FOLDS], token_filter)
ENDINGS = token_filter("uz_endings", "pattern_replace", pattern=folding.ENDING_RULE[0], replacement="$1")
STEM_RULES = _pattern_filters("uz_stem", folding.STEM_RULES, token_filter)

# The exact form of each word.
uz_exact = analyzer(
    "uz_exact", char_filter=[*APOSTROPHE_FILTERS, *LETTER_FILTERS], tokenizer=WORDS, filter=["lowercase"]
)
# The folded Uzbek term of each word: the passes of folding.uzbek_stem, one after the other.
uz_folded = analyzer(
    "uz_folded",
    char_filter=[*APOSTROPHE_FILTERS, *LETTER_FILTERS],
    tokenizer=WORDS,
    filter=["lowercase", *LETTER_FOLDS, *[f for _ in range(folding.PASSES) for f in (ENDINGS, *STEM_RULES)]],
)
# The Russian stem of each word written in the Russian alphabet only; other words are dropped.
ru_stem = analyzer(
    "ru_stem",
    char_filter=APOSTROPHE_FILTERS,
    tokenizer=WORDS,
    filter=[
        "lowercase",
        token_filter("ru_only", "pattern_replace", pattern=f"^(?!{folding.RUSSIAN_LETTERS}$).*", replacement=""),
        token_filter("ru_nonempty", "length", min=1),
        token_filter("ru_snowball", "snowball", language="Russian"),
    ],
)
ANALYZERS = (uz_exact, uz_folded, ru_stem)
# Exact forms weigh twice their folded term; titles four times the body.
QUERY_FIELDS = ["title.exact^8", "title^4", "title.ru^4", "body.exact^2", "body", "body.ru"]


def _text(**extra) -> Text:
    return Text(analyzer=uz_folded, fields={"exact": Text(analyzer=uz_exact), "ru": Text(analyzer=ru_stem), **extra})


class SearchDoc(Document):
    """A draft, a published public comment or a published library material in the index."""

    kind = Keyword()
    draft_id = Integer()
    comment_id = Integer()
    material_id = Integer()
    title = _text(raw=Keyword())
    body = _text()
    status = Keyword()
    act_type = Integer()
    issuing_body = Integer()
    year = Integer()
    number = Keyword()
    updated_at = Date()
    public = Boolean()
    drafters = Integer()
    review_groups = Integer()
    in_review = Boolean()

    @classmethod
    def from_document(cls, doc: SearchDocument) -> "SearchDoc":
        # A draft and its comments live on one shard (routed by the draft), so that a draft's documents
        # are replaced and counted on one shard; materials have no draft and go by their id.
        meta = {"id": doc.key} if doc.draft_id is None else {"id": doc.key, "routing": str(doc.draft_id)}
        return cls(
            meta=meta,
            kind=doc.kind,
            draft_id=doc.draft_id,
            comment_id=doc.comment_id,
            material_id=doc.material_id,
            title=doc.title,
            body=doc.body,
            status=doc.status,
            act_type=doc.act_type_id,
            issuing_body=doc.issuing_body_id,
            year=doc.year,
            number=doc.number,
            updated_at=doc.updated_at,
            public=doc.public,
            drafters=doc.drafters,
            review_groups=doc.review_groups,
            in_review=doc.in_review,
        )


def index_definition(name: str) -> Index:
    """An index with our analyzer and the SearchDoc mapping."""
    index = Index(name)
    # One shard and no replica on one node; a cluster sets both (docs/deployment.md: 3 and 1 for 10M comments).
    index.settings(number_of_shards=settings.ELASTICSEARCH_SHARDS, number_of_replicas=settings.ELASTICSEARCH_REPLICAS)
    for each in ANALYZERS:
        index.analyzer(each)
    index.document(SearchDoc)
    return index


def visibility_filter(viewer: Viewer):
    """Public documents, the viewer's own drafts, and drafts their expert group reviews."""
    if viewer.sees_everything:
        return None
    allowed = [Q("term", public=True)]
    if viewer.user_id is not None:
        allowed.append(Q("term", drafters=viewer.user_id))
        if viewer.group_ids:
            allowed.append(Q("term", in_review=True) & Q("terms", review_groups=list(viewer.group_ids)))
    return Q("bool", should=allowed, minimum_should_match=1)


def build_search(alias: str, request: SearchRequest, viewer: Viewer) -> Search:
    """The search sent to Elasticsearch (kept separate so its body can be checked without a server)."""
    # Every query word must meet a word of the document (in some field), as in the database backend.
    search = Search(index=alias).query(
        "bool",
        must=[
            Q("multi_match", query=word, fields=QUERY_FIELDS, type="most_fields")
            for word in folding.query_words(request.query)
        ],
    )
    if (allowed := visibility_filter(viewer)) is not None:
        search = search.filter(allowed)
    for name, field_name in FACET_FIELDS.items():
        if values := list(getattr(request, name)):
            search = search.filter("terms", **{field_name: values})
    drafts_only = search.aggs.bucket("drafts", "filter", term={"kind": "draft"})
    for name, field_name in FACET_FIELDS.items():
        drafts_only.bucket(name, "terms", field=field_name, size=100)
    search = search.suggest("spelling", request.query, term={"field": "title", "suggest_mode": "popular"})
    search = search.sort("_score", {"updated_at": "desc"})
    start = (request.page - 1) * request.page_size
    # Counted exactly up to the cap, as the database backend does ("gte" beyond it).
    return search.extra(track_total_hits=settings.SEARCH_COUNT_CAP)[start : start + request.page_size]


class ElasticsearchBackend(SearchBackend):
    """Elasticsearch 9 through elasticsearch.dsl; the alias settings.ELASTICSEARCH_INDEX is what is searched."""

    name = "elasticsearch"

    def __init__(self, url: str = ""):
        super().__init__(url)
        self.alias = settings.ELASTICSEARCH_INDEX
        self.client = Elasticsearch(url or "http://localhost:9200", request_timeout=10)

    def _ensure_index(self) -> None:
        if not self.client.indices.exists_alias(name=self.alias):
            name = f"{self.alias}-{int(time.time() * 1000)}"
            index_definition(name).create(using=self.client)
            self.client.indices.put_alias(index=name, name=self.alias)

    def replace_drafts(self, draft_ids, documents):
        self._replace("draft_id", draft_ids, documents)

    def replace_comments(self, comment_ids, documents):
        # Deleted by their own ids, wherever they are routed (one query over the shards, however large the discussion).
        self._replace("comment_id", comment_ids, documents)

    def replace_materials(self, material_ids, documents):
        self._replace("material_id", material_ids, documents)

    def _replace(self, id_field: str, ids, documents) -> None:
        self._ensure_index()
        self.client.delete_by_query(
            index=self.alias, query={"terms": {id_field: sorted(ids)}}, refresh=True, conflicts="proceed"
        )
        actions = [SearchDoc.from_document(doc).to_dict(include_meta=True) for doc in documents]
        for action in actions:
            action["_index"] = self.alias
        helpers.bulk(self.client, actions, refresh="wait_for")

    def rebuild(self, batches):
        name = f"{self.alias}-{int(time.time() * 1000)}"
        index_definition(name).create(using=self.client)
        for documents in batches:
            actions = [SearchDoc.from_document(doc).to_dict(include_meta=True) for doc in documents]
            for action in actions:
                action["_index"] = name
            helpers.bulk(self.client, actions)
        self.client.indices.refresh(index=name)
        old = (
            list(self.client.indices.get_alias(name=self.alias).keys())
            if self.client.indices.exists_alias(name=self.alias)
            else []
        )
        self.client.indices.update_aliases(
            actions=[{"remove": {"index": i, "alias": self.alias}} for i in old]
            + [{"add": {"index": name, "alias": self.alias}}]
        )
        for index in old:
            self.client.indices.delete(index=index)

    def ping(self, timeout):
        # No retries: a health check that waits out three attempts would hang the one asking.
        return self.client.options(request_timeout=timeout, max_retries=0).ping()

    def indexed_keys(self):
        self._ensure_index()
        return {hit.meta.id for hit in Search(using=self.client, index=self.alias).source(False).scan()}

    def search(self, request: SearchRequest, viewer: Viewer) -> SearchResult:
        self._ensure_index()
        response = build_search(self.alias, request, viewer).using(self.client).execute()
        hits = [
            Hit(
                h.meta.id,
                h.kind,
                getattr(h, "draft_id", None),
                getattr(h, "comment_id", None),
                h.meta.score or 0.0,
                getattr(h, "material_id", None),
            )
            for h in response
        ]
        buckets = response.aggregations.drafts
        facets = {name: {str(b.key): b.doc_count for b in getattr(buckets, name).buckets} for name in FACETS}
        suggestion = _suggestion(request.query, response)
        total = response.hits.total
        return SearchResult(
            total=total.value, hits=hits, facets=facets, suggestion=suggestion, exact=total.relation == "eq"
        )


def _suggestion(query: str, response) -> str | None:
    corrected, changed = [], False
    suggest = getattr(response, "suggest", None)
    for entry in getattr(suggest, "spelling", None) or []:
        if entry.options:
            corrected.append(entry.options[0].text)
            changed = True
        else:
            corrected.append(entry.text)
    return " ".join(corrected) if changed else None
