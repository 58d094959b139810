"""Search backends, chosen by settings.SEARCH_BACKEND ("database" or "elasticsearch")."""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

BACKENDS = {
    "database": "search.backends.database.DatabaseBackend",
    "elasticsearch": "search.backends.elasticsearch.ElasticsearchBackend",
}


@cache
def _backend_for(name: str, url: str):
    return import_string(BACKENDS[name])(url=url)


def get_backend():
    """The configured backend (one instance per setting)."""
    return _backend_for(settings.SEARCH_BACKEND, settings.ELASTICSEARCH_URL)
