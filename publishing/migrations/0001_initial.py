"""OfficialCopy, RenderAttempt and DraftPrint move here from drafts: the state changes app, the tables stay."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ["officialcopy", "renderattempt", "draftprint"]


def _move_content_types(apps, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def content_types_to_publishing(apps, schema_editor):
    """Their content types (and so their permissions and admin log entries) follow them."""
    _move_content_types(apps, "drafts", "publishing")


def content_types_to_drafts(apps, schema_editor):
    _move_content_types(apps, "publishing", "drafts")


def queued_jobs_to_publishing(apps, schema_editor):
    """Rendering jobs queued (or deferred for a retry) under the old module path run under the new one."""
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    DBTaskResult.objects.filter(task_path="drafts.tasks.render_official_copy").update(
        task_path="publishing.tasks.render_official_copy"
    )


def queued_jobs_to_drafts(apps, schema_editor):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    DBTaskResult.objects.filter(task_path="publishing.tasks.render_official_copy").update(
        task_path="drafts.tasks.render_official_copy"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("drafts", "0004_render_claims_and_prints"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OfficialCopy",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("status", models.CharField(choices=[("pending", "Being prepared"), ("ready", "Ready"), ("failed", "Failed")], default="pending", max_length=16)),
                        ("file", models.FileField(blank=True, upload_to="official/")),
                        ("text_checksum", models.CharField(db_index=True, max_length=64)),
                        ("pdf_checksum", models.CharField(blank=True, db_index=True, max_length=64)),
                        ("size", models.PositiveIntegerField(default=0)),
                        ("rendered_at", models.DateTimeField(blank=True, null=True)),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        ("last_error", models.TextField(blank=True)),
                        ("render_started_at", models.DateTimeField(blank=True, null=True)),
                        ("draft", models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name="official_copy", to="drafts.draft")),
                        ("version", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="drafts.draftversion")),
                    ],
                    options={"db_table": "drafts_officialcopy", "verbose_name_plural": "official copies"},
                ),
                migrations.CreateModel(
                    name="RenderAttempt",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("at", models.DateTimeField(auto_now_add=True)),
                        ("reason", models.CharField(blank=True, max_length=500)),
                        ("succeeded", models.BooleanField()),
                        ("error", models.TextField(blank=True)),
                        ("seconds", models.FloatField(default=0)),
                        ("actor", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("copy", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="attempt_log", to="publishing.officialcopy")),
                    ],
                    options={"db_table": "drafts_renderattempt", "ordering": ["copy", "at", "id"]},
                ),
                migrations.CreateModel(
                    name="DraftPrint",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("key", models.CharField(max_length=64)),
                        ("file", models.FileField(blank=True, upload_to="prints/")),
                        ("pdf_checksum", models.CharField(blank=True, max_length=64)),
                        ("size", models.PositiveIntegerField(default=0)),
                        ("rendered_at", models.DateTimeField(blank=True, null=True)),
                        ("seconds", models.FloatField(default=0)),
                        ("render_started_at", models.DateTimeField(blank=True, null=True)),
                        ("version", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="drafts.draftversion")),
                    ],
                    options={
                        "db_table": "drafts_draftprint",
                        "constraints": [models.UniqueConstraint(fields=("version", "key"), name="unique_print_per_version_key")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_publishing, content_types_to_drafts),
        migrations.RunPython(queued_jobs_to_publishing, queued_jobs_to_drafts),
    ]
