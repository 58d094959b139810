"""Keeping the index in step with the database: mark in the transaction, apply after commit, in batches."""

import json
import logging
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from drafts.models import Draft
from kernel import freshness
from library.models import Material
from search.backends import get_backend
from search.documents import comment_documents_for, documents_for, material_documents_for
from search.models import PendingIndexUpdate

log = logging.getLogger(__name__)
BATCH = 200
# The stamp of kernel.freshness that moves on whenever the index changed (search.views caches by it).
SEARCH_STAMP = "search"


def mark_draft_changed(draft_id: int) -> None:
    """Records, in the caller's transaction, that the draft's search documents must be rebuilt.

    Search's recorder for kernel.outbox.DRAFT_CHANGED (search.apps); callable directly too.
    """
    PendingIndexUpdate.objects.update_or_create(draft_id=draft_id, defaults={"queued_at": timezone.now()})


def mark_comment_changed(comment_id: int) -> None:
    """Records, in the caller's transaction, that the comment's one document must be rebuilt (or removed).

    Search's recorder for kernel.outbox.COMMENT_CHANGED (search.apps): a published comment costs one
    document, however many its discussion already holds.
    """
    PendingIndexUpdate.objects.update_or_create(comment_id=comment_id, defaults={"queued_at": timezone.now()})


def mark_comments_changed(comment_ids: list[int]) -> None:
    """mark_comment_changed for many comments in one statement, however many (kernel.outbox.publish_many: a
    campaign's members published at once): each still costs its own document, not its discussion. The ids
    travel as one array, not one parameter each (SQLite takes at most a few hundred of those)."""
    if not comment_ids:
        return
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    if connection.vendor == "postgresql":
        rows, params = "SELECT unnest(%s::bigint[]), %s", [list(comment_ids), now]
    else:
        # "WHERE true": SQLite's upsert after a SELECT needs it to read ON CONFLICT as the upsert's.
        rows, params = "SELECT value, %s FROM json_each(%s) WHERE true", [now, json.dumps(list(comment_ids))]
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{PendingIndexUpdate._meta.db_table}" (comment_id, queued_at) {rows} '
            "ON CONFLICT (comment_id) DO UPDATE SET queued_at = excluded.queued_at",
            params,
        )


def mark_material_changed(material_id: int) -> None:
    """Records, in the caller's transaction, that the library material's document must be rebuilt (or removed).

    Search's recorder for kernel.outbox.MATERIAL_CHANGED (search.apps).
    """
    PendingIndexUpdate.objects.update_or_create(material_id=material_id, defaults={"queued_at": timezone.now()})


def apply_pending_updates(batch: int = BATCH) -> int:
    """Sends every pending update to the engine, oldest first; returns how many drafts, comments and materials
    were applied.

    A row is deleted only once the engine took its draft and only if nobody marked the draft again
    meanwhile; if the engine fails, the rest wait for the next run.
    """
    applied = 0
    backend = get_backend()
    while True:
        pending = list(PendingIndexUpdate.objects.order_by("queued_at", "pk")[:batch])
        if not pending:
            return applied
        draft_ids = {p.draft_id for p in pending if p.draft_id is not None}
        material_ids = {p.material_id for p in pending if p.material_id is not None}
        comment_ids = {p.comment_id for p in pending if p.comment_id is not None}
        try:
            if draft_ids:
                backend.replace_drafts(draft_ids, documents_for(draft_ids)[0])
            if comment_ids:
                backend.replace_comments(comment_ids, comment_documents_for(comment_ids))
            if material_ids:
                backend.replace_materials(material_ids, material_documents_for(material_ids)[0])
        except Exception:
            log.warning("Search engine refused %d updates; they wait for the next run.", len(pending), exc_info=True)
            return applied
        # One delete for the batch; a row marked again meanwhile has a newer time and stays.
        applied_marks = Q()
        for p in pending:
            applied_marks |= Q(pk=p.pk, queued_at=p.queued_at)
        PendingIndexUpdate.objects.filter(applied_marks).delete()
        # Cached anonymous searches are keyed by this stamp: they are asked again once the index changed.
        freshness.bump(SEARCH_STAMP)
        applied += len(pending)


def rebuild_index(progress=None) -> int:
    """Re-indexes every draft and published material from the database; `progress(done, total)` is told along the way."""
    ids = list(Draft.objects.order_by("pk").values_list("pk", flat=True))
    material_ids = list(
        Material.objects.filter(status=Material.Status.PUBLISHED).order_by("pk").values_list("pk", flat=True)
    )
    started = timezone.now()

    def batches():
        for start in range(0, len(ids), BATCH):
            documents, _ = documents_for(ids[start : start + BATCH])
            yield documents
            if progress:
                progress(min(start + BATCH, len(ids)), len(ids))
        for start in range(0, len(material_ids), BATCH):
            yield material_documents_for(material_ids[start : start + BATCH])[0]

    get_backend().rebuild(batches())
    freshness.bump(SEARCH_STAMP)
    # Changes made before the rebuild began are in it; later ones stay pending.
    PendingIndexUpdate.objects.filter(queued_at__lt=started).delete()
    return len(ids)


@dataclass(frozen=True)
class IndexCaughtUp:
    """What `index_catch_up` did."""

    applied: int
    waiting: int
    # Words the engine keeps its own aids for (the database backend's lists of common terms on PostgreSQL).
    kept: int = 0

    def lines(self) -> list[str]:
        return [
            f"Search updates applied: {self.applied}; still waiting: {self.waiting}.",
            f"Common search terms listed: {self.kept}.",
        ]

    def as_dict(self) -> dict:
        return {"index_updates_applied": self.applied, "index_updates_waiting": self.waiting, "terms_listed": self.kept}


def index_catch_up() -> IndexCaughtUp:
    """Search's part of kernel.catch_up: every waiting update applied (those the engine refuses keep waiting),
    then the engine's aids kept current."""
    applied = apply_pending_updates()
    return IndexCaughtUp(applied=applied, waiting=PendingIndexUpdate.objects.count(), kept=get_backend().tidy())
