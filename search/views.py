"""GET /api/v1/search/: input, one call, output."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel import freshness, shared_cache
from search.backends.base import SearchRequest
from search.indexing import SEARCH_STAMP
from search.selectors import search_for
from search.serializers import SearchInputSerializer, SearchResponseSerializer


class SearchView(APIView):
    """Full-text search over drafts, approved acts and published comments you may open."""

    throttle_scope = "search"

    def dispatch(self, request, *args, **kwargs):
        # Anonymous searches are shared through the cache until the index (or any draft's visibility) changes.
        keys = [freshness.ALL_DRAFTS, SEARCH_STAMP]
        return shared_cache.serve(request, keys, lambda: super(SearchView, self).dispatch(request, *args, **kwargs))

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
        page = search_for(request.user, search)
        return Response(SearchResponseSerializer({**page, "page": search.page}).data)
