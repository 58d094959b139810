"""The embedded search backend: SQLite FTS5 or PostgreSQL full-text search over folded terms.

Each word is stored twice, as its exact form and as its folded terms (search.folding). A document
matches when every query word meets one of its words (a shared folded term). It ranks by where and
how each query word is found (PLACES: in the title above in the body, written exactly above only
meeting), so "soʻz" ranks a text with "soʻz" above one with "soz", and "maktab" ranks "maktab" above
"maktabgacha".

What is ranked is a window: the newest SEARCH_COUNT_CAP matches the reader may open (all of them
when fewer match), read newest first and bounded, so that a word in a million documents costs what
one in a thousand does; the window is counted ("more than" beyond the cap), its drafts give the
facets, and its rows are ranked and paged in one pass. Documents alike in PLACES are ordered by the
engine's score on PostgreSQL (ts_rank, squeezed below the smallest step of PLACES so that it never
outweighs one), then newest first. SQLite orders them newest first without an engine score: FTS5's
bm25 counts every document holding each query word before it scores one (60-90 ms for a word in a
third of 400,000 documents), which is the whole budget of a search.

How PostgreSQL reads the window, and what it costs (100,000 drafts and 1,000,000 comments, CPU per
search): a word the planner expects in fewer than DENSE_MATCHES entries is collected through the GIN
index and sorted without its vectors (a sort copies the rows it keeps); a commoner one is found walking
the newest entries and checking each, about 0.3 µs an entry, so a word in 2.5 % of them reads ~40,000
to find 1,001 (~10 ms, the largest part of a common word's search). Neither GIN nor RUM does better:
GIN gives a word's matches in the order of their rows' addresses, so any bound on the id still builds
the whole posting list (~44,000 entries, as slow as the walk), and RUM (ordered by an attached id)
collects and sorts them all before the first (8-12 ms, and an index as large as the table). So the newest
matches of each term in between (from DENSE_MATCHES entries to a tenth of them) are kept as a list, written
with the entry (term_lists): such a word's window is read from its list, 1,001 entries instead of ~40,000
(16 -> 4 ms), and the walk goes on below the list only when filters or other words leave it short.
PostgreSQL then counts, ranks and pages the window in the same statement and sends the page alone:
parsing the window's rows here had cost more than the rest of the search's Python (measured alternating
the two ways in one process: 13.9 -> 10.1 ms of both processes' CPU for a common word, 8.4 -> 7.0 for a
rare one, with the planner's estimate kept a minute instead of asked each time).
"""

import json
import re
from collections import Counter
from functools import lru_cache
from operator import itemgetter

import cachetools.func
from django.conf import settings
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection, connections, router, transaction
from django.db.models import Q

from drafts.models import Draft
from drafts.selectors import draft_list_visible_to
from kernel.replica import reads_may_lag
from search.backends import term_lists
from search.backends.base import FACETS, Hit, SearchBackend, SearchRequest, SearchResult, Viewer
from search.backends.term_lists import quoted
from search.documents import SearchDocument
from search.folding import Word, uzbek_stem, words
from search.models import RecentMatch, SearchEntry

FACET_FIELDS = {"status": "status", "act_type": "act_type_id", "issuing_body": "issuing_body_id", "year": "year"}
# What each query word adds to a document's rank, by where it is found and whether written exactly:
# (field, exact?, points). FTS5 column names; PostgreSQL keeps them as the weights of one tsvector.
PLACES = [("title", False, 4.0), ("title_exact", True, 2.0), ("body", False, 1.0), ("body_exact", True, 0.5)]
PG_WEIGHTS = {"title_exact": "A", "title": "B", "body_exact": "C", "body": "D"}
# The engine's own score (PostgreSQL), squeezed below the smallest step of PLACES, orders documents alike in them.
TIE_BREAK = 0.4
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
        if postgresql:
            term_lists.record([entry.pk for entry in entries])
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
            # In one statement, before the entries' delete cascades to each entry's rows one by one.
            RecentMatch.objects.all().delete()
            SearchEntry.objects.all().delete()
            for documents in batches:
                self._insert(documents)

    def indexed_keys(self):
        return set(SearchEntry.objects.values_list("key", flat=True))

    def tidy(self) -> int:
        if connection.vendor != "postgresql":
            return 0
        return term_lists.tidy(least_matches=DENSE_MATCHES)

    def search(self, request: SearchRequest, viewer: Viewer) -> SearchResult:
        query = words(request.query)
        if not query:
            return SearchResult(total=0, hits=[], facets={name: {} for name in FACETS})
        # Counted exactly up to the cap, then "more than": a common word in a million documents costs what a
        # thousand do. Beyond the cap, the newest `cap` matches (ids grow as documents are indexed) are the
        # ones ranked, counted into facets and paged; below it, every match is.
        cap = settings.SEARCH_COUNT_CAP
        filters = tuple((name, getattr(request, name)) for name in FACET_FIELDS)
        start = (request.page - 1) * request.page_size
        page = slice(start, start + request.page_size)
        with reads_may_lag():
            database = router.db_for_read(SearchEntry)
            try:
                where = _where(database, viewer, filters)
            except EmptyResultSet:
                where = None
            if where is None:
                read, facets, hits = 0, _facets([]), []
            elif connections[database].vendor == "sqlite":
                read, facets, hits = _paged(_window_sqlite(where, query, cap + 1, database), cap, page)
            else:
                read, facets, hits = _window_postgresql(where, query, cap, page, database)
        return SearchResult(total=min(read, cap), hits=hits, facets=facets, exact=read <= cap)


def _paged(rows: list[tuple], cap: int, page: slice) -> tuple[int, dict, list[Hit]]:
    """How many matches were read, the facets of the first `cap` of them and the page's hits, best first."""
    read = len(rows)
    rows = rows[:cap]
    facets = _facets(rows)
    # Best first; alike ones newest first, then in the order they were indexed (sorts are stable).
    rows.sort(key=itemgetter(AT["pk"]))
    rows.sort(key=itemgetter(AT["updated_at"]), reverse=True)
    rows.sort(key=itemgetter(RANK), reverse=True)
    return read, facets, [Hit(*itemgetter(*HIT)(row)) for row in rows[page]]


# What a window row holds, in this order, then its rank: enough to count facets, rank, order and name a
# hit; never the text.
WINDOW = ("pk", "key", "kind", "draft_id", "comment_id", "material_id", *FACET_FIELDS.values(), "updated_at")
AT = {name: index for index, name in enumerate(WINDOW)}
# The window's columns as the table names them, in that order (updated_at last).
TABLE = SearchEntry._meta.db_table
COLUMNS = [f'"{TABLE}"."{SearchEntry._meta.pk.column if name == "pk" else name}"' for name in WINDOW]
RANK = len(WINDOW)
HIT = (AT["key"], AT["kind"], AT["draft_id"], AT["comment_id"], RANK, AT["material_id"])


def _where(database: str, viewer: Viewer, filters: tuple) -> tuple[str, tuple]:
    """The entries the viewer may find under the filters, as a SQL condition with its parameters. The ORM
    builds it (about 2 ms, as much as a rare word's whole search in the database), so it is built once per
    process for the readers it does not tell apart: anonymous ones, and those who see everything."""
    if viewer.sees_everything or viewer.user_id is None:
        return _shared_where(database, viewer.sees_everything, filters)
    return _compiled_where(_visible(SearchEntry.objects.using(database), viewer), filters, database)


@lru_cache(maxsize=256)
def _shared_where(database: str, sees_everything: bool, filters: tuple) -> tuple[str, tuple]:
    anyone = Viewer(user_id=None, sees_everything=sees_everything)
    return _compiled_where(_visible(SearchEntry.objects.using(database), anyone), filters, database)


def _compiled_where(entries, filters: tuple, database: str) -> tuple[str, tuple]:
    query = entries.filter(_filters(filters)).query
    try:
        sql, params = query.get_compiler(database).compile(query.where)
    except FullResultSet:
        return "1 = 1", ()
    return sql, tuple(params)


def _visible(entries, viewer: Viewer):
    """The entries the viewer may find: all but those of the drafts hidden from them (only published
    materials are indexed, and each is public).

    The hidden drafts are the drafts that are not public, less the reader's own and those under their
    review: a few, found once per search through the index on is_public and held in memory while each
    entry is checked against them (a join or a lookup per entry would cost more than the full-text match)."""
    if viewer.sees_everything:
        return entries
    # (is_public IN (false): SQLite reads "NOT is_public" by scanning every draft, this through the index.)
    hidden = Draft.objects.filter(is_public__in=[False]).order_by()
    if viewer.user_id is not None:
        hidden = hidden.exclude(pk__in=draft_list_visible_to(viewer.user).filter(is_public=False).values("pk"))
    return entries.exclude(draft_id__in=hidden.values("pk"))


def _window_sqlite(where: tuple[str, tuple], query: list[Word], limit: int, database: str) -> list[tuple]:
    """The newest `limit` matches, each with its rank: FTS5 hands the matches over newest first (its
    rowid order), the entry's filters are checked along, and the reading stops at `limit`."""
    match = _fts5_query(query)
    condition, params = where
    # updated_at as SQLite stores it (ISO text, which orders as the times do): only compared, never shown
    # (|| '': no declared type, so that the driver does not parse it either).
    sql = (
        f"""SELECT {", ".join(COLUMNS[:-1])}, {COLUMNS[-1]} || '' FROM "{TABLE}", "search_fts" """
        f"WHERE ({condition}) AND search_fts.rowid = {COLUMNS[0]} AND search_fts MATCH %s "
        f"ORDER BY search_fts.rowid DESC LIMIT {int(limit)}"
    )
    with connections[database].cursor() as cursor:
        cursor.execute(sql, [*params, match])
        rows = cursor.fetchall()
        if not rows:
            return rows
        rank = _places_sqlite(cursor, query, match, [row[0] for row in rows])
    return [(*row, rank[row[0]]) for row in rows]


def _places_sqlite(cursor, query: list[Word], match: str, window: list[int]) -> dict[int, float]:
    """The PLACES points of each window row, from FTS5 queries bounded to the window's ids (FTS5 seeks to
    them in its doclists). Titles are short, so a word's title places are read alone; a word missing from
    a match's title is in its body, so the body's folded place is read only where the title holds it too;
    the body's exact place is narrowed by the whole match when the query has other words."""
    rank = dict.fromkeys(window, 0.0)
    bounds = [min(window), max(window)]

    def read(expression: str) -> set[int]:
        cursor.execute(
            "SELECT rowid FROM search_fts WHERE search_fts MATCH %s AND rowid BETWEEN %s AND %s", [expression, *bounds]
        )
        return {rowid for (rowid,) in cursor.fetchall() if rowid in rank}

    points = {field: value for field, _exact, value in PLACES}
    for word in query:
        folded = _fts5_alternatives(word, exact=False)
        title = read("{title} : " + folded)
        found = {"title": title, "body": rank.keys() - title}
        if title:
            found["body"] |= read(f"{{title}} : {folded} AND {{body}} : {folded}")
        if word.exact:
            exact = _fts5_alternatives(word, exact=True)
            found["title_exact"] = read("{title_exact} : " + exact) if title else set()
            found["body_exact"] = read("{body_exact} : " + exact + (f" AND ({match})" if len(query) > 1 else ""))
        for field, rowids in found.items():
            for rowid in rowids:
                rank[rowid] += points[field]
    return rank


# The planner's estimates of a query's matches kept per process: how many, and for how long (seconds).
ESTIMATES_KEPT = 4096
ESTIMATE_SECONDS = 60
# Below this many estimated matches, PostgreSQL collects them all through the full-text index and sorts them;
# above it, it walks the newest entries and keeps those that match, which finds `cap` of them quickly.
DENSE_MATCHES = 20_000


def _window_postgresql(
    where: tuple[str, tuple], query: list[Word], cap: int, page: slice, database: str
) -> tuple[int, dict, list[Hit]]:
    """What _paged gives of the newest `cap` + 1 matches, in one statement: the window is read first, and
    only its rows are ranked, each operator on a row's vector as it is stored (copying each vector once, to
    read a stored-apart one only once, cost more: 1-2 ms of a search's 4-13, and three times as much for a
    window of 480 kB vectors); then PostgreSQL counts, ranks and pages the window itself and sends the page
    alone (sending the window's 1,001 rows to be ranked here cost more of this process's time than the
    rest of the search)."""
    limit = cap + 1
    tsquery = _tsquery(query)
    condition, condition_params = where
    places, place_params = [], []
    for word in query:
        for field, exact, points in PLACES:
            if exact and not word.exact:
                continue
            places.append(f"(v @@ %s::tsquery)::int * {points}::float8")
            lexemes = [EXACT_MARK + word.exact] if exact else word.terms
            place_params.append(" | ".join(f"{quoted(lexeme)}:{PG_WEIGHTS[field]}" for lexeme in lexemes))
    columns = [f"c{i}" for i in range(len(WINDOW))]
    # updated_at as seconds: only compared, and a float is read far faster than a timestamp.
    shown = [*columns[:-1], f"extract(epoch FROM {columns[-1]})::float8"]
    with connections[database].cursor() as cursor:
        # The planner misjudges a rare word's share and would walk the whole table newest first: asked for
        # its estimate first, a sparse match is sorted after the index found every one of them (id + 0: no
        # index order); a dense one is found walking the newest entries.
        match = f'({condition}) AND "{TABLE}"."search_vector" @@ %s::tsquery'
        names = ", ".join(columns)
        planner_off = []
        if _estimated_matches(database, tsquery) < DENSE_MATCHES:
            # A sort copies the rows it keeps, and a draft's vector is several kB: the matches are sorted
            # without their vectors (twice as fast for 3,000 of them), and the window's vectors are read after,
            # each by its row's address.
            window_sql = (
                f'SELECT w.*, e.search_vector AS v FROM (SELECT {", ".join(COLUMNS)}, "{TABLE}".ctid '
                f'FROM "{TABLE}" WHERE {match} ORDER BY {COLUMNS[0]} + 0 DESC LIMIT {int(limit)}) AS w ({names}, tid) '
                f'JOIN "{TABLE}" AS e ON e.ctid = w.tid'
            )
            window_params = [*condition_params, tsquery]
        else:
            # Each entry walked is matched first, and only a match is checked against the reader's hidden drafts
            # and the filters (a fifth of the walk's time when every entry was): they are asked one level up,
            # of a subquery named as the table, so that the condition reads its columns by the names it uses.
            selected = f'SELECT {", ".join(COLUMNS)}, "{TABLE}"."search_vector" FROM "{TABLE}"'
            matching = f'"{TABLE}"."search_vector" @@ %s::tsquery'
            walk = f"{selected} WHERE {matching} ORDER BY {COLUMNS[0]} DESC"
            walk_params = [tsquery]
            # The rarest listed term among the query words that are one term each: its list can stand for the walk.
            known = term_lists.listed_terms(database)
            single = [found[0] for found in (_alternatives(word, EXACT_MARK) for word in query) if len(found) == 1]
            listed = min(((known[term], term) for term in single if term in known), default=None)
            if listed:
                # A listed term's list holds every match from its oldest row up (term_lists): read newest first
                # through its index, one entry each, and the walk goes on below the list only if the window is
                # not full yet (Append reads its parts in turn, and the LIMIT stops it). The planner, which
                # cannot know that every listed entry matches, would sort the whole list or merge it with a
                # walk of the whole table: those plans are turned off for this search.
                planner_off = ["enable_mergejoin", "enable_hashjoin", "enable_sort", "enable_bitmapscan"]
                lists = f'"{term_lists.LISTS}"'
                walk = (
                    f"(SELECT * FROM ({selected} JOIN {lists} ON {lists}.entry_id = {COLUMNS[0]} "
                    f"WHERE {lists}.term = %s AND {matching} ORDER BY {lists}.entry_id DESC OFFSET 0) AS listed) "
                    f"UNION ALL (SELECT * FROM ({selected} WHERE {matching} AND {COLUMNS[0]} < COALESCE("
                    f"(SELECT min(entry_id) FROM {lists} WHERE term = %s), 9223372036854775807) "
                    f"ORDER BY {COLUMNS[0]} DESC OFFSET 0) AS below)"
                )
                walk_params = [listed[1], tsquery, tsquery, listed[1]]
            window_sql = (
                f"SELECT w.* FROM (SELECT * FROM ({walk} "
                f'OFFSET 0) AS "{TABLE}" WHERE {condition} LIMIT {int(limit)}) AS w ({names}, v)'
            )
            window_params = [*walk_params, *condition_params]
        # Sent as one message, the two statements run in one implicit transaction, so that the settings hold
        # for the search alone without a BEGIN and a COMMIT of their own. A search is short: no JIT compilation
        # (its cost estimates would ask for one and pay ~100 ms) and no parallel workers (on a busy server their
        # start costs more than they save). The engine's score x is added as x / (1 + x), squeezed below 1
        # whatever the engine gives (the inner OFFSET 0 keeps it computed once per row).
        ranked = (
            f"SELECT {', '.join(shown)}, places + {TIE_BREAK}::float8 * score / (1 + score) FROM ("
            f"SELECT window_rows.*, {' + '.join(places)} AS places, ts_rank(v, %s::tsquery)::float8 AS score FROM ("
            f"{window_sql} OFFSET 0) AS window_rows OFFSET 0) AS scored"
        )
        cursor.execute(
            "SELECT set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)"
            + "".join(f", set_config('{name}', 'off', true)" for name in planner_off)
            + f"; {_counted_and_paged(ranked, cap, page)}",
            [*place_params, _tsquery(query, every_form=True), *window_params],
        )
        cursor.nextset()
        rows = cursor.fetchall()
    counts = {name: {} for name in FACET_FIELDS}
    names = list(FACET_FIELDS)
    for facet, value, count in sorted(json.loads(rows[0][1])):
        counts[names[facet]][value] = count
    return rows[0][0], counts, [Hit(*row[2 : 2 + len(HIT)]) for row in rows if row[2] is not None]


@cachetools.func.ttl_cache(maxsize=ESTIMATES_KEPT, ttl=ESTIMATE_SECONDS)
def _estimated_matches(database: str, tsquery: str) -> int:
    """How many entries the planner expects to match, from its statistics: kept a while per process, as the
    statistics change only when the table is analysed, and asking costs a round trip and a plan (0.3-0.6 ms,
    about a twentieth of a search)."""
    with connections[database].cursor() as cursor:
        cursor.execute(f'EXPLAIN SELECT 1 FROM "{TABLE}" WHERE search_vector @@ %s::tsquery', [tsquery])
        estimate = re.search(r"rows=(\d+)", cursor.fetchone()[0])
    return int(estimate[1]) if estimate else DENSE_MATCHES


def _counted_and_paged(ranked: str, cap: int, page: slice) -> str:
    """A statement over the ranked window (columns c0... as WINDOW names them, then its rank) that answers
    as _paged does. Each row holds how many were read and the facets as JSON text ([facet, value, count]
    triples), then a hit of the page and what orders it, or nulls when the page is past the end. The window
    is newest first, so the match left out beyond the cap is its oldest (`below`, null when none is)."""
    rank, kind = f"c{RANK}", f"c{AT['kind']}"
    # One pass counts every facet: a grouping set per facet column, told apart by GROUPING() (0 for the column
    # grouped on), its value as text; a missing value is not counted under a key, as Elasticsearch does not.
    facet_columns = [f"c{AT[column]}" for column in FACET_FIELDS.values()]
    facet = "CASE " + " ".join(f"WHEN GROUPING({c}) = 0 THEN {n}" for n, c in enumerate(facet_columns)) + " END"
    values = ", ".join(f"{column}::text" for column in facet_columns)
    sets = ", ".join(f"({column})" for column in facet_columns)
    hit = ", ".join(rank if at == RANK else f"c{at}" for at in HIT)
    # Best first; alike ones newest first, then in the order they were indexed; the page keeps that order.
    order_columns = f"c{AT['updated_at']} AS updated_at, c0 AS pk"
    order = f"{rank} DESC, c{AT['updated_at']} DESC, c0"
    shown_order = f"shown.{rank} DESC, shown.updated_at DESC, shown.pk"
    kept = "(edge.below IS NULL OR c0 > edge.below)"
    return (
        f"WITH ranked ({', '.join(f'c{at}' for at in range(RANK + 1))}) AS MATERIALIZED ({ranked}), "
        f"edge AS MATERIALIZED (SELECT count(*) AS read, CASE WHEN count(*) > {int(cap)} THEN min(c0) END "
        "AS below FROM ranked), "
        "facets AS (SELECT coalesce(json_agg(json_build_array(facet, value, n)), '[]')::text AS counts FROM ("
        f"SELECT {facet} AS facet, coalesce({values}) AS value, count(*) AS n FROM edge, ranked "
        f"WHERE {kept} AND {kind} = 'draft' GROUP BY GROUPING SETS ({sets})) AS counted "
        "WHERE value IS NOT NULL) "
        "SELECT edge.read, facets.counts, shown.* FROM edge CROSS JOIN facets LEFT JOIN LATERAL ("
        f"SELECT {hit}, {order_columns} FROM ranked WHERE {kept} ORDER BY {order} "
        f"LIMIT {int(page.stop - page.start)} OFFSET {int(page.start)}) AS shown ON true ORDER BY {shown_order}"
    )


def _folded(found: list[Word]) -> str:
    return " ".join(term for word in found for term in word.terms)


def _exact(found: list[Word]) -> str:
    return " ".join(word.exact for word in found if word.exact)


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
        quoted(lexeme) + ":" + ",".join(f"{p}{w}" for w, kept in weights.items() for p in kept)
        for lexeme, weights in positions.items()
    )
    return _vector(title, body, keep=1) if len(vector) > VECTOR_BUDGET and keep > 1 else vector


def _tsquery(query: list[Word], every_form: bool = False) -> str:
    """Every query word (its exact form or any folded term) must occur; `every_form` names the exact form even
    where its term finds the same documents (the engine's score counts both)."""
    return " & ".join(
        "(" + " | ".join(quoted(lexeme) for lexeme in _alternatives(word, EXACT_MARK, every_form)) + ")"
        for word in query
    )


def _fts5_query(query: list[Word]) -> str:
    """The same for FTS5: the exact form in the exact columns, or a folded term in the folded ones."""
    clauses = []
    for word in query:
        clause = "{title body} : " + _fts5_alternatives(word, exact=False)
        if _exact_needed(word):
            clause = "{title_exact body_exact} : " + _fts5_alternatives(word, exact=True) + " OR " + clause
        clauses.append("(" + clause + ")")
    return " AND ".join(clauses)


def _exact_needed(word: Word) -> bool:
    """Whether a word's exact form finds documents its folded terms do not. A document holding the exact form
    holds that form's Uzbek term too (both are written from the same Word, and the term is the first of the
    word's terms, search.folding._word), so the exact form is asked for only when that term is missing or
    empty; each alternative left out is a lookup saved on every row a search reads (a third of the time
    PostgreSQL spends walking the newest rows for a common word)."""
    return bool(word.exact) and (not word.terms or not word.terms[0] or word.terms[0] != uzbek_stem(word.exact))


def _fts5_alternatives(word: Word, exact: bool) -> str:
    return _phrase(word.exact) if exact else "(" + " OR ".join(_phrase(term) for term in word.terms) + ")"


def _alternatives(word: Word, mark: str, every_form: bool = False) -> list[str]:
    named = word.exact if every_form else _exact_needed(word)
    return ([mark + word.exact] if named else []) + list(word.terms)


def _phrase(text: str) -> str:
    """A string FTS5 takes literally, whatever it holds."""
    return '"' + text.replace('"', '""') + '"'


def _filters(filters: tuple) -> Q:
    q = Q()
    for name, values in filters:
        if values:
            q &= Q(**{f"{FACET_FIELDS[name]}__in": values})
    return q


def _facets(rows: list[tuple]) -> dict[str, dict[str, int]]:
    """The facet counts of the drafts among the matches read (at most the cap of them)."""
    drafts = [row for row in rows if row[AT["kind"]] == "draft"]
    facets = {}
    for name, field_name in FACET_FIELDS.items():
        # A missing value is not counted under a key, as Elasticsearch does not (and as PostgreSQL counts them).
        counts = Counter(value for value in map(itemgetter(AT[field_name]), drafts) if value is not None)
        facets[name] = dict(sorted((str(value), count) for value, count in counts.items()))
    return facets
