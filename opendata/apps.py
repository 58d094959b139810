from django.apps import AppConfig


class OpendataConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "opendata"
    verbose_name = "Open data"

    def ready(self):
        # Only a catch-up: it keeps the worker's daily dump queued (opendata.tasks); nothing publishes to it.
        from kernel import outbox
        from opendata.tasks import DUMP_TOPIC, dump_catch_up

        outbox.subscribe("opendata", DUMP_TOPIC, catch_up=dump_catch_up)
