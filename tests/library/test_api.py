"""The media library's API: who sees what, who writes, filters, files with ranges, refusals per kind."""

import pytest

from files.models import StoredFile
from library.models import Material
from tests.files import makers
from workflow.demo.media import hearing_video

pytestmark = pytest.mark.django_db

WRITERS_REFUSED = [("citizen", 403), ("drafter", 403), ("moderator", 403), ("approver", 403), ("admin", 403)]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_public_sees_published_materials_only(api, world):
    hidden = world.materials["unpublished_note"]
    published = world.materials["hearing_photo"]
    listed = {m["id"] for m in api().get("/api/v1/media/", {"page_size": 50}).json()["results"]}
    assert published.pk in listed and hidden.pk not in listed
    assert api().get(f"/api/v1/media/{hidden.pk}/").status_code == 404
    assert api(world.users["citizen"]).get(f"/api/v1/media/{hidden.pk}/").status_code == 404
    for staff in ("media_editor", "admin"):
        assert api(world.users[staff]).get(f"/api/v1/media/{hidden.pk}/").status_code == 200


def test_an_unpublished_materials_file_is_404_to_the_public(api, world):
    photo = world.materials["waste_photo"]
    url = f"/api/v1/media/{photo.pk}/file/"
    assert api().get(url).status_code == 200
    api(world.users["media_editor"]).post(f"/api/v1/media/{photo.pk}/unpublish/")
    for variant in ("file", "web", "thumbnail"):
        assert api().get(url, {"variant": variant}).status_code == 404
        assert api(world.users["citizen"]).get(url, {"variant": variant}).status_code == 404
    editor_sees = api(world.users["media_editor"]).get(url, {"variant": "thumbnail"})
    assert editor_sees.status_code == 200 and editor_sees["Content-Type"] == "image/webp"
    assert editor_sees["Cache-Control"].startswith("private")


def test_linked_drafts_are_listed_only_where_the_reader_may_see_them(api, world):
    note = world.materials["press_release"]
    internal = world.drafts["draft"]  # only its drafter (and approvers, administrators) may open it
    Material.drafts.through.objects.create(material_id=note.pk, draft_id=internal.pk)
    public_view = {d["id"] for d in api().get(f"/api/v1/media/{note.pk}/").json()["drafts"]}
    drafter_view = {d["id"] for d in api(world.users["drafter"]).get(f"/api/v1/media/{note.pk}/").json()["drafts"]}
    assert internal.pk not in public_view and internal.pk in drafter_view
    assert world.drafts["approved"].pk in public_view


@pytest.mark.parametrize(("username", "status"), [(None, 401), *WRITERS_REFUSED])
def test_only_media_editors_write(api, world, username, status, create):
    user = world.users[username] if username else None
    photo = world.materials["hearing_photo"]
    assert create("text", user=username, text="Matn").status_code == status
    assert api(user).patch(f"/api/v1/media/{photo.pk}/", {"title": "Boshqa"}, format="json").status_code == status
    assert api(user).post(f"/api/v1/media/{photo.pk}/unpublish/").status_code == status
    assert api(user).delete(f"/api/v1/media/{photo.pk}/").status_code == status
    # An unpublished material does not exist for those who may not see it.
    hidden = world.materials["unpublished_note"]
    expected = 403 if username == "admin" else 404 if username else 401
    assert api(user).post(f"/api/v1/media/{hidden.pk}/publish/").status_code == expected
    assert Material.objects.get(pk=photo.pk).is_published()


def test_a_media_editor_adds_changes_publishes_and_deletes(api, world, create, django_capture_on_commit_callbacks):
    editor = api(world.users["media_editor"])
    response = create(
        "photo",
        file=("Hokimlik binosi.jpg", makers.jpeg_with_gps(800, 600)),
        tags=["Bino", "bino ", "Hokimlik"],
        drafts=[world.drafts["public_discussion"].pk],
        language="ru",
    )
    assert response.status_code == 201, response.content
    assert response.json()["file"]["status"] == "processing"  # the answer comes before the job runs
    created = editor.get(f"/api/v1/media/{response.json()['id']}/").json()
    assert created["status"] == "draft" and sorted(created["tags"]) == ["Bino", "Hokimlik"]
    assert created["file"]["status"] == "ready" and created["file"]["width"] == 800
    assert created["file"]["thumbnail_url"].endswith("?variant=thumbnail")
    assert [d["id"] for d in created["drafts"]] == [world.drafts["public_discussion"].pk]
    pk = created["id"]
    changed = editor.patch(f"/api/v1/media/{pk}/", {"title": "Hokimlik binosi", "tags": ["Bino"]}, format="json")
    assert changed.status_code == 200 and changed.json()["tags"] == ["Bino"]
    published = editor.post(f"/api/v1/media/{pk}/publish/").json()
    assert published["status"] == "published" and published["published_at"]
    file_id = Material.objects.get(pk=pk).file_id
    with django_capture_on_commit_callbacks(execute=True):
        assert editor.delete(f"/api/v1/media/{pk}/").status_code == 204
    assert not Material.objects.filter(pk=pk).exists() and not StoredFile.objects.filter(pk=file_id).exists()


def test_an_editor_links_only_drafts_they_can_see(world, create):
    internal = world.drafts["draft"]
    refused = create("text", text="Matn", drafts=[internal.pk])
    assert refused.status_code == 400 and set(refused.json()["errors"]) == {"drafts"}


@pytest.mark.parametrize(
    ("kind", "name", "data", "field"),
    [
        ("photo", "hearing.webm", hearing_video, "file"),  # a video where a photo is expected
        ("photo", "hearing.jpg", hearing_video, "file"),  # a video named as a photo
        ("audio", "picture.jpg", lambda: makers.png(), "file"),
        ("video", "voice.wav", lambda: makers.wav(0.3), "file"),
        ("photo", None, None, "file"),  # a photo needs its file
        ("text", None, None, "text"),  # a text needs its text or a document
    ],
)
def test_uploads_are_refused_by_kind_and_nothing_is_stored(create, kind, name, data, field):
    files_before, materials_before = StoredFile.objects.count(), Material.objects.count()
    response = create(kind, file=(name, data()) if name else None)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert (StoredFile.objects.count(), Material.objects.count()) == (files_before, materials_before)


def test_a_range_request_on_an_audio_material_answers_206_with_those_bytes(api, world):
    audio = world.materials["radio_interview"]
    url = f"/api/v1/media/{audio.pk}/file/"
    whole = api().get(url)
    data = body(whole)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes" and whole["Content-Type"] == "audio/wav"
    assert whole["Cache-Control"].startswith("public")
    part = api().get(url, HTTP_RANGE="bytes=100-1099")
    assert part.status_code == 206 and body(part) == data[100:1100]
    assert part["Content-Range"] == f"bytes 100-1099/{len(data)}"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"kind": "photo"}, {"hearing_photo", "waste_photo", "city_photo"}),
        ({"tag": "soliqlar"}, {"radio_interview", "hearing_video", "press_release"}),  # any case
        ({"language": "ru"}, {"city_photo"}),
        ({"q": "idish"}, {"waste_photo"}),
        ({"kind": "audio", "q": "imtiyozlar"}, {"radio_interview"}),
    ],
)
def test_filters(api, world, filters, expected):
    results = api().get("/api/v1/media/", {**filters, "page_size": 50}).json()["results"]
    names = {key for key, m in world.materials.items() if m.pk in {r["id"] for r in results}}
    assert names == expected - ({"hearing_video"} if "hearing_video" not in world.materials else set())


def test_date_filters_and_their_refusals(api, world):
    press, city = world.materials["press_release"], world.materials["city_photo"]
    recent = api().get("/api/v1/media/", {"date_from": press.date.isoformat(), "page_size": 50}).json()["results"]
    assert press.pk in {r["id"] for r in recent} and city.pk not in {r["id"] for r in recent}
    old = api().get("/api/v1/media/", {"date_to": city.date.isoformat()}).json()["results"]
    assert [r["id"] for r in old] == [city.pk]
    assert api().get("/api/v1/media/", {"date_from": "2025-02-30"}).status_code == 400
    assert api().get("/api/v1/media/", {"kind": "painting"}).status_code == 400


def test_the_list_costs_the_same_few_queries_however_long(api, world, create, django_assert_num_queries):
    api(world.users["citizen"]).get("/api/v1/media/")  # reads the user's roles once (kept on the user)
    with django_assert_num_queries(4):  # count, page, tags, linked drafts
        api(world.users["citizen"]).get("/api/v1/media/")
    for n in range(3):
        create("text", text=f"Matn {n}", drafts=[world.drafts["approved"].pk], tags=[f"t{n}"])
    with django_assert_num_queries(4):
        api(world.users["media_editor"]).get("/api/v1/media/")


def test_a_big_video_comes_in_chunks_and_a_material_claims_it(api, world, django_capture_on_commit_callbacks):
    data = hearing_video()
    if data is None:
        pytest.skip("ffmpeg is not installed: no video to upload")
    editor = api(world.users["media_editor"])
    upload = editor.post("/api/v1/uploads/", {"name": "Eshituv.webm", "size": len(data)}, format="json").json()
    url = f"/api/v1/uploads/{upload['id']}/"
    sent = editor.put(
        url, data, content_type="application/octet-stream", HTTP_CONTENT_RANGE=f"bytes 0-{len(data) - 1}/{len(data)}"
    )
    assert sent.status_code == 200, sent.json()
    with django_capture_on_commit_callbacks(execute=True):
        file_id = editor.post(f"{url}complete/").json()["file_id"]
    fields = {"kind": "video", "title": "Eshituv", "date": "2025-04-01", "file_id": file_id}
    # A photo cannot be made of it; once taken, no second material can take it.
    assert editor.post("/api/v1/media/", {**fields, "kind": "photo"}, format="json").status_code == 400
    created = editor.post("/api/v1/media/", fields, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["file"]["duration"] == pytest.approx(3, abs=0.1)
    again = editor.post("/api/v1/media/", fields, format="json")
    assert again.status_code == 400 and "file_id" in again.json()["errors"]
