"""Backup and restore of an installation whose stored files are on an S3-compatible store (moto's S3 server)."""

import hashlib
import io
import json
import tarfile
import uuid

import pytest
from django.core.management import call_command
from django.test import RequestFactory

from files.models import StoredFile
from files.serving import stored_file_response
from operations.archive import MANIFEST
from operations.backups import copied_models
from publishing.models import OfficialCopy
from tests.storage.conftest import bucket_client
from workflow.demo.world import build_demo_world

pytestmark = pytest.mark.django_db(transaction=True)


def objects(bucket) -> dict[str, str]:
    return {key: hashlib.sha256(bucket.read(key)).hexdigest() for key in bucket.keys()}


def counts() -> dict[str, int]:
    return {model._meta.label_lower: model._base_manager.count() for model in copied_models()}


def test_an_installation_on_s3_is_backed_up_and_restored_into_a_new_bucket(s3_media, settings, monkeypatch, tmp_path):
    build_demo_world(password="demo")
    before, rows = objects(s3_media), counts()
    pictures = StoredFile.objects.exclude(thumbnail="")
    assert pictures.exists() and OfficialCopy.objects.exclude(file="").exists()
    # Uploads with their web sizes and thumbnails, and the official copies: all in the bucket, none on disk.
    assert {name.split("/")[0] for name in before} >= {"files", "official"}
    assert {p.thumbnail.name for p in pictures} | {p.web.name for p in pictures} <= set(before)

    out = io.StringIO()
    call_command("backup", str(tmp_path / "s3.tar.gz"), stdout=out)
    with tarfile.open(tmp_path / "s3.tar.gz") as tar:
        manifest = json.load(tar.extractfile(MANIFEST))
    assert {
        name.removeprefix("media/"): d["sha256"] for name, d in manifest["members"].items() if name.startswith("media/")
    } == before

    # A new machine: an empty database and a new, empty bucket.
    call_command("flush", interactive=False, verbosity=0)
    empty = f"media-{uuid.uuid4().hex[:12]}"
    bucket_client(s3_media.environment).create_bucket(
        Bucket=empty, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
    )
    settings.STORAGES = {**settings.STORAGES, "default": {**settings.STORAGES["default"]}}
    settings.STORAGES["default"]["OPTIONS"] = {**settings.STORAGES["default"]["OPTIONS"], "bucket_name": empty}
    s3_media.name = empty

    out = io.StringIO()
    call_command("restore", str(tmp_path / "s3.tar.gz"), stdout=out)

    assert f"{len(before)} files" in out.getvalue()
    assert "Official copies checked against their stored SHA-256" in out.getvalue()
    assert counts() == rows
    assert objects(s3_media) == before
    picture = StoredFile.objects.exclude(thumbnail="").first()
    address = stored_file_response(RequestFactory().get("/"), picture, variant="thumbnail")["Location"]
    assert f"/{empty}/" in address
