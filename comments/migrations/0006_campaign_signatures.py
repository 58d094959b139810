import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0005_participation"),
        ("drafts", "0007_attachments"),
    ]

    operations = [
        migrations.CreateModel(
            name="CampaignBand",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.BigIntegerField()),
                (
                    "campaign",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="comments.campaign",
                    ),
                ),
                (
                    "comment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="comments.comment"
                    ),
                ),
                (
                    "draft",
                    models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="drafts.draft"),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["draft", "key"], name="comments_campaignband_lookup")],
            },
        ),
    ]
