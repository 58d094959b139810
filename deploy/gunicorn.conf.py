"""Gunicorn for the legal drafts service: `gunicorn -c deploy/gunicorn.conf.py config.wsgi`.

Every value comes from the environment, so the same file serves `make production`, the systemd
unit and the container. Threads let a worker wait on PostgreSQL or a PDF file while serving others.
"""

import multiprocessing
import os

from prometheus_client import multiprocess

bind = os.environ.get("GUNICORN_BIND", "unix:/run/legaldrafts/gunicorn.sock")
# Two per core plus one is gunicorn's own advice; each worker holds a Django and its imports (~120 MB).
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
worker_class = "gthread"
# A request running longer than this is killed and logged: PDFs are rendered by the worker, never here.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 20))
keepalive = 5
# Workers are replaced now and then, so that no slow leak grows for ever.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = max_requests // 10
# Only nginx reaches the Unix socket: its X-Forwarded-* headers are the ones to believe.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "*")
# The socket is created group-writable for nginx's user (systemd: the legaldrafts group holds www-data).
umask = int(os.environ.get("GUNICORN_UMASK", "0o007"), 8)
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}i)s'
proc_name = "legaldrafts-web"
# Gunicorn's control socket, one per installation (its default in the home directory would be shared).
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "/run/legaldrafts/gunicorn.ctl")
# Imports once in the master, so workers start fast and share memory.
preload_app = True


def child_exit(server, worker):
    """A worker's metrics leave the sums when it dies (PROMETHEUS_MULTIPROC_DIR, docs/observability.md)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)
