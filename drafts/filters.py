"""Filters of the draft list."""

import django_filters

from drafts.models import Draft
from workflow.states import State


class DraftFilter(django_filters.FilterSet):
    """`?status=...&act_type=<id>&issuing_body=<id>&language=...&year=<approval year>`."""

    status = django_filters.MultipleChoiceFilter(choices=State.choices)
    year = django_filters.NumberFilter(field_name="approved_year")

    class Meta:
        model = Draft
        fields = ["status", "act_type", "issuing_body", "language", "year"]
