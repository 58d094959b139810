"""HTTP endpoints of the discussion's figures (workflow.statistics)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.schema import refusals
from workflow.statistics import FIRST_YEAR, LAST_YEAR, draft_statistics, statistics_data, year_of, year_statistics

FIGURES = OpenApiResponse(OpenApiTypes.OBJECT, description="the figures (see the description)")


class YearQuerySerializer(serializers.Serializer):
    """Which year's discussions."""

    year = serializers.IntegerField(
        required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR, help_text="four digits; this year when left out"
    )


class DraftStatisticsView(APIView):
    """The figures of a draft's discussion: per day, per article, per respondent type, decisions, votes,
    campaigns and the survey (its results when you may see them). Published public comments only;
    409 for a draft never discussed."""

    @extend_schema(responses={200: FIGURES, **refusals(409)})
    def get(self, request, draft_id: int):
        return Response(statistics_data(draft_statistics(request.user, draft_id)))


class YearStatisticsView(APIView):
    """The same figures across every discussion whose deadline falls in `year` (default: this year), per month
    and per draft, of the drafts you may open."""

    @extend_schema(parameters=[YearQuerySerializer], responses={200: FIGURES})
    def get(self, request):
        query = YearQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = year_of(query.validated_data.get("year"))
        return Response({"year": year, **statistics_data(year_statistics(request.user, year))})
