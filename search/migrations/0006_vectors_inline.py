"""PostgreSQL: each entry's vector kept in its row, and the full-text index's pending list kept short.

A search ranks the rows of its window with several operators on each row's vector. A draft's vector
(a few kB) was moved out of its row by TOAST, so ranking a window of drafts read two or three more
pages per row (and from disk, once the TOAST table no longer fits in memory); with STORAGE MAIN it
stays in the row unless the row outgrows a page. The vectors already moved out are written again,
in batches, each its own transaction, so that the upgrade never holds the table for long.

New entries wait in the GIN index's pending list until it is merged into the index (by vacuum or when
it is full); every search reads the whole list, and at the default 4 MB that is several ms per search
after a burst of published comments. At 256 kB it is merged more often and read in a fraction of that.

SQLite keeps its words in FTS5 and has nothing to change.
"""

from django.db import migrations

BATCH = 5_000
# A vector this large sits in a row of more than TOAST's 2 kB target, and was moved out of it.
MOVED_OUT = 1_000


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ALTER INDEX search_entry_vector_gin SET (gin_pending_list_limit = 256)")
        cursor.execute("SELECT gin_clean_pending_list('search_entry_vector_gin'::regclass)")
        cursor.execute("ALTER TABLE search_searchentry ALTER COLUMN search_vector SET STORAGE MAIN")
        cursor.execute("SELECT min(id), max(id) FROM search_searchentry")
        low, high = cursor.fetchone()
        if low is None:
            return
        for start in range(low, high + 1, BATCH):
            # `|| ''` makes a new value, which is stored by the column's new rule (an unchanged one is not).
            cursor.execute(
                "UPDATE search_searchentry SET search_vector = search_vector || ''::tsvector "
                "WHERE id >= %s AND id < %s AND pg_column_size(search_vector) > %s",
                [start, start + BATCH, MOVED_OUT],
            )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("ALTER TABLE search_searchentry ALTER COLUMN search_vector SET STORAGE EXTENDED")
        cursor.execute("ALTER INDEX search_entry_vector_gin RESET (gin_pending_list_limit)")


class Migration(migrations.Migration):
    # Each batch commits on its own (autocommit), so that an upgrade of a large index never holds the table.
    atomic = False

    dependencies = [("search", "0005_pending_comments")]

    operations = [migrations.RunPython(forwards, backwards)]
