from django.apps import AppConfig


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"

    def ready(self):
        # Imported here, not at the top: Django loads apps.py before any model exists.
        from kernel import outbox
        from search.indexing import (
            index_catch_up,
            mark_comment_changed,
            mark_comments_changed,
            mark_draft_changed,
            mark_material_changed,
        )
        from search.tasks import apply_index_updates

        outbox.subscribe(
            "search",
            outbox.DRAFT_CHANGED,
            record=mark_draft_changed,
            after_commit=lambda draft_id: apply_index_updates.enqueue(),
            catch_up=index_catch_up,
        )
        outbox.subscribe(
            "search: comments",
            outbox.COMMENT_CHANGED,
            record=mark_comment_changed,
            after_commit=lambda comment_id: apply_index_updates.enqueue(),
            record_many=mark_comments_changed,
            after_commit_many=lambda comment_ids: apply_index_updates.enqueue(),
        )
        # Its catch-up is the drafts' one above: apply_pending_updates takes both kinds of row.
        outbox.subscribe(
            "search: materials",
            outbox.MATERIAL_CHANGED,
            record=mark_material_changed,
            after_commit=lambda material_id: apply_index_updates.enqueue(),
        )
