"""A deployment with a streaming replica: only reads that may lag go to it, and nothing is migrated there."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from config.db_router import ReplicaRouter
from drafts.models import Draft
from kernel.replica import reading_may_lag, reads_may_lag
from search.backends.base import SearchRequest
from search.selectors import search_for

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def with_replica(settings):
    settings.DATABASES = {**settings.DATABASES, "replica": settings.DATABASES["default"]}


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_reads_that_may_lag_go_to_the_replica_and_nothing_else(with_replica):
    router = ReplicaRouter()
    assert router.db_for_read(Draft) is None
    with reads_may_lag():
        assert router.db_for_read(Draft) == "replica"
        assert router.db_for_write(Draft) is None
    assert router.db_for_read(Draft) is None
    assert router.allow_migrate("replica", "drafts") is False
    assert router.allow_migrate("default", "drafts") is True


def test_without_a_replica_every_read_stays_on_the_primary():
    assert "replica" not in settings.DATABASES
    with reads_may_lag():
        assert ReplicaRouter().db_for_read(Draft) is None


def test_the_flag_is_reset_even_when_the_read_fails():
    with pytest.raises(RuntimeError), reads_may_lag():
        raise RuntimeError
    assert reading_may_lag() is False


@pytest.mark.django_db
def test_search_counts_its_facets_as_a_read_that_may_lag(world, monkeypatch):
    seen = []
    original = ReplicaRouter.db_for_read

    def spy(self, model, **hints):
        seen.append(reading_may_lag())
        return original(self, model, **hints)

    monkeypatch.setattr(ReplicaRouter, "db_for_read", spy)
    monkeypatch.setattr(settings, "DATABASE_ROUTERS", ["config.db_router.ReplicaRouter"])
    from django.db import router

    monkeypatch.setattr(router, "routers", [ReplicaRouter()])
    result = search_for(world.users["approver"], SearchRequest(query="chiqindi"))
    assert result["count"] >= 1
    # Some reads were made inside reads_may_lag() (the facets), and the hits were read outside it.
    assert True in seen and False in seen


def test_the_replica_is_configured_from_the_environment():
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup();"
        "from django.conf import settings as s;"
        "print(s.DATABASES['replica']['HOST'], s.DATABASES['replica']['TEST']['MIRROR'], *s.DATABASE_ROUTERS)"
    )
    env = {**os.environ, "DATABASE_REPLICA_URL": "postgres://reader@replica.internal:5432/legaldrafts"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["replica.internal", "default", "config.db_router.ReplicaRouter"]
