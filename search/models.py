"""What the search index needs in the database: the pending updates, and the database backend's entries."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class PendingIndexUpdate(models.Model):
    """A draft, a comment or a library material whose search documents must be rebuilt; written in the same
    transaction as the change.

    The job that applies updates deletes a row only after the engine accepted it, so an update
    is never lost while the engine is down: the rows wait, and the next run catches up.
    """

    draft_id = models.BigIntegerField(unique=True, null=True)
    material_id = models.BigIntegerField(unique=True, null=True)
    # One published (or unpublished) comment: its own document only, whatever the size of its discussion.
    comment_id = models.BigIntegerField(unique=True, null=True)
    queued_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(draft_id__isnull=False, material_id__isnull=True, comment_id__isnull=True)
                    | models.Q(draft_id__isnull=True, material_id__isnull=False, comment_id__isnull=True)
                    | models.Q(draft_id__isnull=True, material_id__isnull=True, comment_id__isnull=False)
                ),
                name="pending_update_names_one_thing",
            )
        ]


class SearchEntry(models.Model):
    """A searchable unit as the database backend stores it: a draft, a published public comment, or a
    published library material (which has no draft, act type or issuing body)."""

    key = models.CharField(max_length=40, unique=True)  # "draft:12", "comment:40", "material:3"
    kind = models.CharField(max_length=16)
    draft = models.ForeignKey("drafts.Draft", on_delete=models.CASCADE, null=True, related_name="+")
    comment = models.ForeignKey("comments.Comment", on_delete=models.CASCADE, null=True, related_name="+")
    material = models.ForeignKey("library.Material", on_delete=models.CASCADE, null=True, related_name="+")
    # Words as search.folding makes them, space-separated: the folded terms that match and the exact
    # forms that rank first; the original text stays in its own tables.
    title_terms = models.TextField()
    body_terms = models.TextField()
    title_exact = models.TextField(default="")
    body_exact = models.TextField(default="")
    status = models.CharField(max_length=32)
    act_type_id = models.BigIntegerField(null=True)
    issuing_body_id = models.BigIntegerField(null=True)
    year = models.PositiveIntegerField()
    updated_at = models.DateTimeField()
    # PostgreSQL only (a GIN index over it); SQLite uses its FTS5 table `search_fts` instead.
    search_vector = SearchVectorField(null=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "status"]), models.Index(fields=["draft"])]


class ListedTerm(models.Model):
    """A folded term common enough that PostgreSQL keeps the newest entries holding it as a list (RecentMatch):
    a search for it reads the list instead of walking the newest entries (search.backends.term_lists)."""

    term = models.TextField(primary_key=True)
    # Its share of the entries when it was listed (the planner's statistics): the rarest listed word of a
    # query is the one read.
    share = models.FloatField()


class RecentMatch(models.Model):
    """One of the newest entries holding a listed term (PostgreSQL only). Each term's rows are every entry
    holding it from the oldest one kept upward, so that a list read newest first is the walk's answer."""

    pk = models.CompositePrimaryKey("term", "entry_id")
    term = models.TextField()
    # Deleted with its entry by the database (ON DELETE CASCADE, migration 0007), so that Django deletes
    # entries in one statement as before.
    entry_id = models.BigIntegerField(db_index=True)
