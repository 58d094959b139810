"""Page-number pagination with a caller-chosen page size, both checked and documented."""

from rest_framework import pagination, serializers

MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 200


class PageInput(serializers.Serializer):
    """A page number or size that is not a positive integer within bounds is a 400, not a silent default."""

    page = serializers.IntegerField(min_value=1, max_value=MAX_PAGE, default=1)
    page_size = serializers.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, required=False)


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=N&page_size=M`; answers `count`, `next`, `previous`, `results`; a page past the last is a 404."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    last_page_strings = ()

    def paginate_queryset(self, queryset, request, view=None):
        params = PageInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        self.params = params.validated_data
        return super().paginate_queryset(queryset, request, view)

    def get_page_number(self, request, paginator):
        return self.params["page"]

    def get_page_size(self, request):
        return self.params.get("page_size", self.page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {"page": (1, MAX_PAGE), "page_size": (1, MAX_PAGE_SIZE)}
        for parameter in parameters:
            minimum, maximum = bounds[parameter["name"]]
            parameter["schema"].update(minimum=minimum, maximum=maximum)
        return parameters
