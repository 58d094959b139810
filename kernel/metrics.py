"""The Prometheus metrics the apps record; config.metrics exposes them with the request metrics.

Under gunicorn (several processes) and with a separate worker, every process writes its samples to
PROMETHEUS_MULTIPROC_DIR and the scrape adds them up (docs/observability.md).
"""

from prometheus_client import Counter, Histogram

# Labelled by the task's function name only: a bounded set that the code defines.
JOBS_ENQUEUED = Counter("legaldrafts_jobs_enqueued_total", "Jobs enqueued, by task.", ["task"])
JOBS_FINISHED = Counter(
    "legaldrafts_jobs_finished_total", "Jobs finished, by task and outcome (successful, failed).", ["task", "outcome"]
)
JOB_SECONDS = Histogram(
    "legaldrafts_job_duration_seconds",
    "Time a job ran, by task.",
    ["task"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, float("inf")),
)
RENDER_SECONDS = Histogram(
    "legaldrafts_official_copy_render_seconds",
    "Time to render an official copy's PDF, by outcome (succeeded, failed).",
    ["outcome"],
    buckets=(0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120, float("inf")),
)
