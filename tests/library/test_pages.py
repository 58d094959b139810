"""The library's pages: browsing, the material page with its player, search results, and the editors' form."""

import pytest

from library.models import Material
from search.indexing import apply_pending_updates
from tests.files import makers

pytestmark = pytest.mark.django_db


def test_the_public_browses_published_materials_by_kind_tag_and_year(as_user, world):
    m = world.materials
    page = as_user(None).get("/media-library/").content.decode()
    assert m["hearing_photo"].title in page and m["unpublished_note"].title not in page
    assert f'href="#view-{m["hearing_photo"].pk}"' in page  # a thumbnail opens the larger view
    assert f'id="view-{m["hearing_photo"].pk}"' in page and "?variant=web" in page
    photos = as_user(None).get("/media-library/", {"kind": "photo"}).content.decode()
    assert m["waste_photo"].title in photos and m["radio_interview"].title not in photos
    tagged = as_user(None).get("/media-library/", {"tag": "Soliqlar"}).content.decode()
    assert m["press_release"].title in tagged and m["waste_photo"].title not in tagged
    year = m["city_photo"].date.year
    dated = as_user(None).get("/media-library/", {"date_from": f"{year}-01-01", "date_to": f"{year}-12-31"})
    assert m["city_photo"].title in dated.content.decode()
    assert as_user(None).get("/media-library/", {"date_from": "not a date"}).status_code == 200


def test_the_material_page_plays_audio_and_hides_the_unpublished(as_user, world):
    audio = world.materials["radio_interview"]
    page = as_user(None).get(f"/media-library/{audio.pk}/").content.decode()
    assert f'<audio class="material-player" controls preload="metadata" src="/api/v1/media/{audio.pk}/file/"' in page
    assert world.drafts["approved"].title in page and "/edit/" not in page
    hidden = world.materials["unpublished_note"]
    assert as_user(None).get(f"/media-library/{hidden.pk}/").status_code == 404
    assert as_user("citizen").get(f"/media-library/{hidden.pk}/").status_code == 404
    assert as_user("media_editor").get(f"/media-library/{hidden.pk}/").status_code == 200


def test_search_results_link_a_published_material_until_it_is_unpublished(as_user, world):
    note = world.materials["press_release"]
    found = as_user(None).get("/search/", {"q": "moliya bo‘limlaridan"}).content.decode()
    assert f'href="/media-library/{note.pk}/"' in found
    as_user("media_editor").post(f"/media-library/{note.pk}/unpublish/")
    apply_pending_updates()
    assert f'href="/media-library/{note.pk}/"' not in as_user(None).get("/search/", {"q": "moliya"}).content.decode()


@pytest.mark.parametrize("username", ["citizen", "drafter", "admin"])
def test_only_media_editors_get_the_forms(as_user, world, username):
    photo = world.materials["hearing_photo"]
    assert as_user(username).get("/media-library/new/").status_code == 403
    assert as_user(username).get(f"/media-library/{photo.pk}/edit/").status_code == 403
    as_user(username).post(f"/media-library/{photo.pk}/unpublish/")
    assert Material.objects.get(pk=photo.pk).is_published()


def test_an_editor_adds_and_publishes_a_photo_through_the_form(as_user, world, django_capture_on_commit_callbacks):
    client = as_user("media_editor")
    assert "/media-library/new/" in client.get("/work/").content.decode()
    form = {
        "kind": "photo",
        "title": "Yangi bog‘",
        "date": "2025-05-09",
        "tags": "Bog‘, Ko‘kalamzorlashtirish",
        "language": "uz-latn",
        "drafts": [str(world.drafts["public_discussion"].pk)],
        "publish": "1",
    }
    refused = client.post("/media-library/new/", form)
    assert refused.status_code == 200 and "A photo needs its file" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post("/media-library/new/", {**form, "file": makers.upload("bog.png", makers.png(300, 200))})
    material = Material.objects.get(title="Yangi bog‘")
    assert saved.status_code == 302 and saved["Location"] == f"/media-library/{material.pk}/"
    assert material.is_published() and material.file.is_ready()
    assert sorted(material.tags.values_list("name", flat=True)) == ["Bog‘", "Ko‘kalamzorlashtirish"]
    page = as_user(None).get(f"/media-library/{material.pk}/").content.decode()
    assert f'src="/api/v1/media/{material.pk}/file/?variant=web"' in page
