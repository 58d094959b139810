"""Sub-points are provisions comments can target; tables stay tables in the page and the printed act (issue 12)."""

import pytest

from drafts.models import Article
from drafts.services import draft_update
from publishing.pdf.documents import act_html

pytestmark = pytest.mark.django_db

TABLE_TEXT = """1. Soliq stavkalari quyidagicha belgilansin:
Hudud\tStavka, foiz\tMuddat
Toshkent shahri\t1,5\t2027-yil
Samarqand viloyati\t1,2\t2027-yil
Oldingi tahrirga qarang.
2. Mazkur qaror rasmiy e’lon qilingan kundan e’tiboran kuchga kiradi.
"""


def test_sub_points_of_the_discussed_draft_are_articles_of_its_version(world):
    draft = world.drafts["public_discussion"]
    keys = list(Article.objects.filter(version__draft=draft, version__number=draft.version).values_list("key", "kind"))
    assert ("p-2", "point") in keys
    assert ("p-2.a", "subpoint") in keys and ("p-2.b", "subpoint") in keys


def test_a_citizen_comments_on_a_sub_point(world, api):
    draft = world.drafts["public_discussion"]
    response = api(world.users["citizen"]).post(
        f"/api/v1/drafts/{draft.pk}/comments/", {"text": "Muddat qisqa.", "article": "p-2.a"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["article"]["key"] == "p-2.a"


def test_the_draft_page_has_a_box_for_each_sub_point(world, client):
    draft = world.drafts["public_discussion"]
    html = client.get(f"/drafts/{draft.pk}/").content.decode()
    assert 'id="p-2.a"' in html and 'id="p-2.b"' in html


def test_the_printed_act_keeps_the_table_and_leaves_out_page_furniture(world):
    draft = world.drafts["public_discussion"]
    version = draft.versions.get(number=draft.version)
    version.body = TABLE_TEXT  # printed from this text, not saved
    html = act_html(draft, version, official=False)
    assert '<table class="act-table">' in html
    assert '<th scope="col">Stavka, foiz</th>' in html
    assert "<td>Samarqand viloyati</td><td>1,2</td><td>2027-yil</td>" in html
    assert "Oldingi tahrirga qarang" not in html


def test_the_draft_page_shows_a_table_as_a_table_and_furniture_as_a_note(world, client):
    drafter, draft = world.users["drafter"], world.drafts["draft"]
    draft_update(user=drafter, draft_id=draft.pk, changes={"body": TABLE_TEXT})
    client.force_login(drafter)
    html = client.get(f"/drafts/{draft.pk}/").content.decode()
    assert '<table class="act-table">' in html
    assert "<td>Toshkent shahri</td><td>1,5</td><td>2027-yil</td>" in html
    assert '<p class="meta note">Oldingi tahrirga qarang.</p>' in html
