"""Bidirectional controls never reach a stored text, so nothing prints reversed in a page or the official PDF."""

import pytest

from drafts.services import draft_create, draft_update
from kernel.errors import InvalidArguments

pytestmark = pytest.mark.django_db

SPOOFED = "Soliq imtiyozlari \u202etsil qora\u202c to‘g‘risida"


@pytest.mark.parametrize("control", ["\u202a", "\u202b", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"])
def test_the_api_refuses_bidi_controls_in_a_title(api, world, control):
    draft = world.drafts["draft"]
    response = api(world.users["drafter"]).patch(
        f"/api/v1/drafts/{draft.pk}/", {"title": f"Qaror {control}loyihasi"}, format="json"
    )
    assert response.status_code == 400
    assert "bidirectional" in response.json()["detail"]
    draft.refresh_from_db()
    assert control not in draft.title


def test_the_editor_page_refuses_them(client, world):
    draft = world.drafts["draft"]
    client.force_login(world.users["drafter"])
    response = client.post(
        f"/work/drafts/{draft.pk}/edit/",
        {"title": SPOOFED, "act_type": draft.act_type_id, "issuing_body": draft.issuing_body_id, "language": "uz-latn"},
    )
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.title != SPOOFED


def test_services_refuse_them_for_every_other_way_in(world):
    drafter, existing = world.users["drafter"], world.drafts["draft"]
    with pytest.raises(InvalidArguments) as refused:
        draft_create(user=drafter, title=SPOOFED, act_type=existing.act_type, issuing_body=existing.issuing_body)
    assert "title" in refused.value.details
    with pytest.raises(InvalidArguments):
        draft_update(user=drafter, draft_id=existing.pk, changes={"body": "1. Band \u2067matn\u2069."})


def test_marks_that_reverse_nothing_stay_allowed(api, world):
    draft = world.drafts["draft"]
    response = api(world.users["drafter"]).patch(
        f"/api/v1/drafts/{draft.pk}/", {"title": "Qaror\u200e loyihasi"}, format="json"
    )
    assert response.status_code == 200
