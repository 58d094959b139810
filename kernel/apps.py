from django.apps import AppConfig


class KernelConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kernel"

    def ready(self):
        # Imported here, not at the top: its receivers count and carry every job once the apps are loaded.
        from kernel import (
            jobs,  # noqa: F401
            outbox,
        )
        from kernel.freshness import draft_changed

        # Cached answers about a draft are keyed by its stamp, which moves on with every change.
        outbox.subscribe("freshness", outbox.DRAFT_CHANGED, record=draft_changed)
