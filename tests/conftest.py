"""The shared seed world: named users for every role and a draft in every state (the demo world)."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from workflow.demo.world import build_demo_world


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo world, built once per test module through the services; each test's changes roll back."""
    with django_db_blocker.unblock():
        built = build_demo_world(password="demo")
        yield built
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def api():
    """`api(user)` gives an API client authenticated as that user (None: anonymous)."""

    def client_for(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for
