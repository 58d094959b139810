"""What the public may see settles where it should, and forms never send anyone to another site."""

import pytest
from rest_framework.throttling import ScopedRateThrottle

from comments.models import Comment
from comments.services import comment_moderate, comment_submit, conclusion_submit
from drafts.services import draft_update
from workflow.services import draft_transition

pytestmark = pytest.mark.django_db


def reviewed_twice_then_published(world):
    """A draft returned to drafting once during review, revised, reviewed again and published."""
    drafter, expert = world.users["drafter"], world.users["expert"]
    draft = world.drafts["draft"]
    draft_transition(user=drafter, draft_id=draft.pk, name="submit_for_review")
    draft_transition(
        user=drafter, draft_id=draft.pk, name="return_to_draft", arguments={"reason": "Ichki: moliya bo‘limi e’tirozi"}
    )
    draft_update(user=drafter, draft_id=draft.pk, changes={"body": draft.body + "\n9. Yangi band qo‘shildi."})
    draft_transition(user=drafter, draft_id=draft.pk, name="submit_for_review")
    conclusion_submit(user=expert, draft_id=draft.pk, verdict="positive", text="Maʼqul.")
    draft_transition(
        user=drafter,
        draft_id=draft.pk,
        name="open_discussion",
        arguments={"discussion_ends_at": draft.created_at.replace(year=draft.created_at.year + 1)},
    )
    draft.refresh_from_db()
    return draft


@pytest.mark.parametrize("role,expected", [(None, [2]), ("citizen", [2]), ("drafter", [1, 2]), ("approver", [1, 2])])
def test_the_public_sees_versions_from_the_published_one_on(api, world, role, expected):
    draft = reviewed_twice_then_published(world)
    user = world.users[role] if role else None
    listed = api(user).get(f"/api/v1/drafts/{draft.pk}/versions/").json()
    assert [v["number"] for v in listed] == expected
    first = api(user).get(f"/api/v1/drafts/{draft.pk}/versions/1/")
    assert first.status_code == (200 if 1 in expected else 404)
    diff = api(user).get(f"/api/v1/drafts/{draft.pk}/versions/diff/", {"from": 1, "to": 2})
    assert diff.status_code == (200 if 1 in expected else 404)


@pytest.mark.parametrize("role,sees_reason", [(None, False), ("citizen", False), ("drafter", True)])
def test_internal_return_reasons_stay_internal(api, client, world, role, sees_reason):
    draft = reviewed_twice_then_published(world)
    user = world.users[role] if role else None
    history = api(user).get(f"/api/v1/drafts/{draft.pk}/history/").json()
    returned = next(r for r in history if r["name"] == "return_to_draft")
    assert (returned["reason"] == "Ichki: moliya bo‘limi e’tirozi") == sees_reason
    if user:
        client.force_login(user)
    page = client.get(f"/drafts/{draft.pk}/").content.decode()
    assert ("moliya bo‘limi" in page) == sees_reason


def test_a_note_made_when_publishing_stays_with_the_moderators(api, world):
    draft = world.drafts["public_discussion"]
    comment = comment_submit(user=world.users["citizen"], draft_id=draft.pk, text="Yoritish kerak, ko‘cha qorong‘i.")
    comment_moderate(
        user=world.users["moderator"], comment_id=comment.pk, decision="publish", reason="Ichki eslatma: tekshirildi"
    )
    for user in (None, world.users["citizen"], world.users["drafter"]):
        listed = api(user).get(f"/api/v1/drafts/{draft.pk}/comments/").json()
        body = listed["results"] if isinstance(listed, dict) else listed
        assert "Ichki eslatma" not in str(body)


def test_my_page_forgets_drafts_that_became_private(as_user, world):
    draft = world.drafts["approval"]
    client = as_user("citizen")
    before = client.get("/me/").content.decode()
    assert draft.title in before
    draft_transition(
        user=world.users["approver"], draft_id=draft.pk, name="return_for_revision", arguments={"reason": "Qayta"}
    )
    after = client.get("/me/").content.decode()
    assert draft.title not in after


@pytest.mark.parametrize("username,status", [("citizen", 403), ("drafter2", 403), ("moderator", 403), ("drafter", 200)])
def test_the_edit_page_is_for_the_draft_s_drafters(as_user, world, username, status):
    draft = world.drafts["finalization"]
    assert as_user(username).get(f"/work/drafts/{draft.pk}/edit/").status_code == status


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "foo:bar", "javascript:alert(1)"]
)
def test_forms_never_redirect_to_another_site(as_user, world, target):
    client = as_user("moderator")
    pending = Comment.objects.filter(status="pending", draft=world.drafts["public_discussion"]).first()
    moderated = client.post(f"/comments/{pending.pk}/moderation/", {"decision": "publish", "next": target})
    assert moderated.status_code == 302 and moderated["Location"].startswith("/")
    client = as_user("drafter")
    published = Comment.objects.filter(status="published", draft=world.drafts["public_discussion"]).first()
    answered = client.post(
        f"/comments/{published.pk}/response/", {"decision": "accepted", "text": "Qabul qilindi.", "next": target}
    )
    assert answered.status_code == 302 and answered["Location"].startswith("/")
    refused = client.post(
        f"/drafts/{world.drafts['public_discussion'].pk}/transitions/close_discussion/", {"next": target}
    )
    assert refused.status_code == 302 and refused["Location"] == "/"
    assert not refused["Location"].startswith("//")


def test_a_local_next_is_followed(as_user, world):
    client = as_user("moderator")
    pending = Comment.objects.filter(status="pending", draft=world.drafts["public_discussion"]).first()
    moderated = client.post(f"/comments/{pending.pk}/moderation/", {"decision": "publish", "next": "/work/moderation/"})
    assert moderated["Location"] == "/work/moderation/"


@pytest.mark.parametrize(
    "path",
    [
        "/search/?q=x&page=99999999999999999999",
        "/search/?q=x&year=99999999999999999999",
        "/search/?q=x&act_type=99999999999999999999",
        "/search/?q=x&act_type=-1",
        "/acts/?act_type=99999999999999999999",
        "/acts/?issuing_body=99999999999999999999",
        "/acts/?year=99999999999999999999",
        "/acts/?page=99999999999999999999",
    ],
)
def test_numbers_out_of_range_are_a_clear_400(client, world, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "whole number" in response.content.decode()


def test_the_search_page_is_throttled(client, world, monkeypatch):
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "search", "3/min")
    statuses = [client.get("/search/", {"q": "soliq"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert int(client.get("/search/", {"q": "soliq"})["Retry-After"]) > 0


def test_the_search_api_is_throttled(api, world, monkeypatch):
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "search", "3/min")
    statuses = [api().get("/api/v1/search/", {"q": "soliq"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = api().get("/api/v1/search/", {"q": "soliq"})
    assert int(refused["Retry-After"]) > 0 and refused.json()["code"] == "throttled"
    assert refused.json()["retry_after"] == int(refused["Retry-After"])
