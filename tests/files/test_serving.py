"""How a stored file goes out once its owner said the reader may have it (files.serving)."""

import pytest
from django.test import RequestFactory, override_settings

from files.kinds import Kind
from files.models import StoredFile
from files.services import stored_file_create
from files.serving import stored_file_response
from kernel.errors import NotVisible, StateConflict
from tests.files import makers

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(django_user_model, django_capture_on_commit_callbacks):
    user = django_user_model.objects.create_user("uploader", password="x")

    def make(name, data, *, process=True) -> StoredFile:
        with django_capture_on_commit_callbacks(execute=process):
            created = stored_file_create(makers.upload(name, data), user=user, kinds=set(Kind))
        return StoredFile.objects.get(pk=created.pk)

    return make


def get(stored, variant="file", **headers):
    request = RequestFactory().get("/x", headers=headers)
    return stored_file_response(request, stored, variant=variant)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_documents_are_downloads_and_media_play_inline_never_sniffed(stored):
    pdf = get(stored("Qaror loyihasi.pdf", makers.pdf()))
    assert pdf["Content-Disposition"].startswith("attachment;") and "Qaror" in pdf["Content-Disposition"]
    docx = get(stored("annex.docx", makers.docx()))
    assert docx["Content-Disposition"].startswith("attachment;")
    audio = get(stored("hearing.wav", makers.wav(0.5)))
    assert audio["Content-Disposition"].startswith("inline;") and audio["Content-Type"] == "audio/wav"
    for response in (pdf, docx, audio):
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"].startswith("sandbox")


def test_a_range_request_answers_206_with_exactly_those_bytes(stored):
    data = makers.wav(1.0)
    audio = stored("hearing.wav", data)
    middle = get(audio, Range="bytes=1000-1999")
    assert middle.status_code == 206 and body(middle) == data[1000:2000]
    assert middle["Content-Range"] == f"bytes 1000-1999/{len(data)}" and middle["Content-Length"] == "1000"
    tail = get(audio, Range="bytes=-100")
    assert (tail.status_code, body(tail)) == (206, data[-100:])
    open_ended = get(audio, Range=f"bytes={len(data) - 10}-")
    assert body(open_ended) == data[-10:]
    beyond = get(audio, Range=f"bytes={len(data)}-")
    assert (beyond.status_code, beyond["Content-Range"]) == (416, f"bytes */{len(data)}")
    whole = get(audio)
    assert (whole.status_code, whole["Accept-Ranges"], body(whole)) == (200, "bytes", data)
    # A range of a file that changed since the reader's copy (If-Range) gets the whole file instead.
    stale = get(audio, Range="bytes=0-9", **{"If-Range": '"another-version"'})
    assert (stale.status_code, body(stale)) == (200, data)


def test_the_readers_own_copy_is_not_sent_again(stored):
    document = stored("note.pdf", makers.pdf())
    first = get(document)
    assert get(document, **{"If-None-Match": first["ETag"]}).status_code == 304


def test_a_file_being_checked_is_not_served_and_a_refused_one_does_not_exist(stored):
    waiting = stored("note.pdf", makers.pdf(), process=False)
    with pytest.raises(StateConflict):
        get(waiting)
    StoredFile.objects.filter(pk=waiting.pk).update(status=StoredFile.Status.REFUSED)
    waiting.refresh_from_db()
    with pytest.raises(NotVisible):
        get(waiting)


def test_pictures_have_a_web_size_and_a_thumbnail_documents_do_not(stored):
    picture = stored("photo.png", makers.png(2000, 1000))
    thumbnail = get(picture, "thumbnail")
    assert thumbnail["Content-Type"] == "image/webp" and body(thumbnail)[8:12] == b"WEBP"
    with pytest.raises(NotVisible):
        get(stored("note.pdf", makers.pdf()), "thumbnail")


@override_settings(X_ACCEL_REDIRECT_PREFIX="/protected-media/")
def test_behind_nginx_the_app_only_names_the_file(stored):
    document = stored("note.pdf", makers.pdf())
    response = get(document)
    assert response["X-Accel-Redirect"] == "/protected-media/" + document.file.name
    assert response.content == b"" and response["Content-Disposition"].startswith("attachment;")
