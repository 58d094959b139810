from django.apps import AppConfig


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"

    def ready(self):
        # Imported here, not at the top: Django loads apps.py before any model exists.
        from kernel import outbox
        from search.indexing import index_catch_up, mark_draft_changed
        from search.tasks import apply_index_updates

        outbox.subscribe(
            "search",
            outbox.DRAFT_CHANGED,
            record=mark_draft_changed,
            after_commit=lambda draft_id: apply_index_updates.enqueue(),
            catch_up=index_catch_up,
        )
