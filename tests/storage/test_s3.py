"""Stored files on an S3-compatible store (moto's S3 server here, not AWS or MinIO): upload, processing, serving, deletion."""

import hashlib
import io
import subprocess
import sys
from urllib.request import Request, urlopen

import pytest
from django.core.files.storage import default_storage
from django.test import RequestFactory
from PIL import ExifTags, Image

from files.kinds import Kind
from files.models import StoredFile
from files.services import stored_file_create, stored_file_delete
from files.serving import stored_file_response
from tests.files.makers import jpeg_with_gps, pdf, upload
from tests.storage.conftest import subprocess_environment
from tests.storage.test_chunked import client_for, put, silence, start

pytestmark = pytest.mark.django_db

ALL = set(Kind)


def fetch(url: str, **headers):
    with urlopen(Request(url, headers=headers), timeout=10) as answer:
        return answer.status, answer.headers, answer.read()


def served(stored: StoredFile, variant: str = "file"):
    return stored_file_response(RequestFactory().get("/"), stored, variant=variant)


def test_the_environment_alone_puts_stored_files_in_the_bucket(s3_environment):
    """A process started with MEDIA_S3_* set (as systemd or compose would start it) stores into the bucket."""
    script = (
        "import django; django.setup()\n"
        "from django.core.files.base import ContentFile\n"
        "from django.core.files.storage import default_storage as s\n"
        "name = s.save('probe/a.txt', ContentFile(b'one'))\n"
        "again = s.save('probe/a.txt', ContentFile(b'two'))\n"
        "print(type(s._wrapped).__name__, name, again != name, s.open(name).read().decode())\n"
        "from django.conf import settings\n"
        "print(' '.join(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['media-src']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=subprocess_environment(s3_environment),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    stored, media_src = done.stdout.splitlines()
    # A second file under a name in use gets a name of its own: nothing is ever overwritten.
    assert stored.split() == ["S3Storage", "probe/a.txt", "True", "one"]
    # Pages may show pictures and play media from the store their signed addresses point to.
    assert media_src.split() == ["'self'", s3_environment["MEDIA_S3_ENDPOINT_URL"]]


def test_a_picture_uploaded_to_s3_is_reencoded_without_gps_and_served_through_a_signed_address(
    s3_media, django_user_model, django_capture_on_commit_callbacks
):
    user = django_user_model.objects.create_user("uploader")
    original = jpeg_with_gps()
    with django_capture_on_commit_callbacks(execute=True):
        stored = stored_file_create(upload("Photo of the hearing.JPG", original), user=user, kinds=ALL)
    stored.refresh_from_db()

    assert stored.status == StoredFile.Status.READY
    assert s3_media.keys() == {stored.file.name, stored.web.name, stored.thumbnail.name}
    kept = s3_media.read(stored.file.name)
    # The job worked on a temporary copy and put the re-encoded picture back: no EXIF, no GPS in the bucket.
    assert kept != original and hashlib.sha256(kept).hexdigest() == stored.sha256 and len(kept) == stored.size
    with Image.open(io.BytesIO(kept)) as picture:
        assert ExifTags.IFD.GPSInfo not in picture.getexif() and not picture.getexif()
    with pytest.raises(NotImplementedError):
        _ = stored.file.path

    answer = served(stored)
    assert answer.status_code == 302
    address = answer["Location"]
    assert address.startswith(s3_media.environment["MEDIA_S3_ENDPOINT_URL"]) and "X-Amz-Signature=" in address
    status, headers, body = fetch(address)
    assert status == 200 and body == kept
    assert headers["Content-Type"] == "image/jpeg"
    assert headers["Content-Disposition"] == 'inline; filename="Photo of the hearing.jpg"'
    # Players seek with ranges; the store answers them itself.
    status, headers, body = fetch(address, Range="bytes=100-199")
    assert status == 206 and body == kept[100:200] and headers["Content-Range"] == f"bytes 100-199/{len(kept)}"

    status, headers, body = fetch(served(stored, "thumbnail")["Location"])
    assert status == 200 and headers["Content-Type"] == "image/webp" and body.startswith(b"RIFF")
    # Without the signature the bucket gives nothing away.
    unsigned = address.split("?", 1)[0]
    with pytest.raises(OSError, match="403"):
        fetch(unsigned)


def test_a_document_on_s3_downloads_as_an_attachment_and_deletion_removes_every_object(
    s3_media, django_user_model, django_capture_on_commit_callbacks
):
    user = django_user_model.objects.create_user("uploader")
    with django_capture_on_commit_callbacks(execute=True):
        document = stored_file_create(upload("Izoh xati.pdf", pdf()), user=user, kinds=ALL)
        picture = stored_file_create(upload("photo.jpg", jpeg_with_gps(320, 200)), user=user, kinds=ALL)
    document.refresh_from_db()
    picture.refresh_from_db()

    status, headers, body = fetch(served(document)["Location"])
    assert body == pdf() and headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == 'attachment; filename="Izoh xati.pdf"'

    with django_capture_on_commit_callbacks(execute=True):
        stored_file_delete(picture)
    assert s3_media.keys() == {document.file.name}
    assert not default_storage.exists(picture.file.name)


def test_chunks_of_a_big_upload_wait_in_the_bucket_so_that_any_app_machine_takes_the_next(
    s3_media, django_user_model, django_capture_on_commit_callbacks, settings
):
    settings.FILE_UPLOAD_CHUNK_BYTES = 64 * 1024
    client = client_for(django_user_model.objects.create_user("uploader"))
    data = silence(5)
    upload = start(client, "hearing.wav", len(data)).json()
    for first in range(0, len(data), 64 * 1024):
        assert put(client, upload["id"], data[first : first + 64 * 1024], first, len(data)).status_code == 200
    assert len(s3_media.keys()) == 2 and all(key.startswith(f"uploads/{upload['id']}/") for key in s3_media.keys())
    with django_capture_on_commit_callbacks(execute=True):
        completed = client.post(f"/api/v1/uploads/{upload['id']}/complete/").json()
    stored = StoredFile.objects.get(pk=completed["file_id"])
    assert s3_media.keys() == {stored.file.name} and s3_media.read(stored.file.name) == data
    assert stored.status == StoredFile.Status.READY and stored.metadata["duration"] == pytest.approx(5, abs=0.1)
