"""Filters of the draft list."""

import django_filters
from django import forms
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from drafts.models import Draft
from kernel.integers import MAX_ID
from kernel.states import State


class IntegerFilter(django_filters.Filter):
    """An integer within bounds, which the schema states; out of bounds is a 400."""

    field_class = forms.IntegerField

    def __init__(self, *, min_value: int, max_value: int, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)
        extend_schema_field(serializers.IntegerField(min_value=min_value, max_value=max_value))(self)


class DraftFilter(django_filters.FilterSet):
    """`?status=...&act_type=<id>&issuing_body=<id>&language=...&year=<approval year>`."""

    status = django_filters.MultipleChoiceFilter(choices=State.choices)
    # An id that names nothing finds nothing (200 and an empty page), as search does.
    act_type = IntegerFilter(min_value=1, max_value=MAX_ID)
    issuing_body = IntegerFilter(min_value=1, max_value=MAX_ID)
    year = IntegerFilter(field_name="approved_year", min_value=1900, max_value=2200)

    class Meta:
        model = Draft
        fields = ["status", "act_type", "issuing_body", "language", "year"]
