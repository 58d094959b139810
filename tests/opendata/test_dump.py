"""The daily dump: written whole into a new folder of the store, swapped in only once complete, served from there."""

import datetime
import hashlib
import json

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from frictionless import Package

from opendata import dumps
from opendata.dumps import current_dump, dump_write
from opendata.models import Dump
from opendata.tables import TABLES


def fetch(client, path: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return b"".join(response.streaming_content)


@pytest.mark.django_db
def test_no_dump_yet_is_a_404_with_a_reason(world, client):
    response = client.get("/api/v1/export/dump/")
    assert response.status_code == 404 and "No open-data dump" in response.json()["detail"]
    assert client.get("/api/v1/export/dump/datapackage.json").status_code == 404


@pytest.mark.django_db
def test_the_dump_is_the_whole_package_and_validates_where_it_is_downloaded(world, client, tmp_path):
    call_command("opendata_dump", stdout=open("/dev/null", "w"))
    listing = client.get("/api/v1/export/dump/").json()
    names = {f["name"] for f in listing["files"]}
    assert names == {"datapackage.json"} | {f"{t.name}.{f}" for t in TABLES for f in ("csv", "jsonl")}
    for entry in listing["files"]:
        data = fetch(client, f"/api/v1/export/dump/{entry['name']}")
        assert len(data) == entry["bytes"] and hashlib.sha256(data).hexdigest() == entry["sha256"]
        (tmp_path / entry["name"]).write_bytes(data)
    package = json.loads((tmp_path / "datapackage.json").read_text())
    assert all(r["hash"].startswith("sha256:") and "bytes" in r for r in package["resources"])
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])
    live = b"".join(client.get("/api/v1/export/comments.csv").streaming_content)
    assert (tmp_path / "comments.csv").read_bytes() == live


@pytest.mark.django_db
def test_a_dump_that_fails_midway_leaves_the_previous_one_in_place(world, client, monkeypatch):
    first = dump_write()
    before = fetch(client, "/api/v1/export/dump/comments.csv")
    stored = dumps._store
    written = []

    def store_then_fail(folder, name, chunks):  # fault injection: the store breaks after three files
        if len(written) == 3:
            raise OSError("No space left on device")
        written.append(f"{folder}/{name}")
        return stored(folder, name, chunks)

    monkeypatch.setattr(dumps, "_store", store_then_fail)
    with pytest.raises(OSError):
        dump_write()
    failed = Dump.objects.exclude(pk=first.pk).get()
    assert failed.status == Dump.Status.FAILED and "No space left" in failed.error
    assert written and not any(default_storage.exists(name) for name in written)  # its partial files are gone
    assert current_dump() == first
    assert fetch(client, "/api/v1/export/dump/comments.csv") == before
    assert client.get("/api/v1/export/dump/").json()["started_at"] == first.started_at.isoformat()


@pytest.mark.django_db
def test_a_new_dump_replaces_the_current_one_and_the_one_before_is_kept_then_pruned(world):
    first, second, third = dump_write(), dump_write(), dump_write()
    assert current_dump() == third
    assert list(Dump.objects.filter(status="ready").order_by("started_at")) == [second, third]
    assert not default_storage.exists(f"{first.folder}/datapackage.json")
    assert default_storage.exists(f"{second.folder}/datapackage.json")


DATABASE_WORKER = {"default": {"BACKEND": "kernel.jobs.DatabaseBackend"}}


@pytest.mark.django_db
def test_with_a_database_worker_the_catch_up_keeps_one_dump_queued_a_day_after_the_last(world, settings):
    from django.utils import timezone
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from kernel.catch_up import catch_up
    from opendata.tasks import dump_job

    queued = DBTaskResult.objects.filter(task_path=dump_job.module_path, status=TaskResultStatus.READY)
    assert "Open-data dump" not in "\n".join(catch_up().lines())  # no worker: cron or the timer runs it
    assert not queued.exists()
    settings.TASKS = DATABASE_WORKER
    assert "Open-data dump due at" in "\n".join(catch_up().lines())
    assert queued.get().run_after <= timezone.now()  # no dump yet: at once
    catch_up()
    assert queued.count() == 1  # never a second one
    queued.delete()
    last = dump_write()
    catch_up()
    assert queued.get().run_after == last.finished_at + datetime.timedelta(hours=24)
