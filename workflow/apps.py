from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workflow"

    def ready(self):
        # Imported here, not at the top: Django loads apps.py before any model exists.
        from drafts.sections import add_to_summary
        from kernel import outbox
        from workflow.graph import transition_specs
        from workflow.services import discussions_catch_up
        from workflow.statistics import statistics_section
        from workflow.tasks import schedule_closing

        transition_specs()  # every condition a transition `requires` by name exists, or start-up fails
        outbox.subscribe("workflow", outbox.DEADLINE_SET, after_commit=schedule_closing, catch_up=discussions_catch_up)
        # The summary of proposals (comments) carries the discussion's figures and charts.
        add_to_summary(statistics_section)
