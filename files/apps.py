from django.apps import AppConfig


class FilesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "files"
    verbose_name = "Stored files"

    def ready(self):
        # Only a catch-up: uploads schedule their own job; no draft topic concerns files.
        from files.catch_up import files_catch_up
        from files.chunked import chunked_uploads_expire
        from kernel import outbox

        outbox.subscribe("files", outbox.FILE_STORED, catch_up=files_catch_up)
        # Chunked uploads left alone, and finished ones no owner took, expire (files.chunked).
        outbox.subscribe("uploads", outbox.FILE_STORED, catch_up=chunked_uploads_expire)
