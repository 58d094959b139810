"""OfficialCopy, RenderAttempt and DraftPrint now belong to publishing (its 0001 takes them over): state only, the tables stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("drafts", "0004_render_claims_and_prints"),
        ("publishing", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="RenderAttempt"),
                migrations.DeleteModel(name="OfficialCopy"),
                migrations.DeleteModel(name="DraftPrint"),
            ],
            database_operations=[],
        ),
    ]
