"""The search API builds its answer without DRF's serializer (search.serializers.search_response): the
answer must be exactly what SearchResponseSerializer, which the API's schema documents, makes of it."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.renderers import JSONRenderer

from search.backends.base import SearchRequest
from search.indexing import rebuild_index
from search.selectors import search_for
from search.serializers import SearchResponseSerializer, search_response
from tests.search.corpus import make_corpus

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "username,query,params",
    [
        (None, "ер солиғидан", {}),  # a draft's articles in the snippets
        (None, "olmos", {}),  # a comment
        (None, "idishlar", {}),  # a library material
        ("drafter", "soliq", {"page_size": 50}),  # drafts, comments, facets of several statuses
        ("approver", "soliq", {"page": 2, "page_size": 2}),
        (None, "soliq", {"status": ("approved",)}),
        (None, "zzzyyyxxx", {}),  # nothing found
    ],
)
def test_the_answer_is_what_the_documented_serializer_makes(world, settings, username, query, params):
    settings.SEARCH_BACKEND = "database"
    make_corpus(world)
    rebuild_index()
    user = world.users[username] if username else AnonymousUser()
    request = SearchRequest(query=query, **params)
    found = search_for(user, request)
    assert found["results"] or query == "zzzyyyxxx"
    documented = json.loads(JSONRenderer().render(SearchResponseSerializer({**found, "page": request.page}).data))
    assert search_response(found, request.page) == documented
    assert json.dumps(search_response(found, request.page)) == json.dumps(documented)  # the same order of keys
