"""PostgreSQL: the newest entries holding each common term, kept as a list, so that a search for a common word
reads its newest matches from the list instead of walking the newest entries to find them.

A word in 2.5 % of the entries is found walking about 40,000 of them to collect the window's 1,001 (16 ms of
PostgreSQL's on the bench's 1.2 million entries); its list gives the same 1,001 in about 4 ms. The GIN index
cannot: it returns a word's matches in the order of their rows' addresses, never newest first.

What holds, so that a list read newest first is what the walk would have found: a listed term's rows are
every entry holding it from the oldest row kept upward (RecentMatch).
- An entry's rows are written in the transaction that writes the entry (`record`), and go with it (the
  database cascades the delete).
- A term is listed and its newest KEPT matches backfilled in one transaction that first waits for every
  entry being written (a SHARE lock on the entries): an entry committed before is in the backfill, and one
  written after reads the term as listed when `record` runs. A term is dropped under the same wait, so that
  no recording begun before adds to its list after.
- Trimming removes the oldest rows only.

Which terms: those the planner's statistics (pg_stats over the vectors, kept current by ANALYZE) find in at
least as many entries as make a search walk (database.DENSE_MATCHES), and in at most WALKED_QUICKLY of them
(a word in a tenth of the entries is found walking 10,000, as fast as reading a list). Exact forms ("=" marked)
are not listed: a query names one only where its folded term would miss documents.
"""

import cachetools.func
from django.db import connection, connections, transaction

from search.models import ListedTerm, RecentMatch, SearchEntry

# Rows kept per term: the window's 1,001 are among them unless filters or the query's other words set most
# of them aside, and then the walk goes on below the list.
KEPT = 5_000
# The largest share of entries a listed term may hold.
WALKED_QUICKLY = 0.1

# How long a process trusts what it read of the listed terms. A term listed since is walked for as long, and a
# term dropped since is read from its emptied list and then walked below it: slower, never wrong.
KNOWN_SECONDS = 60

ENTRIES = SearchEntry._meta.db_table
LISTS = RecentMatch._meta.db_table
TERMS = ListedTerm._meta.db_table


def record(entry_ids: list[int]) -> None:
    """Adds the new entries to the lists of the listed terms they hold (after they were written, in the same
    transaction: see the module's docstring)."""
    if not entry_ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{LISTS}" (term, entry_id) SELECT t.term, e.id FROM "{ENTRIES}" e '
            f"CROSS JOIN LATERAL unnest(tsvector_to_array(e.search_vector)) AS held(term) "
            f'JOIN "{TERMS}" t ON t.term = held.term WHERE e.id = ANY(%s) ON CONFLICT DO NOTHING',
            [list(entry_ids)],
        )


@cachetools.func.ttl_cache(maxsize=8, ttl=KNOWN_SECONDS)  # one entry per database alias
def listed_terms(database: str) -> dict[str, float]:
    """The listed terms with their shares, as this process last read them (at most KNOWN_SECONDS ago)."""
    with connections[database].cursor() as cursor:
        cursor.execute(f'SELECT term, share FROM "{TERMS}"')
        return dict(cursor.fetchall())


def tidy(least_matches: int) -> int:
    """Lists the terms the statistics find common, drops those no longer common, refreshes their shares and
    trims each list to KEPT rows; how many terms are listed. Safe to run at any time, and twice at once."""
    listed_terms.cache_clear()
    wanted = _common_terms(least_matches)
    listed = dict(ListedTerm.objects.values_list("term", "share"))
    gone = listed.keys() - wanted.keys()
    if gone:
        with transaction.atomic():
            # Waits for the entries being written, whose recording may still add to these lists.
            _hold_entries()
            ListedTerm.objects.filter(term__in=gone).delete()
            RecentMatch.objects.filter(term__in=gone).delete()
    for term in sorted(wanted.keys() - listed.keys()):
        _list(term, wanted[term])
    for term in sorted(wanted.keys() & listed.keys()):
        if wanted[term] != listed[term]:
            ListedTerm.objects.filter(term=term).update(share=wanted[term])
    with connection.cursor() as cursor:
        for term in sorted(wanted):
            cursor.execute(
                f'DELETE FROM "{LISTS}" WHERE term = %s AND entry_id < (SELECT entry_id FROM "{LISTS}" '
                f"WHERE term = %s ORDER BY entry_id DESC OFFSET %s LIMIT 1)",
                [term, term, KEPT - 1],
            )
    listed_terms.cache_clear()
    return len(wanted)


def _list(term: str, share: float) -> None:
    with transaction.atomic():
        _hold_entries()
        with connection.cursor() as cursor:
            _, created = ListedTerm.objects.get_or_create(term=term, defaults={"share": share})
            if not created:
                return
            cursor.execute(
                f'INSERT INTO "{LISTS}" (term, entry_id) SELECT %s, id FROM "{ENTRIES}" '
                f"WHERE search_vector @@ %s::tsquery ORDER BY id DESC LIMIT %s ON CONFLICT DO NOTHING",
                [term, quoted(term), KEPT],
            )


def _hold_entries() -> None:
    """Waits for the transactions writing entries to end, and holds new ones back until this one ends: what
    `record` reads of the listed terms is then either before this transaction or after it."""
    with connection.cursor() as cursor:
        cursor.execute(f'LOCK TABLE "{ENTRIES}" IN SHARE MODE')


def _common_terms(least_matches: int) -> dict[str, float]:
    """The folded terms the planner's statistics find in at least `least_matches` entries and at most
    WALKED_QUICKLY of them, with their shares; none before the table was first analysed."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT held.term, held.share, c.reltuples FROM pg_stats s "
            "JOIN pg_class c ON c.relname = s.tablename AND c.relnamespace = to_regnamespace(s.schemaname) "
            "CROSS JOIN LATERAL unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) "
            "AS held(term, share) "
            "WHERE s.schemaname = current_schema() AND s.tablename = %s AND s.attname = 'search_vector' "
            "AND held.term IS NOT NULL AND held.term NOT LIKE '=%%'",
            [ENTRIES],
        )
        return {
            term: share
            for term, share, rows in cursor.fetchall()
            if share * max(rows, 0) >= least_matches and share <= WALKED_QUICKLY
        }


def quoted(lexeme: str) -> str:
    """A lexeme as tsvector and tsquery input read it, whatever it holds."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"
