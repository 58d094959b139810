"""The index keeps each word's exact form beside its folded terms (search.folding), and the folding
changed: the entries are dropped and every draft and material is queued to be indexed again.

The queue is drained by the next index job, `python manage.py search_catch_up`, or at once by
`python manage.py search_rebuild` (which an Elasticsearch index needs anyway: its analyzers changed).
"""

from django.db import migrations, models
from django.utils import timezone

FTS = "CREATE VIRTUAL TABLE search_fts USING fts5({columns}, tokenize = 'unicode61 remove_diacritics 0')"


def _reindex_everything(apps, schema_editor, columns: str) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")
        schema_editor.execute(FTS.format(columns=columns))
    SearchEntry = apps.get_model("search", "SearchEntry")
    PendingIndexUpdate = apps.get_model("search", "PendingIndexUpdate")
    SearchEntry.objects.all().delete()
    now = timezone.now()
    drafts = apps.get_model("drafts", "Draft").objects.values_list("pk", flat=True)
    materials = apps.get_model("library", "Material").objects.values_list("pk", flat=True)
    queued = set(PendingIndexUpdate.objects.exclude(draft_id=None).values_list("draft_id", flat=True))
    queued_materials = set(PendingIndexUpdate.objects.exclude(material_id=None).values_list("material_id", flat=True))
    PendingIndexUpdate.objects.bulk_create(
        [PendingIndexUpdate(draft_id=pk, queued_at=now) for pk in drafts.iterator() if pk not in queued]
        + [PendingIndexUpdate(material_id=pk, queued_at=now) for pk in materials.iterator() if pk not in queued_materials],
        batch_size=1000,
    )


def forwards(apps, schema_editor):
    _reindex_everything(apps, schema_editor, "title_exact, title, body_exact, body")


def backwards(apps, schema_editor):
    _reindex_everything(apps, schema_editor, "title, body")


class Migration(migrations.Migration):
    dependencies = [
        ("drafts", "0006_reference_names_per_language"),
        ("library", "0001_initial"),
        ("search", "0003_materials"),
    ]

    operations = [
        migrations.AddField(model_name="searchentry", name="title_exact", field=models.TextField(default="")),
        migrations.AddField(model_name="searchentry", name="body_exact", field=models.TextField(default="")),
        migrations.RunPython(forwards, backwards),
    ]
