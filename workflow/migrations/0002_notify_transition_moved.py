"""Jobs that moved module: the notification (workflow.tasks -> workflow.notifications) and the
catch-up (workflow.tasks -> kernel.tasks). Queued and deferred ones follow them."""

from django.db import migrations

MOVED = {
    "workflow.tasks.notify_transition": "workflow.notifications.notify_transition",
    "workflow.tasks.catch_up_job": "kernel.tasks.catch_up_job",
}


def forward(apps, schema_editor):
    results = apps.get_model("django_tasks_database", "DBTaskResult").objects
    for old, new in MOVED.items():
        results.filter(task_path=old).update(task_path=new)


def backward(apps, schema_editor):
    results = apps.get_model("django_tasks_database", "DBTaskResult").objects
    for old, new in MOVED.items():
        results.filter(task_path=new).update(task_path=old)


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0001_initial"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forward, backward)]
