"""HTTP endpoints of the discussion's figures (workflow.statistics)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from workflow.statistics import draft_statistics, statistics_data, year_of, year_statistics


class DraftStatisticsView(APIView):
    """The figures of a draft's discussion: per day, per article, per respondent type, decisions, votes,
    campaigns and the survey (its results when you may see them). Published public comments only;
    409 for a draft never discussed."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, draft_id: int):
        return Response(statistics_data(draft_statistics(request.user, draft_id)))


class YearStatisticsView(APIView):
    """The same figures across every discussion whose deadline falls in `year` (default: this year), per month
    and per draft, of the drafts you may open."""

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="four digits; this year when left out")],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        year = year_of(request.query_params.get("year"))
        return Response({"year": year, **statistics_data(year_statistics(request.user, year))})
