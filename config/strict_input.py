"""Input serializers that refuse fields they do not know, instead of silently dropping them."""

from django.utils.translation import gettext as _
from rest_framework import serializers


class StrictInputSerializer(serializers.Serializer):
    """A sender of `{"status": "approved"}` learns that the field cannot be set, rather than seeing 200."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {
                        field: [_("Unknown field; allowed: %(allowed)s.") % {"allowed": ", ".join(self.fields)}]
                        for field in unknown
                    }
                )
        return super().to_internal_value(data)
