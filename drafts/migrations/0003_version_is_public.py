from django.db import migrations, models

# States in which everyone sees a draft; a version current at a transition into one was public.
PUBLIC_STATES = ["public_discussion", "finalization", "approval", "approved"]


def mark_published_versions(apps, schema_editor):
    TransitionRecord = apps.get_model("workflow", "TransitionRecord")
    DraftVersion = apps.get_model("drafts", "DraftVersion")
    published = TransitionRecord.objects.filter(target__in=PUBLIC_STATES).values_list("draft_id", "version").distinct()
    for draft_id, number in published.iterator():
        DraftVersion.objects.filter(draft_id=draft_id, number=number).update(is_public=True)


class Migration(migrations.Migration):
    dependencies = [
        ("drafts", "0002_official_copies"),
        ("workflow", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="draftversion",
            name="is_public",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(mark_published_versions, migrations.RunPython.noop),
    ]
