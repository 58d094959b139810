"""The admin: administrators manage reference data; drafts and their history are read-only there."""

import pytest

from workflow.models import TransitionRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(world, client):
    client.force_login(world.users["admin"])
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/drafts/acttype/",
        "/admin/drafts/expertgroup/",
        "/admin/drafts/draft/",
        "/admin/workflow/transitionrecord/",
    ],
)
def test_admin_pages_open(admin_client, path):
    assert admin_client.get(path).status_code == 200


def test_history_cannot_be_changed_or_deleted(world, admin_client):
    record = TransitionRecord.objects.filter(draft=world.drafts["approved"]).last()
    url = f"/admin/workflow/transitionrecord/{record.pk}/change/"
    assert admin_client.post(url, {"reason": "rewritten"}).status_code == 403
    assert (
        admin_client.post(f"/admin/workflow/transitionrecord/{record.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    record.refresh_from_db()
    assert record.reason == ""
    with pytest.raises(ValueError):
        record.save()


def test_draft_state_cannot_be_set_in_the_admin(world, admin_client):
    draft = world.drafts["draft"]
    admin_client.post(f"/admin/drafts/draft/{draft.pk}/change/", {"status": "approved", "title": "x"})
    draft.refresh_from_db()
    assert (draft.status, draft.title) == ("draft", world.drafts["draft"].title)


def test_non_staff_cannot_open_the_admin(world, client):
    client.force_login(world.users["drafter"])
    assert client.get("/admin/drafts/draft/").status_code == 302
