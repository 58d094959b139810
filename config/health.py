"""Health for load balancers and monitoring: liveness (trivial) and readiness (config.readiness)."""

import time

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from config import readiness as checks

# Defaults of READY_CACHE_SECONDS and READY_RETRY_AFTER_SECONDS.
CACHE_SECONDS = 2
RETRY_AFTER_SECONDS = 30


class HealthView(APIView):
    """Answers {"status": "ok"} without touching the database."""

    authentication_classes = []
    permission_classes = []

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        return Response({"status": "ok"})


def _check() -> serializers.DictField:
    return serializers.DictField(
        child=serializers.JSONField(),
        help_text=(
            "`ok` (true, false, or null when not measured because the database is unreachable), `seconds` the "
            "check took, and numbers: `pending`, `oldest_seconds` and their limits (0: no limit)."
        ),
    )


_CHECKS = inline_serializer("ReadinessChecks", {name: _check() for name in checks.NAMES})
READY = inline_serializer("Ready", {"status": serializers.ChoiceField(choices=["ok"]), "checks": _CHECKS})
NOT_READY = inline_serializer(
    "NotReady",
    {
        "status": serializers.ChoiceField(choices=["failing"]),
        "detail": serializers.CharField(),
        "code": serializers.CharField(),
        "failing": serializers.ListField(child=serializers.ChoiceField(choices=list(checks.NAMES))),
        "checks": _CHECKS,
    },
)


class _Memo:
    """The last report of this process, reused for READY_CACHE_SECONDS: probes in a burst cost one check."""

    at = 0.0
    report: checks.Readiness | None = None

    @classmethod
    def get(cls) -> checks.Readiness:
        ttl = getattr(settings, "READY_CACHE_SECONDS", CACHE_SECONDS)
        now = time.monotonic()
        if cls.report is None or now - cls.at >= ttl:
            cls.report, cls.at = checks.readiness(), now
        return cls.report


class ReadyView(APIView):
    """Whether this installation can serve and do its background work; 503 names the failing parts.

    No authentication (load balancers and monitoring call it) and no throttle: the throttles keep
    their counts in the cache, which is one of the things checked. Instead a process answers a
    burst of probes from one report (READY_CACHE_SECONDS).
    """

    authentication_classes = []
    permission_classes = []

    @extend_schema(
        responses={
            200: READY,
            503: OpenApiResponse(
                NOT_READY, description="A part is failing: `failing` names each; ask again after `Retry-After` seconds."
            ),
        }
    )
    def get(self, request):
        report = _Memo.get()
        if report.ok:
            return Response({"status": "ok", "checks": report.checks})
        body = {
            "status": "failing",
            "detail": "Not ready: " + ", ".join(report.failing) + ".",
            "code": "not_ready",
            "failing": report.failing,
            "checks": report.checks,
        }
        retry = getattr(settings, "READY_RETRY_AFTER_SECONDS", RETRY_AFTER_SECONDS)
        return Response(body, status=503, headers={"Retry-After": str(retry)})
