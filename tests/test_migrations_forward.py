"""A database migrated before the layering moved the official copies to `publishing` keeps every row."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_THE_MOVE = [("drafts", "0004_render_claims_and_prints"), ("workflow", "0001_initial"), ("publishing", None)]


def migrate(targets):
    """Migrates to the targets; the models as the applied migrations shape them."""
    MigrationExecutor(connection).migrate(targets)
    return MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def test_official_copies_prints_attempts_and_queued_jobs_survive_the_move():
    old = migrate(BEFORE_THE_MOVE)
    try:
        user = old.get_model("auth", "User").objects.create(username="oldtimer")
        act_type = old.get_model("drafts", "ActType").objects.create(code="qaror", name="Qaror")
        body = old.get_model("drafts", "IssuingBody").objects.create(name="Viloyat hokimligi")
        draft = old.get_model("drafts", "Draft").objects.create(
            title="Eski qaror", act_type=act_type, issuing_body=body, created_by=user, status="approved", version=1
        )
        version = old.get_model("drafts", "DraftVersion").objects.create(
            draft=draft, number=1, title="Eski qaror", body="1. Band.", checksum="a" * 64
        )
        copy = old.get_model("drafts", "OfficialCopy").objects.create(
            draft=draft, version=version, status="ready", text_checksum="a" * 64, pdf_checksum="b" * 64, size=10
        )
        old.get_model("drafts", "RenderAttempt").objects.create(copy=copy, succeeded=True, seconds=1.5)
        old.get_model("drafts", "DraftPrint").objects.create(version=version, key="c" * 64, size=20)
        # A rendering retry deferred by the worker, still waiting under the old module path.
        queued = old.get_model("django_tasks_database", "DBTaskResult").objects.create(
            task_path="drafts.tasks.render_official_copy",
            args_kwargs={"args": [draft.pk, 2], "kwargs": {}},
            backend_name="default",
            queue_name="default",
            run_after=timezone.now(),
        )

        new = migrate(latest())

        moved = new.get_model("publishing", "OfficialCopy").objects.get(draft_id=draft.pk)
        assert (moved.status, moved.pdf_checksum, moved.size) == ("ready", "b" * 64, 10)
        assert new.get_model("publishing", "RenderAttempt").objects.get(copy=moved).seconds == 1.5
        assert new.get_model("publishing", "DraftPrint").objects.get(version_id=version.pk).size == 20
        content_type = new.get_model("contenttypes", "ContentType").objects.get(model="officialcopy")
        assert content_type.app_label == "publishing"
        assert new.get_model("django_tasks_database", "DBTaskResult").objects.get(pk=queued.pk).task_path == (
            "publishing.tasks.render_official_copy"
        )
    finally:
        migrate(latest())
