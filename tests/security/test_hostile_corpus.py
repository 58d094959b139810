"""The hostile-input corpus itself: big enough, and covering every route of the site.

The corpus (corpus.py: values; endpoints.py: every API and form endpoint and its fields;
shapes.py: ids and strings in paths, deep JSON, wrong bodies, `next`) is run by
test_hostile_api_fields.py, test_hostile_page_fields.py, test_hostile_requests.py and
test_hostile_echo.py.
"""

from django.urls import get_resolver

from tests.security.endpoints import ENDPOINTS, field_cases
from tests.security.shapes import ID_PATHS, NEXT_TARGETS, STR_PATHS, all_case_count


def test_the_corpus_is_big_enough():
    assert all_case_count() >= 200
    assert len(field_cases()) >= 200


# Django's own pages that take no input of ours, and the admin (Django's, behind its own login).
NOT_COVERED = {"logout", "password_change_done", "password_reset_done", "password_reset_complete", "javascript-catalog"}


def test_every_route_is_in_the_corpus():
    covered = {e.route for e in ENDPOINTS.values()} | {p[0] for p in ID_PATHS} | {p[0] for p in STR_PATHS}
    covered |= {"login", "set_language", "confirm-malformed"}
    assert len(NEXT_TARGETS) >= 8
    names = set()

    def walk(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                if pattern.namespace not in ("admin", "rest_framework"):
                    walk(pattern.url_patterns)
            elif pattern.name:
                names.add(pattern.name)

    walk(get_resolver().url_patterns)
    assert names - covered - NOT_COVERED == set()
