"""Upgrading to exact forms (search 0004): the stale entries go, and every draft and material waits to be
indexed again, so the next index job (or `search_catch_up`, or `search_rebuild`) fills the new index."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from search.indexing import apply_pending_updates
from search.models import PendingIndexUpdate, SearchEntry

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(targets):
    MigrationExecutor(connection).migrate(targets)
    return MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_the_upgrade_queues_everything_and_the_queue_rebuilds_the_index(settings):
    settings.SEARCH_BACKEND = "database"
    old = migrate([("search", "0003_materials")])
    try:
        user = old.get_model("auth", "User").objects.create(username="oldtimer")
        act_type = old.get_model("drafts", "ActType").objects.create(code="qaror", name="Qaror")
        body = old.get_model("drafts", "IssuingBody").objects.create(name="Viloyat hokimligi")
        draft = old.get_model("drafts", "Draft").objects.create(
            title="Eski qaror", act_type=act_type, issuing_body=body, created_by=user, body="Respublikasining yerlari"
        )
        old.get_model("search", "SearchEntry").objects.create(
            key=f"draft:{draft.pk}", kind="draft", draft_id=draft.pk, title_terms="eski", body_terms="respublikas",
            status="draft", year=2026, updated_at=timezone.now(),
        )  # fmt: skip

        migrate(latest())

        assert not SearchEntry.objects.exists()
        assert PendingIndexUpdate.objects.filter(draft_id=draft.pk).exists()
        apply_pending_updates()
        entry = SearchEntry.objects.get(key=f"draft:{draft.pk}")
        assert (entry.body_exact, entry.body_terms) == ("respublikasining yerlari", "respublika yer")
    finally:
        migrate(latest())
