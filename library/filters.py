"""Filters of the material list (the selectors' rules, with the inputs checked and documented)."""

import django_filters
from django import forms
from drf_spectacular.utils import extend_schema_field

from drafts.models import Language
from kernel.schema import TEXT_PATTERN
from library.models import Kind, Material
from library.selectors import material_filter


class GivenDateField(forms.DateField):
    """A date, or no parameter at all: `?date_from=` (empty) is refused like any other value that is not a date."""

    empty_values = [None]


class DateFilter(django_filters.DateFilter):
    field_class = GivenDateField


class TextFilter(django_filters.CharFilter):
    """Words, whose schema states the length and the characters refused everywhere (kernel.text)."""

    def __init__(self, *, max_length: int, description: str, **kwargs):
        super().__init__(max_length=max_length, **kwargs)
        schema = {"type": "string", "maxLength": max_length, "pattern": TEXT_PATTERN, "description": description}
        extend_schema_field(schema)(self)


class MaterialFilter(django_filters.FilterSet):
    """`?kind=photo&tag=...&date_from=2025-01-01&date_to=2025-12-31&language=uz-latn&q=words`."""

    kind = django_filters.ChoiceFilter(choices=Kind.choices)
    tag = TextFilter(method="by_tag", max_length=60, description="a tag's name, in any case")
    date_from = DateFilter(field_name="date", lookup_expr="gte")
    date_to = DateFilter(field_name="date", lookup_expr="lte")
    language = django_filters.ChoiceFilter(choices=Language.choices)
    q = TextFilter(method="by_words", max_length=200, description="words of the title, description or text")

    class Meta:
        model = Material
        fields = ["kind", "tag", "date_from", "date_to", "language", "q"]

    def by_tag(self, queryset, name, value):
        return material_filter(queryset, tag=value)

    def by_words(self, queryset, name, value):
        return material_filter(queryset, q=value)
