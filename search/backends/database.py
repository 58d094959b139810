"""The embedded search backend: SQLite FTS5 or PostgreSQL full-text search over folded terms.

Each word is stored twice, as its exact form and as its folded terms (search.folding). A document
matches when every query word meets one of its words (a shared folded term). It ranks by where and
how each query word is found (PLACES: in the title above in the body, written exactly above only
meeting), so "soʻz" ranks a text with "soʻz" above one with "soz", and "maktab" ranks "maktab" above
"maktabgacha"; documents alike in that rank by bm25 (SQLite) or ts_rank (PostgreSQL), which can
never outweigh one step of it.
"""

import re

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BooleanField, F, FloatField, Q
from django.db.models.expressions import RawSQL

from drafts.selectors import draft_list_visible_to
from kernel.replica import reads_may_lag
from search.backends.base import FACETS, Hit, SearchBackend, SearchRequest, SearchResult, Viewer
from search.documents import SearchDocument
from search.folding import Word, words
from search.models import SearchEntry

FACET_FIELDS = {"status": "status", "act_type": "act_type_id", "issuing_body": "issuing_body_id", "year": "year"}
# What each query word adds to a document's rank, by where it is found and whether written exactly:
# (field, exact?, points). FTS5 column names; PostgreSQL keeps them as the weights of one tsvector.
PLACES = [("title", False, 4.0), ("title_exact", True, 2.0), ("body", False, 1.0), ("body_exact", True, 0.5)]
PG_WEIGHTS = {"title_exact": "A", "title": "B", "body_exact": "C", "body": "D"}
# The engine's own score, squeezed below the smallest step of PLACES, orders documents alike in them.
TIE_BREAK = 0.4
BM25_WEIGHTS = (4.0, 4.0, 1.0, 1.0)  # the FTS5 columns in their order: title_exact, title, body_exact, body
# PostgreSQL: exact forms are lexemes marked with "=" so they never equal a folded term.
EXACT_MARK = "="
# Positions kept per lexeme and weight: enough for ts_rank to count repeats. A vector written longer
# than the budget (a code of a thousand pages) keeps one, to stay under PostgreSQL's 1 MB per tsvector.
POSITIONS = 4
VECTOR_BUDGET = 700_000
MAX_POSITION = 16383


class DatabaseBackend(SearchBackend):
    """Search in the service's own database, so that it runs with nothing else installed."""

    name = "database"

    def replace_drafts(self, draft_ids, documents):
        self._replace(SearchEntry.objects.filter(draft_id__in=draft_ids), documents)

    def replace_comments(self, comment_ids, documents):
        self._replace(SearchEntry.objects.filter(comment_id__in=comment_ids), documents)

    def replace_materials(self, material_ids, documents):
        self._replace(SearchEntry.objects.filter(material_id__in=material_ids), documents)

    def _replace(self, stale, documents: list[SearchDocument]) -> None:
        with transaction.atomic():
            if connection.vendor == "sqlite":
                ids = list(stale.values_list("pk", flat=True))
                with connection.cursor() as cursor:
                    cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(pk,) for pk in ids])
            stale.delete()
            self._insert(documents)

    def _insert(self, documents: list[SearchDocument]) -> None:
        postgresql = connection.vendor == "postgresql"
        entries = []
        for doc in documents:
            title, body = words(doc.title), words(doc.body)
            entries.append(
                SearchEntry(
                    key=doc.key,
                    kind=doc.kind,
                    draft_id=doc.draft_id,
                    comment_id=doc.comment_id,
                    material_id=doc.material_id,
                    title_terms=_folded(title),
                    body_terms=_folded(body),
                    title_exact=_exact(title),
                    body_exact=_exact(body),
                    status=doc.status,
                    act_type_id=doc.act_type_id,
                    issuing_body_id=doc.issuing_body_id,
                    year=doc.year,
                    updated_at=doc.updated_at,
                    search_vector=_vector(title, body) if postgresql else None,
                )
            )
        entries = SearchEntry.objects.bulk_create(entries, batch_size=500)
        if entries and connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.executemany(
                    # REPLACE: a row left behind by a table flush must not block a reused id.
                    "INSERT OR REPLACE INTO search_fts (rowid, title_exact, title, body_exact, body) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    [(e.pk, e.title_exact, e.title_terms, e.body_exact, e.body_terms) for e in entries],
                )

    def rebuild(self, batches):
        with transaction.atomic():
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute("DELETE FROM search_fts")
            SearchEntry.objects.all().delete()
            for documents in batches:
                self._insert(documents)

    def indexed_keys(self):
        return set(SearchEntry.objects.values_list("key", flat=True))

    def search(self, request: SearchRequest, viewer: Viewer) -> SearchResult:
        query = words(request.query)
        entries = SearchEntry.objects.all()
        if not viewer.sees_everything:
            # Only published materials are indexed: each is public. Anonymous readers see the public drafts
            # (drafts.selectors.draft_list_visible_to), checked row by row through the draft, so that a
            # bounded scan stays bounded; a logged-in reader's drafts come from the selector itself.
            if viewer.user_id is None:
                entries = entries.filter(Q(draft__is_public=True) | Q(kind="material"))
            else:
                entries = entries.filter(
                    Q(draft_id__in=draft_list_visible_to(viewer.user).values("pk")) | Q(kind="material")
                )
        entries = entries.filter(_filters(request))
        if not query:
            return SearchResult(total=0, hits=[], facets={name: {} for name in FACETS})
        matched, _ranked = self._match(entries, query)
        # Counted exactly up to the cap, then "more than": a common word in a million documents costs what a
        # thousand do. Beyond the cap, the newest `cap` matches (ids grow as documents are indexed) are the
        # ones ranked, counted into facets and paged; below it, every match is.
        cap = settings.SEARCH_COUNT_CAP
        with reads_may_lag():
            rows = list(_newest(matched, cap + 1))[: cap + 1]
        exact = len(rows) <= cap
        rows = rows[:cap]
        total, facets = len(rows), _facets(rows)
        ranked = self._match(SearchEntry.objects.filter(pk__in=[row["pk"] for row in rows]), query)[1]
        start = (request.page - 1) * request.page_size
        page = ranked.order_by("-rank", "-updated_at", "pk").values(
            "key", "kind", "draft_id", "comment_id", "material_id", "rank"
        )[start : start + request.page_size]
        hits = [
            Hit(r["key"], r["kind"], r["draft_id"], r["comment_id"], float(r["rank"]), r["material_id"]) for r in page
        ]
        return SearchResult(total=total, hits=hits, facets=facets, exact=exact)

    def _match(self, entries, query: list[Word]):
        """The entries where every query word meets a word, and the same annotated with a `rank` (higher is better)."""
        places, params = [], []
        if connection.vendor == "sqlite":
            match = _fts5_query(query)
            matched = entries.filter(pk__in=RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [match]))
            for word in query:
                for field, exact, points in PLACES:
                    if exact and not word.exact:
                        continue
                    places.append(
                        f"CASE WHEN search_searchentry.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s) "
                        f"THEN {points} ELSE 0 END"
                    )
                    params.append("{" + field + "} : " + _fts5_alternatives(word, exact))
            # bm25 is lower for better matches.
            engine = (
                f"(SELECT -bm25(search_fts, {', '.join(map(str, BM25_WEIGHTS))}) FROM search_fts "
                "WHERE search_fts.rowid = search_searchentry.id AND search_fts MATCH %s)"
            )
            params.append(match)
        else:
            tsquery = _tsquery(query)
            matched = entries.alias(
                found=RawSQL("search_vector @@ %s::tsquery", [tsquery], output_field=BooleanField())
            ).filter(found=True)
            for word in query:
                for field, exact, points in PLACES:
                    if exact and not word.exact:
                        continue
                    places.append(f"CASE WHEN search_vector @@ %s::tsquery THEN {points} ELSE 0 END")
                    lexemes = [EXACT_MARK + word.exact] if exact else word.terms
                    params.append(" | ".join(f"{_quoted(lexeme)}:{PG_WEIGHTS[field]}" for lexeme in lexemes))
            engine = "ts_rank(search_vector, %s::tsquery)"
            params.append(tsquery)
        # x / (1 + x) is below 1 for any score the engine gives.
        rank = f"{' + '.join(places)} + {TIE_BREAK} * {engine} / (1 + {engine})"
        return matched, matched.annotate(rank=RawSQL(rank, [*params, params[-1]], output_field=FloatField()))


# Below this many estimated matches, PostgreSQL collects them all through the full-text index and sorts them;
# above it, it walks the newest entries and keeps those that match, which finds `cap` of them quickly.
DENSE_MATCHES = 20_000


def _newest(matched, limit: int):
    """The newest `limit` matches (id, kind and facet fields), in a plan that stays bounded for rare and common words alike."""
    fields = ["pk", "kind", *FACET_FIELDS.values()]
    newest = matched.order_by("-pk").values(*fields)
    if connection.vendor != "postgresql":
        return newest[:limit]
    # The planner misjudges a rare word's share and walks the whole table newest first; asked for its
    # estimate first, a sparse match is sorted after the index found every one of them (id + 0: no index order).
    estimate = re.search(r"rows=(\d+)", matched.values("pk").explain())
    if estimate and int(estimate[1]) < DENSE_MATCHES:
        newest = matched.annotate(order=F("pk") + 0).order_by("-order").values(*fields)
    return newest[:limit]


def _folded(found: list[Word]) -> str:
    return " ".join(term for word in found for term in word.terms)


def _exact(found: list[Word]) -> str:
    return " ".join(word.exact for word in found if word.exact)


def _quoted(lexeme: str) -> str:
    """A lexeme as tsvector and tsquery input read it, whatever it holds."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _vector(title: list[Word], body: list[Word], keep: int = POSITIONS) -> str:
    """The tsvector of a document, written out: exact forms and folded terms with their weights."""
    positions: dict[str, dict[str, list[int]]] = {}

    def add(lexeme: str, weight: str, position: int) -> None:
        kept = positions.setdefault(lexeme, {}).setdefault(weight, [])
        if len(kept) < keep:
            kept.append(min(position, MAX_POSITION))

    for offset, (found, exact_weight, folded_weight) in ((0, (title, "A", "B")), (len(title), (body, "C", "D"))):
        for index, word in enumerate(found, start=offset + 1):
            if word.exact:
                add(EXACT_MARK + word.exact, exact_weight, index)
            for term in word.terms:
                add(term, folded_weight, index)
    vector = " ".join(
        _quoted(lexeme) + ":" + ",".join(f"{p}{w}" for w, kept in weights.items() for p in kept)
        for lexeme, weights in positions.items()
    )
    return _vector(title, body, keep=1) if len(vector) > VECTOR_BUDGET and keep > 1 else vector


def _tsquery(query: list[Word]) -> str:
    """Every query word (its exact form or any folded term) must occur."""
    return " & ".join(
        "(" + " | ".join(_quoted(lexeme) for lexeme in _alternatives(word, EXACT_MARK)) + ")" for word in query
    )


def _fts5_query(query: list[Word]) -> str:
    """The same for FTS5: the exact form in the exact columns, or a folded term in the folded ones."""
    clauses = []
    for word in query:
        clause = "{title body} : " + _fts5_alternatives(word, exact=False)
        if word.exact:
            clause = "{title_exact body_exact} : " + _fts5_alternatives(word, exact=True) + " OR " + clause
        clauses.append("(" + clause + ")")
    return " AND ".join(clauses)


def _fts5_alternatives(word: Word, exact: bool) -> str:
    return _phrase(word.exact) if exact else "(" + " OR ".join(_phrase(term) for term in word.terms) + ")"


def _alternatives(word: Word, mark: str) -> list[str]:
    return ([mark + word.exact] if word.exact else []) + list(word.terms)


def _phrase(text: str) -> str:
    """A string FTS5 takes literally, whatever it holds."""
    return '"' + text.replace('"', '""') + '"'


def _filters(request: SearchRequest) -> Q:
    q = Q()
    for name, field_name in FACET_FIELDS.items():
        values = getattr(request, name)
        if values:
            q &= Q(**{f"{field_name}__in": values})
    return q


def _facets(rows: list[dict]) -> dict[str, dict[str, int]]:
    """The facet counts of the drafts among the matches read (at most the cap of them)."""
    facets = {name: {} for name in FACET_FIELDS}
    for row in rows:
        if row["kind"] != "draft":
            continue
        for name, field_name in FACET_FIELDS.items():
            key = str(row[field_name])
            facets[name][key] = facets[name].get(key, 0) + 1
    return {name: dict(sorted(counts.items())) for name, counts in facets.items()}
