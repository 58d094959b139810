"""Input serializers that refuse what they do not know, instead of silently dropping or coercing it."""

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.utils import html

from kernel.integers import MAX_ID
from kernel.text import text_refusal

# No filter or co-drafter list needs more values than this; longer lists are refused, not truncated.
MAX_LIST_ITEMS = 50

# The JSON type each kind of field takes, by its name in the schema. DRF would take "5" for 5 and 5
# for "5"; a client that sends the wrong type learns it, as the schema says. (Forms and query strings
# carry only text, so only JSON is checked.)
_JSON_TYPES = [
    (serializers.BooleanField, bool, "boolean"),
    (serializers.IntegerField, int, "integer"),
    (serializers.PrimaryKeyRelatedField, int, "integer"),
    (serializers.ListField, list, "array"),
    (serializers.ChoiceField, str, "string"),
    (serializers.CharField, str, "string"),
    (serializers.DateField, str, "string"),
    (serializers.DateTimeField, str, "string"),
]


def _json_type_wanted(field: serializers.Field, value) -> str | None:
    """The JSON type the field takes, when the value is not of that type."""
    if value is None:
        return None  # whether null is allowed is the field's own rule
    for field_class, python_type, name in _JSON_TYPES:
        if isinstance(field, field_class):
            if not isinstance(value, python_type) or (python_type is int and isinstance(value, bool)):
                return name
            if isinstance(field, serializers.ListField):
                item = next(filter(None, (_json_type_wanted(field.child, item) for item in value)), None)
                return f"array of {item}s" if item else None
            return None
    return None


class IdField(serializers.IntegerField):
    """The id of an object: a positive integer that fits the database."""

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


class FlatListField(serializers.ListField):
    """A list whose refusals are plain messages naming the item, as the error contract says
    (`errors: {field: [str]}`), instead of DRF's `{field: {index: [str]}}`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_LIST_ITEMS)
        super().__init__(**kwargs)

    def run_child_validation(self, data):
        try:
            return super().run_child_validation(data)
        except serializers.ValidationError as error:
            raise serializers.ValidationError(
                [f"#{index + 1}: {reason}" for index, reasons in error.detail.items() for reason in reasons]
            ) from None


class StrictInputSerializer(serializers.Serializer):
    """A sender of `{"status": "approved"}` learns that the field cannot be set, rather than seeing 200."""

    def to_internal_value(self, data):
        if html.is_html_input(data):
            errors = _text_refusals(data.lists())
            data = self._form_as_json(data)
        elif isinstance(data, dict):
            wanted = {name: _json_type_wanted(field, data[name]) for name, field in self.fields.items() if name in data}
            errors = {
                name: [_("Wrong type: send a JSON %(type)s.") % {"type": json_type}]
                for name, json_type in wanted.items()
                if json_type
            }
        else:
            return super().to_internal_value(data)
        for field in sorted(set(data) - set(self.fields)):
            errors[field] = [_("Unknown field; allowed: %(allowed)s.") % {"allowed": ", ".join(self.fields)}]
        if errors:
            raise serializers.ValidationError(errors)
        return super().to_internal_value(data)

    def _form_as_json(self, data) -> dict:
        """A form's fields as JSON would carry them. DRF reads forms by HTML rules, under which an empty
        `title` in a PATCH means "leave the title alone"; through the API it means an empty title."""
        return {
            name: data.getlist(name) if isinstance(self.fields.get(name), serializers.ListField) else data.get(name)
            for name in data
        }


def _text_refusals(fields) -> dict[str, list[str]]:
    """The rules of kernel.text for a form the middleware does not read (one sent with PATCH)."""
    return {
        name: [reason]
        for name, values in fields
        for value in values
        if isinstance(value, str) and (reason := text_refusal(value))
    }
