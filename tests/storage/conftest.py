"""An S3 protocol server on a loopback port for the storage tests: moto's server mode (moto_server).

This is moto's S3 implementation, not AWS and not MinIO: it speaks the same HTTP protocol that
django-storages and boto3 speak to any S3-compatible store (signed requests, signed GET
addresses, ranges, multipart uploads), which is what these tests are about.
"""

import os
import socket
import subprocess
import sys
import time
import uuid

import boto3
import pytest

from config.storage import s3_media_storage

KEYS = {"MEDIA_S3_ACCESS_KEY_ID": "testing-key", "MEDIA_S3_SECRET_ACCESS_KEY": "testing-secret"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 server in a subprocess for the whole session; its address."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    address = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("moto's S3 server did not start")
        yield address
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def s3_environment(s3_server):
    """The MEDIA_S3_* variables an administrator would set for a new, empty bucket on that server."""
    bucket = f"media-{uuid.uuid4().hex[:12]}"
    environment = {
        "MEDIA_S3_BUCKET": bucket,
        "MEDIA_S3_ENDPOINT_URL": s3_server,
        "MEDIA_S3_REGION": "eu-central-1",
        "MEDIA_S3_ADDRESSING_STYLE": "path",
        **KEYS,
    }
    bucket_client(environment).create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
    )
    return environment


def bucket_client(environment: dict):
    """boto3 on its own, to look into the bucket behind the storage's back."""
    return boto3.client(
        "s3",
        endpoint_url=environment["MEDIA_S3_ENDPOINT_URL"],
        region_name=environment["MEDIA_S3_REGION"],
        aws_access_key_id=KEYS["MEDIA_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["MEDIA_S3_SECRET_ACCESS_KEY"],
    )


@pytest.fixture
def s3_media(s3_environment, settings, monkeypatch):
    """The installation configured for that bucket, through the same function settings.py calls."""
    for name, value in s3_environment.items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, "default": s3_media_storage()}
    return Bucket(s3_environment)


class Bucket:
    """The bucket seen with boto3 alone, behind the storage's back."""

    def __init__(self, environment: dict):
        self.environment = environment
        self.name = environment["MEDIA_S3_BUCKET"]
        self.client = bucket_client(environment)

    def keys(self) -> set[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name)
        return {item["Key"] for page in pages for item in page.get("Contents", [])}

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


def subprocess_environment(extra: dict) -> dict:
    return {**os.environ, **extra, "DJANGO_SETTINGS_MODULE": "config.settings"}
