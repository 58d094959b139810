"""Input and output shapes of the search API."""

from rest_framework import serializers

from kernel.states import State
from kernel.strict_input import FlatListField, IdField, StrictInputSerializer

MAX_QUERY_LENGTH = 500


class SearchInputSerializer(StrictInputSerializer):
    """`q` and optional filters; several values of a filter are alternatives."""

    q = serializers.CharField(max_length=MAX_QUERY_LENGTH, trim_whitespace=True)
    status = FlatListField(child=serializers.ChoiceField(choices=State.choices), required=False)
    act_type = FlatListField(child=IdField(), required=False)
    issuing_body = FlatListField(child=IdField(), required=False)
    year = FlatListField(child=serializers.IntegerField(min_value=1900, max_value=2200), required=False)
    page = serializers.IntegerField(min_value=1, max_value=1000, default=1)
    page_size = serializers.IntegerField(min_value=1, max_value=50, default=20)


class HighlightSerializer(serializers.Serializer):
    """Where the query matched: `fragment` is HTML-escaped text with the matches in <mark>."""

    field = serializers.ChoiceField(
        choices=["title", "article", "explanatory_note", "comment", "description", "text"],
        help_text="`description` and `text` are a library material's.",
    )
    article = serializers.CharField(allow_null=True)
    label = serializers.CharField(allow_null=True)
    fragment = serializers.CharField()


class ResultSerializer(serializers.Serializer):
    """A found draft (`type` draft), published public comment (`type` comment, `draft` it belongs to) or
    published library material (`type` material: no draft or act type; `material_kind` says what it is)."""

    type = serializers.ChoiceField(choices=["draft", "comment", "material"])
    id = serializers.IntegerField()
    draft = serializers.IntegerField(allow_null=True)
    title = serializers.CharField()
    status = serializers.CharField()
    act_type = serializers.IntegerField(allow_null=True)
    number = serializers.CharField(allow_null=True)
    score = serializers.FloatField()
    highlights = HighlightSerializer(many=True)
    url = serializers.CharField(help_text="The page that shows it.")
    material_kind = serializers.ChoiceField(
        choices=["text", "photo", "audio", "video"], allow_null=True, help_text="A material's kind; null otherwise."
    )


class SearchResponseSerializer(serializers.Serializer):
    """A page of results, the total, facet counts of the matching drafts, and perhaps a better spelling."""

    count = serializers.IntegerField(help_text="how many match, exactly when `count_exact`; else more than this many")
    count_exact = serializers.BooleanField(
        help_text="false when more documents match than `count` (the cap): the newest `count` of them are ranked "
        "and counted into the facets; narrow the search with more words or filters"
    )
    page = serializers.IntegerField()
    results = ResultSerializer(many=True)
    facets = serializers.DictField(child=serializers.DictField(child=serializers.IntegerField()))
    suggestion = serializers.CharField(allow_null=True)


def search_response(found: dict, page: int) -> dict:
    """What SearchResponseSerializer makes of `search_for`'s answer, as plain data, built directly: DRF's
    steps per field cost ~3 ms for a page of 20 results, more than the rest of the page's hydration
    (tests/search/test_response_shape.py holds the two equal)."""
    return {
        "count": found["count"],
        "count_exact": found["count_exact"],
        "page": page,
        "results": [
            {
                "type": result.type,
                "id": result.id,
                "draft": result.draft,
                "title": result.title,
                "status": result.status,
                "act_type": result.act_type,
                "number": result.number,
                "score": float(result.score),
                "highlights": [
                    {
                        "field": mark["field"],
                        "article": mark["article"],
                        "label": mark["label"],
                        "fragment": mark["fragment"],
                    }
                    for mark in result.highlights
                ],
                "url": result.url,
                "material_kind": result.material_kind,
            }
            for result in found["results"]
        ],
        "facets": {
            name: {str(key): count for key, count in counts.items()} for name, counts in found["facets"].items()
        },
        "suggestion": found["suggestion"],
    }
