"""Prometheus metrics at /internal/metrics: requests (django-prometheus), jobs and rendering (kernel.metrics),
and the backlogs measured at each scrape (config.readiness).

Not for the public: the nginx site answers 404 for /internal/, and with METRICS_TOKEN set the
view wants `Authorization: Bearer <token>` as well (for a scraper that reaches the app directly).
Under gunicorn each worker process counts its own requests: with PROMETHEUS_MULTIPROC_DIR set (an
empty directory shared by the app's processes and the job workers, emptied at each start) a scrape
adds up every process's samples (docs/observability.md).
"""

import hmac
import logging
import os

from django.conf import settings
from django.http import HttpResponse
from django_prometheus.middleware import PrometheusAfterMiddleware
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

from config import readiness

log = logging.getLogger(__name__)

METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"}


class AfterMiddleware(PrometheusAfterMiddleware):
    """django-prometheus's, with every method label bounded: it labels one latency by the raw method,
    and a client inventing methods would grow a series for each."""

    def label_metric(self, metric, request, response=None, **labels):
        if "method" in labels and labels["method"] not in METHODS:
            labels["method"] = "<invalid method>"
        return super().label_metric(metric, request, response, **labels)


class BacklogCollector:
    """Measures the backlogs when scraped, from the database, so every process reports the same numbers."""

    def collect(self):
        up = GaugeMetricFamily("legaldrafts_backlogs_measured", "1 when the backlogs below could be measured.")
        try:
            measured = readiness.backlogs()
        except Exception as error:
            log.warning("Backlogs not measured for the metrics: %s", type(error).__name__)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        for name, facts in measured.items():
            for fact in ("pending", "failed", "oldest_seconds"):
                if fact in facts:
                    yield GaugeMetricFamily(
                        f"legaldrafts_{name}_{fact}",
                        f"{name.replace('_', ' ')}: {fact.replace('_', ' ')}.",
                        value=facts[fact],
                    )


_backlogs = CollectorRegistry(auto_describe=False)
_backlogs.register(BacklogCollector())


def _authorized(request) -> bool:
    token = getattr(settings, "METRICS_TOKEN", "")
    if not token:
        return True
    given = request.headers.get("Authorization", "")
    return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


def metrics_view(request):
    """The Prometheus text exposition: every process's counters, then the backlogs."""
    if not _authorized(request):
        return HttpResponse(
            "The metrics need Authorization: Bearer <METRICS_TOKEN>.\n", status=403, content_type="text/plain"
        )
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        body = generate_latest(registry)
    else:
        body = generate_latest(REGISTRY)
    return HttpResponse(body + generate_latest(_backlogs), content_type=CONTENT_TYPE_LATEST)
