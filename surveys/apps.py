from django.apps import AppConfig


class SurveysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "surveys"

    def ready(self):
        # Imported here, not at the top: Django loads apps.py before any model exists.
        from drafts.sections import add_to_summary
        from surveys.summary import survey_section

        # The summary of proposals (comments) carries the survey's results; comments may not import surveys.
        add_to_summary(survey_section)
