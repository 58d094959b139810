"""The job after an upload commits: pictures re-drawn without their metadata, media measured (files.processing)."""

import hashlib
import io
import os
import shutil
import struct
import subprocess
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from files.catch_up import files_catch_up
from files.kinds import Kind
from files.models import StoredFile
from files.processing import THUMBNAIL_SIZE, WEB_SIZE
from files.services import stored_file_create
from tests.files import makers

pytestmark = pytest.mark.django_db


@pytest.fixture
def uploader(django_user_model):
    return django_user_model.objects.create_user("uploader", password="x")


@pytest.fixture
def store(uploader, django_capture_on_commit_callbacks):
    """Stores an upload as an owner would and runs its after-commit job, as the immediate job backend does."""

    def stored(name, data) -> StoredFile:
        with django_capture_on_commit_callbacks(execute=True):
            created = stored_file_create(makers.upload(name, data), user=uploader, kinds=set(Kind))
        return StoredFile.objects.get(pk=created.pk)

    return stored


def read(field) -> bytes:
    with field.open("rb") as opened:
        return opened.read()


def test_a_picture_is_served_without_the_gps_and_owner_it_was_uploaded_with(store):
    upload = makers.jpeg_with_gps(2400, 1600)
    assert Image.open(io.BytesIO(upload)).getexif().get_ifd(0x8825)
    stored = store("field-visit.jpg", upload)

    assert stored.status == StoredFile.Status.READY
    served = read(stored.file)
    picture = Image.open(io.BytesIO(served))
    assert not picture.getexif().get_ifd(0x8825) and not picture.getexif()
    assert b"Karimov" not in served and b"PhoneMaker" not in served
    assert (stored.size, stored.metadata) == (len(served), {"width": 2400, "height": 1600})
    assert stored.sha256 == hashlib.sha256(served).hexdigest()
    web, thumbnail = Image.open(stored.web.open("rb")), Image.open(stored.thumbnail.open("rb"))
    assert (web.format, max(web.size), thumbnail.format, max(thumbnail.size)) == (
        "WEBP",
        WEB_SIZE,
        "WEBP",
        THUMBNAIL_SIZE,
    )


def broken_wav() -> bytes:
    """A RIFF/WAVE header libmagic takes for audio, whose format chunk names no codec and no channel."""
    fmt = struct.pack("<HHIIHH", 0x1234, 0, 0, 0, 0, 0)
    chunks = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", 100) + b"\0" * 100
    return b"RIFF" + struct.pack("<I", len(chunks)) + chunks


def test_media_nothing_can_read_is_refused_and_its_bytes_deleted(store, monkeypatch):
    stored = store("speech.wav", broken_wav())
    assert (stored.status, stored.refusal) == (StoredFile.Status.REFUSED, "It could not be read.")
    assert not stored.file.storage.exists(stored.file.name)
    monkeypatch.setenv("PATH", "/nonexistent")
    assert store("speech.wav", broken_wav()).status == StoredFile.Status.REFUSED


def test_audio_is_measured_by_ffprobe_and_by_mutagen_without_it(store, monkeypatch):
    if shutil.which("ffprobe"):
        stored = store("hearing.wav", makers.wav(3.0))
        assert stored.metadata["source"] == "ffprobe"
        assert stored.metadata["duration"] == pytest.approx(3.0, abs=0.01)
        assert stored.metadata["codecs"] == ["pcm_s16le"]
    monkeypatch.setenv("PATH", "/nonexistent")
    stored = store("hearing.wav", makers.wav(2.0))
    assert (stored.metadata["source"], stored.metadata["duration"]) == ("mutagen", pytest.approx(2.0, abs=0.01))


@pytest.mark.skipif(not shutil.which("ffmpeg"), reason="Debian's ffmpeg is not installed (make installs it)")
def test_a_video_is_measured_with_its_codecs_and_size(store, tmp_path):
    path = tmp_path / "hearing.mp4"
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc=duration=2:size=320x240:rate=10",
            "-pix_fmt",
            "yuv420p",
            "-c:v",
            "mpeg4",
            str(path),
        ],
        check=True,
    )
    stored = store("hearing.mp4", path.read_bytes())
    assert stored.status == StoredFile.Status.READY
    assert stored.metadata["codecs"] == ["mpeg4"]
    assert (stored.metadata["width"], stored.metadata["height"]) == (320, 240)
    assert stored.metadata["duration"] == pytest.approx(2.0, abs=0.2)


def test_a_document_is_kept_byte_for_byte(store):
    data = makers.pdf()
    stored = store("note.pdf", data)
    assert (stored.status, read(stored.file), stored.web.name) == (StoredFile.Status.READY, data, "")


def test_the_storage_name_never_comes_from_the_uploaders_name(uploader):
    created = stored_file_create(
        SimpleUploadedFile("../../../etc/cron.d/x.pdf", makers.pdf()), user=uploader, kinds={Kind.DOCUMENT}
    )
    assert created.file.name == f"files/{created.created_at:%Y/%m}/{created.key}"
    assert created.name == "x.pdf"


def test_bytes_of_an_owner_that_rolled_back_are_deleted_by_the_catch_up_once_old(store, uploader):
    kept = store("kept.png", makers.png(900, 600))
    with pytest.raises(RuntimeError), transaction.atomic():
        lost = stored_file_create(makers.upload("lost.png", makers.png(40, 40)), user=uploader, kinds=set(Kind))
        raise RuntimeError("the owner's row was refused after the bytes were saved")
    storage = kept.file.storage
    assert storage.exists(lost.file.name) and not StoredFile.objects.filter(pk=lost.pk).exists()
    with pytest.raises(RuntimeError), transaction.atomic():
        young = stored_file_create(makers.upload("young.png", makers.png(40, 40)), user=uploader, kinds=set(Kind))
        raise RuntimeError("a second owner rolled back a moment ago")
    two_hours_ago = time.time() - 2 * 3600
    for name in (lost.file.name, kept.file.name, kept.web.name, kept.thumbnail.name):
        os.utime(storage.path(name), (two_hours_ago, two_hours_ago))

    report = files_catch_up()

    assert not storage.exists(lost.file.name)
    assert storage.exists(young.file.name)  # its transaction might still have been running
    assert all(storage.exists(f.name) for f in (kept.file, kept.web, kept.thumbnail))
    assert report.orphans_deleted >= 1 and "no file row named deleted" in report.lines()[-1]
