"""The embedded search backend: SQLite FTS5 or PostgreSQL full-text search over folded terms."""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import Count, F, FloatField, Q
from django.db.models.expressions import RawSQL

from drafts.selectors import draft_list_visible_to
from kernel.replica import reads_may_lag
from search.backends.base import FACETS, Hit, SearchBackend, SearchRequest, SearchResult, Viewer
from search.documents import SearchDocument
from search.folding import indexed_text, terms
from search.models import SearchEntry

FACET_FIELDS = {"status": "status", "act_type": "act_type_id", "issuing_body": "issuing_body_id", "year": "year"}


class DatabaseBackend(SearchBackend):
    """Search in the service's own database, so that it runs with nothing else installed."""

    name = "database"

    def replace_drafts(self, draft_ids, documents):
        self._replace(SearchEntry.objects.filter(draft_id__in=draft_ids), documents)

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
        entries = SearchEntry.objects.bulk_create(
            [
                SearchEntry(
                    key=doc.key,
                    kind=doc.kind,
                    draft_id=doc.draft_id,
                    comment_id=doc.comment_id,
                    material_id=doc.material_id,
                    title_terms=indexed_text(doc.title),
                    body_terms=indexed_text(doc.body),
                    status=doc.status,
                    act_type_id=doc.act_type_id,
                    issuing_body_id=doc.issuing_body_id,
                    year=doc.year,
                    updated_at=doc.updated_at,
                )
                for doc in documents
            ],
            batch_size=500,
        )
        if not entries:
            return
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.executemany(
                    # REPLACE: a row left behind by a table flush must not block a reused id.
                    "INSERT OR REPLACE INTO search_fts (rowid, title, body) VALUES (%s, %s, %s)",
                    [(e.pk, e.title_terms, e.body_terms) for e in entries],
                )
        else:
            SearchEntry.objects.filter(pk__in=[e.pk for e in entries]).update(
                search_vector=SearchVector("title_terms", weight="A", config="simple")
                + SearchVector("body_terms", weight="B", config="simple")
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
        words = terms(request.query)
        entries = SearchEntry.objects.all()
        if not viewer.sees_everything:
            # Only published materials are indexed: each is public.
            entries = entries.filter(
                Q(draft_id__in=draft_list_visible_to(viewer.user).values("pk")) | Q(kind="material")
            )
        entries = entries.filter(_filters(request))
        if not words:
            return SearchResult(total=0, hits=[], facets={name: {} for name in FACETS})
        matched, ranked = self._match(entries, words)
        # The grouped scan over every match is the heavy part; a replica may serve it (kernel.replica).
        with reads_may_lag():
            total, facets = _count_and_facets(matched)
        start = (request.page - 1) * request.page_size
        page = ranked.order_by("-rank", "-updated_at", "pk").values(
            "key", "kind", "draft_id", "comment_id", "material_id", "rank"
        )[start : start + request.page_size]
        hits = [
            Hit(r["key"], r["kind"], r["draft_id"], r["comment_id"], float(r["rank"]), r["material_id"]) for r in page
        ]
        return SearchResult(total=total, hits=hits, facets=facets)

    def _match(self, entries, words):
        """The entries holding every term, and the same annotated with a `rank` (higher is better)."""
        if connection.vendor == "sqlite":
            # Every term must occur, as a word or the start of one; quoting makes any input literal.
            match = " ".join(f'"{w}"*' if len(w) >= 4 else f'"{w}"' for w in words)
            matched = entries.filter(pk__in=RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [match]))
            # bm25 is lower for better matches; titles weigh four times the body.
            rank = RawSQL(
                "SELECT -bm25(search_fts, 4.0, 1.0) FROM search_fts WHERE search_fts.rowid = search_searchentry.id "
                "AND search_fts MATCH %s",
                [match],
                output_field=FloatField(),
            )
            return matched, matched.annotate(rank=rank)
        query = SearchQuery(
            " & ".join(f"{w}:*" if len(w) >= 4 else w for w in words), search_type="raw", config="simple"
        )
        matched = entries.filter(search_vector=query)
        return matched, matched.annotate(rank=SearchRank(F("search_vector"), query))


def _filters(request: SearchRequest) -> Q:
    q = Q()
    for name, field_name in FACET_FIELDS.items():
        values = getattr(request, name)
        if values:
            q &= Q(**{f"{field_name}__in": values})
    return q


def _count_and_facets(matched) -> tuple[int, dict[str, dict[str, int]]]:
    """The total and the facet counts of the matching drafts, from one grouped scan of the matches."""
    fields = list(FACET_FIELDS.values())
    groups = matched.order_by().values("kind", *fields).annotate(n=Count("pk"))
    total, facets = 0, {name: {} for name in FACET_FIELDS}
    for row in groups:
        total += row["n"]
        if row["kind"] != "draft":
            continue
        for name, field_name in FACET_FIELDS.items():
            key = str(row[field_name])
            facets[name][key] = facets[name].get(key, 0) + row["n"]
    return total, {name: dict(sorted(counts.items())) for name, counts in facets.items()}
