"""The shared seed world: named users for every role and a draft in every state (the demo world)."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from rest_framework.test import APIClient

from workflow.demo.world import build_demo_world


@pytest.fixture(scope="session", autouse=True)
def test_settings(tmp_path_factory):
    """A quick password hasher (its cost is not under test), stored files in a temporary folder, and
    English when a request names no language, so that tests can quote messages (the translation
    tests ask for each language explicitly)."""
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        LANGUAGE_CODE="en",
        MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
    ):
        yield


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo world, built once per test module through the services; each test's changes roll back."""
    with django_db_blocker.unblock():
        built = build_demo_world(password="demo")
        yield built
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def as_user(client, world):
    """`as_user(name)`: the test client logged in as that demo user (None: anonymous)."""

    def login(username):
        client.logout()
        if username:
            client.force_login(world.users[username])
        return client

    return login


@pytest.fixture
def api():
    """`api(user)` gives an API client authenticated as that user (None: anonymous)."""

    def client_for(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"database: {engine}"


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Throttle counters live in the cache; each test starts with none spent."""
    from django.core.cache import cache

    cache.clear()
    yield
