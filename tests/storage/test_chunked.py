"""Chunked, resumable uploads (/api/v1/uploads/): declared, sent in chunks, resumed, completed, taken by an owner."""

import datetime
import hashlib
import http.client
import io
import socket
import threading
import tracemalloc
import wave

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.services import api_token_issue
from files.kinds import Kind
from files.models import ChunkedUpload, StoredFile
from files.services import stored_file_claim
from kernel.errors import InvalidArguments

CHUNK = 64 * 1024


@pytest.fixture(autouse=True)
def small_chunks(settings, tmp_path):
    settings.FILE_UPLOAD_CHUNK_BYTES = CHUNK
    settings.MEDIA_ROOT = str(tmp_path / "media")


def silence(seconds: float, rate: int = 8000) -> bytes:
    """A real WAV file of `seconds` of silence (16-bit mono): sniffed as audio, read by ffprobe or mutagen."""
    out = io.BytesIO()
    with wave.open(out, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(rate)
        sound.writeframes(b"\0\0" * int(seconds * rate))
    return out.getvalue()


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def start(client, name: str, size: int):
    return client.post("/api/v1/uploads/", {"name": name, "size": size}, format="json")


def put(client, upload_id: int, data: bytes, first: int, total: int, **extra):
    return client.put(
        f"/api/v1/uploads/{upload_id}/",
        data,
        content_type="application/octet-stream",
        HTTP_CONTENT_RANGE=f"bytes {first}-{first + len(data) - 1}/{total}",
        **extra,
    )


def send_all(client, upload_id: int, data: bytes, chunk: int = CHUNK):
    for first in range(0, len(data), chunk):
        answer = put(client, upload_id, data[first : first + chunk], first, len(data))
        assert answer.status_code == 200, answer.json()
    return answer


def stored_parts() -> list[str]:
    if not default_storage.exists("uploads"):
        return []
    folders, _files = default_storage.listdir("uploads")
    return [name for folder in folders for name in default_storage.listdir(f"uploads/{folder}")[1]]


@pytest.fixture
def uploader(django_user_model):
    return django_user_model.objects.create_user("uploader")


@pytest.mark.django_db
def test_a_file_sent_in_chunks_resumes_after_a_broken_chunk_and_is_stored_for_an_owner_to_take(
    uploader, django_capture_on_commit_callbacks
):
    client = client_for(uploader)
    data = silence(10)  # 160 kB: three chunks of 64 kB
    started = start(client, "Hearing of 12 May.wav", len(data))
    assert started.status_code == 201, started.json()
    upload = started.json()
    assert upload | {"id": 0} == {
        "id": 0,
        "name": "Hearing of 12 May.wav",
        "size": len(data),
        "chunk_size": CHUNK,
        "received": 0,
        "status": "open",
        "file_id": None,
    }
    url = f"/api/v1/uploads/{upload['id']}/"

    assert put(client, upload["id"], data[:CHUNK], 0, len(data)).json()["received"] == CHUNK
    # A chunk whose body is not the range it names is refused, and nothing of it kept.
    short = client.put(
        url,
        data[CHUNK : CHUNK + 1000],
        content_type="application/octet-stream",
        HTTP_CONTENT_RANGE=f"bytes {CHUNK}-{2 * CHUNK - 1}/{len(data)}",
    )
    assert short.status_code == 400, short.json()
    # The client asks where to go on from (test_a_broken_connection… breaks one for real), and does.
    assert client.get(url).json()["received"] == CHUNK
    out_of_order = put(client, upload["id"], data[2 * CHUNK :], 2 * CHUNK, len(data))
    assert out_of_order.status_code == 409 and out_of_order.json()["received"] == CHUNK
    early = client.post(f"{url}complete/")
    assert early.status_code == 409 and "send the rest first" in early.json()["detail"]
    for first in (CHUNK, 2 * CHUNK):
        assert put(client, upload["id"], data[first : first + CHUNK], first, len(data)).status_code == 200
    assert len(stored_parts()) == 3

    with django_capture_on_commit_callbacks(execute=True):
        completed = client.post(f"{url}complete/")
    assert completed.status_code == 200, completed.json()
    body = completed.json()
    assert body["sha256"] == hashlib.sha256(data).hexdigest() and body["size"] == len(data)
    assert (body["kind"], body["content_type"], body["name"]) == ("audio", "audio/wav", "Hearing of 12 May.wav")
    stored = StoredFile.objects.get(pk=body["file_id"])
    assert stored.attached_at is None and stored.uploaded_by == uploader
    with stored.file.open("rb") as kept:
        assert kept.read() == data
    assert stored_parts() == [], "the chunks are deleted once joined"
    # Asked again (the answer was lost on the way), the same file; no chunk is taken any more.
    assert client.post(f"{url}complete/").json()["file_id"] == stored.pk
    assert put(client, upload["id"], data[:CHUNK], 0, len(data)).status_code == 409

    stored.refresh_from_db()
    assert stored.status == StoredFile.Status.READY and stored.metadata["duration"] == pytest.approx(10, abs=0.1)
    # The owner (a draft attachment, a library material) takes it by its id, once.
    assert stored_file_claim(user=uploader, file_id=stored.pk, kinds={Kind.AUDIO}).attached_at is not None
    with pytest.raises(InvalidArguments):
        stored_file_claim(user=uploader, file_id=stored.pk, kinds={Kind.AUDIO})


@pytest.mark.django_db
def test_limits_are_known_before_the_first_byte(uploader, django_user_model, settings):
    client = client_for(uploader)
    too_big = start(client, "photo.jpg", settings.FILE_LIMITS["image"] + 1)
    assert too_big.status_code == 413 and "10 MB" in too_big.json()["detail"]
    assert start(client, "video.mp4", settings.FILE_LIMITS["video"]).status_code == 201
    assert start(client, "setup.exe", 1000).status_code == 400
    assert start(client_for(None), "a.pdf", 1000).status_code == 401

    # A few uploads open at once per user, no more.
    settings.FILE_UPLOADS_OPEN_PER_USER = 2
    assert start(client, "b.pdf", 1000).status_code == 201
    assert start(client, "c.pdf", 1000).status_code == 409

    # A chunk past the chunk size is refused by the door (413), or by the upload when it is not the size it said (409).
    upload = ChunkedUpload.objects.filter(uploaded_by=uploader, name="video.mp4").get()
    huge = b"\0" * (4 * 1024 * 1024)
    settings.FILE_UPLOAD_CHUNK_BYTES = 3 * 1024 * 1024
    assert put(client, upload.pk, huge, 0, upload.size).status_code == 413
    assert put(client, upload.pk, huge[:CHUNK], 0, upload.size).status_code == 409
    # A whole chunk passes the door's 2 MiB bound for other bodies.
    assert put(client, upload.pk, huge[: 3 * 1024 * 1024], 0, upload.size).json()["received"] == 3 * 1024 * 1024

    # Nobody else learns that an upload exists.
    other = client_for(django_user_model.objects.create_user("other"))
    url = f"/api/v1/uploads/{upload.pk}/"
    assert other.get(url).status_code == 404
    assert put(other, upload.pk, b"x", 0, upload.size).status_code == 404
    assert other.post(f"{url}complete/").status_code == 404
    assert other.delete(url).status_code == 404
    assert client.delete(url).status_code == 204
    assert start(client, "c.pdf", 1000).status_code == 201


@pytest.mark.django_db
def test_a_file_whose_content_is_not_what_its_name_says_is_refused_whole_and_its_chunks_deleted(uploader):
    client = client_for(uploader)
    data = b"<html><script>alert(1)</script></html>" + b" " * CHUNK
    upload = start(client, "video.mp4", len(data)).json()
    send_all(client, upload["id"], data)
    refused = client.post(f"/api/v1/uploads/{upload['id']}/complete/")
    assert refused.status_code == 400 and "not what its name says" in refused.json()["detail"]
    assert not ChunkedUpload.objects.exists() and not StoredFile.objects.exists() and stored_parts() == []


@pytest.mark.django_db
def test_abandoned_uploads_and_files_no_owner_took_expire_with_catch_up(
    uploader, settings, django_capture_on_commit_callbacks
):
    client = client_for(uploader)
    data = silence(5)
    kept = start(client, "kept.wav", len(data)).json()
    put(client, kept["id"], data[:CHUNK], 0, len(data))
    abandoned = start(client, "abandoned.wav", len(data)).json()
    put(client, abandoned["id"], data[:CHUNK], 0, len(data))
    finished = start(client, "finished.wav", len(data)).json()
    send_all(client, finished["id"], data)
    file_id = client.post(f"/api/v1/uploads/{finished['id']}/complete/").json()["file_id"]
    unclaimed = StoredFile.objects.get(pk=file_id)
    long_ago = timezone.now() - datetime.timedelta(hours=settings.FILE_UPLOAD_EXPIRE_HOURS + 1)
    ChunkedUpload.objects.filter(pk=abandoned["id"]).update(updated_at=long_ago)
    StoredFile.objects.filter(pk=file_id).update(created_at=long_ago)

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("catch_up", stdout=out)

    assert "1 abandoned chunked uploads deleted" in out.getvalue()
    assert "1 uploaded files no owner took deleted" in out.getvalue()
    assert list(ChunkedUpload.objects.values_list("pk", flat=True)) == [kept["id"]]
    assert not StoredFile.objects.exists()
    assert len(stored_parts()) == 1 and not default_storage.exists(unclaimed.file.name)


@pytest.mark.django_db
def test_joining_a_large_upload_streams_in_flat_memory(uploader, settings, django_capture_on_commit_callbacks):
    """23 MiB joined from 1 MiB chunks, judged, stored and processed: Python's peak allocation stays a few MiB.

    (Sending the chunks is measured through gunicorn by bench/files.py: the test client keeps what it sends.)
    """
    settings.FILE_UPLOAD_CHUNK_BYTES = 1024 * 1024
    client = client_for(uploader)
    data = silence(24_000_000 / 16_000)
    upload = start(client, "long hearing.wav", len(data)).json()
    send_all(client, upload["id"], data, 1024 * 1024)
    tracemalloc.start()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            completed = client.post(f"/api/v1/uploads/{upload['id']}/complete/")
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert completed.status_code == 200, completed.json()
    assert StoredFile.objects.get(pk=completed.json()["file_id"]).status == StoredFile.Status.READY
    assert peak < 6 * 1024 * 1024, f"peak {peak / 2**20:.1f} MiB for a {len(data) / 2**20:.0f} MiB file"


@pytest.mark.django_db(transaction=True)
def test_a_multipart_upload_is_streamed_to_disk_past_the_input_guard(live_server):
    """The input guard reads a form's fields (control characters), but its 30 MiB file goes to a temporary file:
    the server (in this process, so traced) never holds more than a few MiB of it."""
    boundary = "----storage-test-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="username"\r\n\r\nu\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    megabytes = 30
    host, port = live_server.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)

    def body():
        yield head
        for _ in range(megabytes):
            yield bytes(1024 * 1024)
        yield tail

    tracemalloc.start()
    try:
        connection.request(
            "POST",
            "/api/v1/auth/token/",
            body=body(),
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Content-Length": str(len(head) + megabytes * 1024 * 1024 + len(tail)),
            },
        )
        answer = connection.getresponse()
        answer.read()
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        connection.close()
    assert answer.status == 400  # no password: the form was read, its file streamed aside
    assert peak < 8 * 1024 * 1024, f"peak {peak / 2**20:.1f} MiB for a {megabytes} MiB body"


@pytest.mark.django_db(transaction=True)
@pytest.mark.concurrency
def test_the_same_chunk_sent_twice_at_once_is_counted_once(django_user_model):
    uploader = django_user_model.objects.create_user("uploader")
    data = silence(5)
    upload = start(client_for(uploader), "race.wav", len(data)).json()
    senders = 4
    barrier = threading.Barrier(senders)
    statuses: list[int | None] = [None] * senders

    def send(i: int) -> None:
        try:
            client = client_for(uploader)
            barrier.wait(timeout=30)
            statuses[i] = put(client, upload["id"], data[:CHUNK], 0, len(data)).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(statuses) == [200] + [409] * (senders - 1), statuses
    stored = ChunkedUpload.objects.get()
    assert stored.received == CHUNK and len(stored.parts) == 1
    assert stored_parts() == [stored.parts[0].rsplit("/", 1)[1]], "the losers' bytes are deleted"


@pytest.mark.django_db(transaction=True)
def test_a_connection_broken_in_the_middle_of_a_chunk_keeps_nothing_of_it_and_the_upload_resumes(
    live_server, django_user_model
):
    uploader = django_user_model.objects.create_user("uploader")
    token = api_token_issue(user=uploader)[0]
    data = silence(5)
    upload = start(client_for(uploader), "cut.wav", len(data)).json()
    host, port = live_server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as raw:
        raw.sendall(
            (
                f"PUT /api/v1/uploads/{upload['id']}/ HTTP/1.1\r\nHost: {host}\r\n"
                f"Authorization: Token {token}\r\nContent-Type: application/octet-stream\r\n"
                f"Content-Range: bytes 0-{CHUNK - 1}/{len(data)}\r\nContent-Length: {CHUNK}\r\n\r\n"
            ).encode()
            + data[:1000]
        )
        raw.shutdown(socket.SHUT_WR)
        answer = raw.recv(1024)
    assert answer.startswith(b"HTTP/1.1 400"), answer
    resumed = client_for(uploader).get(f"/api/v1/uploads/{upload['id']}/").json()
    assert resumed["received"] == 0 and stored_parts() == []
    assert put(client_for(uploader), upload["id"], data[:CHUNK], 0, len(data)).json()["received"] == CHUNK
