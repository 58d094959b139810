"""GET /api/v1/search/: input, one call, output."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel import freshness, shared_cache
from search.backends.base import SearchRequest
from search.indexing import SEARCH_STAMP
from search.selectors import search_for
from search.serializers import SearchInputSerializer, SearchResponseSerializer, search_response


class SearchView(APIView):
    """Full-text search over drafts, approved acts and published comments you may open."""

    throttle_scope = "search"

    @extend_schema(parameters=[SearchInputSerializer], responses=SearchResponseSerializer)
    def get(self, request):
        data = SearchInputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        search = SearchRequest(
            query=fields["q"],
            **{name: tuple(fields.get(name, ())) for name in ("status", "act_type", "issuing_body", "year")},
            page=fields["page"],
            page_size=fields["page_size"],
        )

        def answer() -> dict:
            # Plain data, so that the cache can keep it: SearchResponseSerializer's shape, built directly.
            return search_response(search_for(request.user, search), search.page)

        # Anonymous searches are shared until the index or a draft's visibility changes; the throttle still counts them.
        return Response(shared_cache.shared_data(request, [freshness.ALL_DRAFTS, SEARCH_STAMP], answer))
