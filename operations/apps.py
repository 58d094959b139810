from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the service: backup and restore of the whole installation."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "operations"

    def ready(self):
        from operations import checks  # noqa: F401 - registers the deployment checks
