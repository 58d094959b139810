from django.apps import AppConfig


class CommentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "comments"

    def ready(self):
        # Imported here, not at the top: Django loads apps.py before any model exists.
        from comments.selectors import with_draft_votes
        from comments.tasks import grouping_catch_up, schedule_grouping
        from drafts.selectors import show_drafts_with
        from kernel import outbox

        # Every draft the API shows carries its votes and the reader's own (drafts may not import comments).
        show_drafts_with(with_draft_votes)
        # Received comments are grouped into campaigns after their intake commits (comments.grouping).
        outbox.subscribe(
            "campaigns", outbox.COMMENT_RECEIVED, after_commit=schedule_grouping, catch_up=grouping_catch_up
        )
