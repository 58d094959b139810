"""Large documents: a 1,500-page code (about 1.5 million characters) imports within the request and its page
renders; a 200 MB file is refused with 413 before anything reads it, and nothing is stored."""

import pytest
from django.test import override_settings

from drafts.models import Draft
from tests.files import makers as file_makers
from tests.formats import makers

pytestmark = pytest.mark.django_db


def test_a_code_of_1500_pages_imports_and_its_page_renders(world, send_word, as_user):
    data = makers.long_code(1_500_000)
    created = send_word(data, name="kodeks.docx", title="Kodeks")
    assert created.status_code == 201, created.content[:500]
    answer = created.json()
    assert len(answer["body"]) >= 1_500_000
    articles = [p for p in answer["structure"] if p["kind"] == "article"]
    assert len(articles) >= 1000 and articles[-1]["number"] == str(len(articles))
    assert answer["body"].count("\t") > 500  # the tables, cell by cell
    page = as_user("drafter").get(f"/drafts/{answer['id']}/")
    assert page.status_code == 200
    assert f"{len(articles)}-модда. Модданинг номи {len(articles)}" in page.content.decode()


def test_a_200_mb_file_is_refused_with_413_and_nothing_stored(world, send_word, nothing_stored):
    # A zip's signature, then 200 MB: the size alone refuses it, before any byte of it is read as a zip.
    data = b"PK\x03\x04" + bytes(200 * 1000 * 1000)
    with nothing_stored():
        refused = send_word(data, name="ulkan.docx")
    del data
    assert refused.status_code == 413
    assert "too large" in refused.json()["detail"]


@override_settings(FILE_LIMITS={"document": 20_000, "image": 20_000, "audio": 20_000, "video": 20_000})
def test_on_the_page_a_file_over_the_limit_is_the_fields_error_with_413(world, as_user, nothing_stored):
    assert len(makers.resolution()) > 20_000
    with nothing_stored():
        answer = as_user("drafter").post(
            "/work/drafts/new/",
            {
                "title": "Kodeks",
                "act_type": world.act_types["qaror"].pk,
                "issuing_body": world.issuing_body.pk,
                "language": "uz-cyrl",
                "file": file_makers.upload("kodeks.docx", makers.resolution()),
            },
        )
    assert answer.status_code == 413
    assert "too large" in answer.content.decode()
    assert not Draft.objects.filter(title="Kodeks").exists()
