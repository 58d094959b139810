from django.apps import AppConfig


class PublishingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "publishing"

    def ready(self):
        # Imported here, not at the top: Django loads apps.py before any model exists.
        from kernel import outbox
        from publishing.official_copies import official_copies_catch_up, official_copy_request
        from publishing.tasks import render_official_copy

        outbox.subscribe(
            "publishing",
            outbox.DRAFT_APPROVED,
            record=official_copy_request,  # the pending copy commits with the approval
            after_commit=render_official_copy.enqueue,
            catch_up=official_copies_catch_up,
        )
