"""A liveness endpoint for load balancers, and the baseline of the benchmarks."""

from rest_framework.response import Response
from rest_framework.views import APIView


class HealthView(APIView):
    """Answers {"status": "ok"} without touching the database."""

    authentication_classes = []
    permission_classes = []

    def get(self, request):
        return Response({"status": "ok"})
