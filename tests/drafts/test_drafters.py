"""Co-drafters: named on creation or later, they hold the draft as its creator does."""

import pytest

pytestmark = pytest.mark.django_db


def test_co_drafters_can_be_added_and_removed(world, api):
    u = world.users
    draft = world.drafts["draft"]
    url = f"/api/v1/drafts/{draft.pk}/"
    assert api(u["drafter2"]).get(url).status_code == 404
    response = api(u["drafter"]).patch(url, {"drafters": [u["drafter2"].pk]}, format="json")
    assert response.status_code == 200
    assert {d["username"] for d in response.json()["drafters"]} == {"drafter", "drafter2"}
    assert api(u["drafter2"]).patch(url, {"title": "Birgalikda"}, format="json").status_code == 200
    api(u["drafter"]).patch(url, {"drafters": []}, format="json")
    assert api(u["drafter2"]).get(url).status_code == 404


def test_only_drafters_can_be_co_drafters(world, api):
    u = world.users
    response = api(u["drafter"]).post(
        "/api/v1/drafts/",
        {
            "title": "Yangi",
            "act_type": world.act_types["qaror"].pk,
            "issuing_body": world.issuing_body.pk,
            "drafters": [u["citizen"].pk],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "drafters" in response.json()["errors"]
