"""Lists of the newest entries holding each common term (PostgreSQL; search.backends.term_lists)."""

from django.db import migrations, models


def cascade(apps, schema_editor):
    # An entry's rows go with it in the database itself, whoever deletes it (a draft's deletion cascades to
    # its entries in Django, a re-index deletes them in one statement): Django keeps no relation to collect.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE search_recentmatch ADD CONSTRAINT search_recentmatch_entry_fk FOREIGN KEY (entry_id) "
            "REFERENCES search_searchentry (id) ON DELETE CASCADE"
        )


def uncascade(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_recentmatch DROP CONSTRAINT IF EXISTS search_recentmatch_entry_fk")


class Migration(migrations.Migration):
    dependencies = [("search", "0006_vectors_inline")]

    operations = [
        migrations.CreateModel(
            name="ListedTerm",
            fields=[
                ("term", models.TextField(primary_key=True, serialize=False)),
                ("share", models.FloatField()),
            ],
        ),
        migrations.CreateModel(
            name="RecentMatch",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "term", "entry_id", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("term", models.TextField()),
                ("entry_id", models.BigIntegerField(db_index=True)),
            ],
        ),
        migrations.RunPython(cascade, uncascade),
    ]
