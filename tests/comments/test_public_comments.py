"""Public comments: the deadline, limits, duplicates, hostile input, moderation, responses (brief §4)."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.utils import timezone, translation

from comments import services
from comments.models import Comment
from workflow.models import TransitionRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def discussion(world):
    return world.drafts["public_discussion"]


def post_comment(api, user, draft, **data):
    return api(user).post(f"/api/v1/drafts/{draft.pk}/comments/", data, format="json")


def test_a_citizen_comments_a_moderator_publishes_a_drafter_answers(
    world, api, discussion, django_capture_on_commit_callbacks
):
    u = world.users
    created = post_comment(api, u["citizen"], discussion, text="2-bandga: muddatni uzaytiring.", article="p-2")
    assert created.status_code == 201
    comment = created.json()
    assert (comment["kind"], comment["status"], comment["article"]["key"], comment["version"]) == (
        "public",
        "pending",
        "p-2",
        1,
    )
    anonymous_ids = {c["id"] for c in api(None).get(f"/api/v1/drafts/{discussion.pk}/comments/").json()["results"]}
    assert comment["id"] not in anonymous_ids

    with django_capture_on_commit_callbacks(execute=True):
        moderated = api(u["moderator"]).post(
            f"/api/v1/comments/{comment['id']}/moderation/", {"decision": "publish"}, format="json"
        )
    assert moderated.status_code == 200 and moderated.json()["status"] == "published"
    assert "is published" in mail.outbox[-1].subject and mail.outbox[-1].to == ["citizen@demo.example.uz"]

    with django_capture_on_commit_callbacks(execute=True):
        answered = api(u["drafter"]).post(
            f"/api/v1/comments/{comment['id']}/response/",
            {"decision": "accepted", "text": "Muddat uzaytirildi."},
            format="json",
        )
    assert answered.status_code == 201
    assert "Muddat uzaytirildi." in mail.outbox[-1].body
    revised = api(u["drafter"]).post(
        f"/api/v1/comments/{comment['id']}/response/",
        {"decision": "partially_accepted", "text": "Qisman."},
        format="json",
    )
    assert revised.status_code == 200
    seen = api(None).get(f"/api/v1/comments/{comment['id']}/").json()
    assert seen["response"]["decision"] == "partially_accepted"


def test_one_second_after_the_deadline_is_refused(world, api, discussion):
    with time_machine.travel(discussion.discussion_ends_at + datetime.timedelta(seconds=1), tick=False):
        response = post_comment(api, world.users["citizen"], discussion, text="Kechikkan taklif.")
    assert response.status_code == 409
    assert "ended" in response.json()["detail"]
    assert not Comment.objects.filter(text="Kechikkan taklif.").exists()


def test_one_second_before_the_deadline_is_accepted_even_if_it_passes_in_flight(world, api, discussion):
    deadline = discussion.discussion_ends_at
    with time_machine.travel(deadline - datetime.timedelta(seconds=1), tick=False) as traveller:
        real_check = services._sent_before

        def slow_check(*args):
            traveller.shift(datetime.timedelta(seconds=5))  # the request is still being handled
            return real_check(*args)

        with mock.patch.object(services, "_sent_before", slow_check):
            response = post_comment(api, world.users["citizen"], discussion, text="Oxirgi daqiqa taklifi.")
        assert timezone.now() > deadline
    assert response.status_code == 201
    assert Comment.objects.get(pk=response.json()["id"]).created_at < deadline


def test_comments_only_in_public_discussion(world, api):
    response = post_comment(api, world.users["citizen"], world.drafts["finalization"], text="Kech qoldim.")
    assert response.status_code == 409
    assert "this draft is in 'Finalization'" in response.json()["detail"]


def test_anonymous_cannot_comment(world, api, discussion):
    assert post_comment(api, None, discussion, text="Salom").status_code == 401


@pytest.mark.parametrize(
    "data,field",
    [
        ({"text": ""}, "text"),
        ({"text": "   \n "}, "text"),
        ({"text": "x" * 5001}, "text"),
        ({"text": "Yaxshi", "article": "p-99"}, "article"),
        ({"text": "Yaxshi", "article": "999999"}, "article"),
        ({"text": "Yaxshi", "status": "published"}, "status"),
    ],
)
def test_bad_comments_are_clear_400s(world, api, discussion, data, field):
    before = Comment.objects.count()
    response = post_comment(api, world.users["citizen"], discussion, **data)
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert Comment.objects.count() == before


def test_an_article_of_another_draft_is_refused(world, api, discussion):
    other = world.drafts["approved"].versions.first().articles.first()
    response = post_comment(api, world.users["citizen"], discussion, text="Yaxshi", article=str(other.pk))
    assert response.status_code == 400
    assert "has no article" in response.json()["errors"]["article"][0]


def test_html_and_script_stay_inert_text(world, api, discussion, client):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)> <b>qalin</b>'
    created = post_comment(api, world.users["citizen"], discussion, text=payload, article="p-1")
    assert created.status_code == 201
    assert created.json()["text"] == payload  # JSON carries the text as it was typed
    services.comment_moderate(user=world.users["moderator"], comment_id=created.json()["id"], decision="publish")
    drafter = world.users["drafter"]
    client.force_login(drafter)
    page = client.get(f"/drafts/{discussion.pk}/summary/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_an_exact_duplicate_by_the_same_author_is_refused(world, api, discussion):
    first = post_comment(api, world.users["citizen"], discussion, text="Yo‘l qurilishini tezlashtiring.")
    assert first.status_code == 201
    again = post_comment(api, world.users["citizen"], discussion, text="  yo'l   qurilishini tezlashtiring. ")
    assert again.status_code == 409
    assert again.json()["duplicate_of"] == first.json()["id"]
    other_author = post_comment(api, world.users["drafter2"], discussion, text="Yo‘l qurilishini tezlashtiring.")
    assert other_author.status_code == 201


def test_comments_are_rate_limited_per_user(world, api, discussion, settings):
    settings.COMMENT_RATE_LIMIT = (3, 600)
    existing = Comment.objects.filter(author=world.users["drafter2"]).count()
    statuses = [
        post_comment(api, world.users["drafter2"], discussion, text=f"Taklif {i}").status_code for i in range(4)
    ]
    assert statuses == [201] * (3 - existing) + [429] * (1 + existing)
    response = post_comment(api, world.users["drafter2"], discussion, text="Yana bir taklif")
    assert response.status_code == 429 and response["Retry-After"] == "600"
    assert "please wait" in response.json()["detail"]


def test_authors_see_their_rejected_comment_and_why(world, api, discussion):
    rejected = Comment.objects.get(draft=discussion, status="rejected")
    mine = api(world.users["citizen"]).get(f"/api/v1/comments/{rejected.pk}/").json()
    assert mine["moderation_reason"] == "Izohda loyiha bo‘yicha aniq taklif yo‘q."
    assert api(world.users["drafter2"]).get(f"/api/v1/comments/{rejected.pk}/").status_code == 404


def test_moderation_rules(world, api, discussion):
    pending = Comment.objects.get(draft=discussion, status="pending")
    url = f"/api/v1/comments/{pending.pk}/moderation/"
    # Its author sees it but may not moderate it; a drafter does not see it before it is published.
    assert api(world.users["citizen"]).post(url, {"decision": "publish"}, format="json").status_code == 403
    assert api(world.users["drafter"]).post(url, {"decision": "publish"}, format="json").status_code == 404
    response = api(world.users["moderator"]).post(url, {"decision": "reject"}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    assert (
        api(world.users["moderator"]).post(url, {"decision": "reject", "reason": "Spam"}, format="json").status_code
        == 200
    )
    again = api(world.users["moderator"]).post(url, {"decision": "publish"}, format="json")
    assert again.status_code == 409 and "already rejected" in again.json()["detail"]


def test_response_rules(world, api, discussion):
    published = Comment.objects.filter(draft=discussion, status="published", kind="public").first()
    pending = Comment.objects.get(draft=discussion, status="pending")
    answer = {"decision": "accepted", "text": "Qabul qilindi."}
    other = api(world.users["drafter2"]).post(f"/api/v1/comments/{published.pk}/response/", answer, format="json")
    assert other.status_code == 403
    not_yet = api(world.users["drafter"]).post(f"/api/v1/comments/{pending.pk}/response/", answer, format="json")
    assert not_yet.status_code == 404  # drafters answer what is published; pending comments are not theirs to see
    bad = api(world.users["drafter"]).post(
        f"/api/v1/comments/{published.pk}/response/", {"decision": "maybe", "text": "x"}, format="json"
    )
    assert bad.status_code == 400 and "decision" in bad.json()["errors"]
    approved = world.drafts["approved"].comments.filter(status="published").first()
    settled = api(world.users["drafter"]).post(f"/api/v1/comments/{approved.pk}/response/", answer, format="json")
    assert settled.status_code == 409 and "settled" in settled.json()["detail"]


def test_a_moderator_enters_a_phone_proposal_for_a_citizen(world, api, discussion):
    data = {"text": "Telefon orqali taklif.", "channel": "phone", "submitted_for": "Olimova Dilnoza"}
    created = post_comment(api, world.users["moderator"], discussion, **data)
    assert created.status_code == 201
    body = created.json()
    assert (body["status"], body["channel"], body["author"]) == ("published", "phone", "Olimova Dilnoza")
    refused = post_comment(api, world.users["citizen"], discussion, **data)
    assert refused.status_code == 403


def test_expert_remarks_only_from_assigned_experts_during_review(world, api):
    review = world.drafts["expert_review"]
    ok = post_comment(api, world.users["expert"], review, text="Izoh.", article="p-1")
    assert ok.status_code == 201 and (ok.json()["kind"], ok.json()["status"], ok.json()["group"]) == (
        "expert",
        "published",
        "Legal review group",  # the group's name in the request's language (English here)
    )
    assert post_comment(api, world.users["drafter"], review, text="Men ham.").status_code == 403
    assert post_comment(api, world.users["expert2"], review, text="Men ham.").status_code == 404
    in_discussion = post_comment(api, world.users["expert"], world.drafts["public_discussion"], text="Ochiq izoh.")
    assert in_discussion.json()["kind"] == "public"


def test_extending_the_deadline_is_recorded(world, api, discussion):
    later = (discussion.discussion_ends_at + datetime.timedelta(days=5)).isoformat()
    earlier = (discussion.discussion_ends_at - datetime.timedelta(days=1)).isoformat()
    url = f"/api/v1/drafts/{discussion.pk}/transitions/extend_discussion/"
    refused = api(world.users["moderator"]).post(url, {"discussion_ends_at": earlier}, format="json")
    assert (
        refused.status_code == 400 and "after the current deadline" in refused.json()["errors"]["discussion_ends_at"][0]
    )
    assert api(world.users["citizen"]).post(url, {"discussion_ends_at": later}, format="json").status_code == 403
    extended = api(world.users["moderator"]).post(
        url, {"discussion_ends_at": later, "reason": "Murojaatlar ko‘p"}, format="json"
    )
    assert extended.status_code == 200
    record = TransitionRecord.objects.filter(draft=discussion).last()
    assert (record.name, record.source, record.target, record.reason) == (
        "extend_discussion",
        "public_discussion",
        "public_discussion",
        "Murojaatlar ko‘p",
    )
    assert datetime.datetime.fromisoformat(record.data["discussion_ends_at"]) == datetime.datetime.fromisoformat(later)


def test_followers_hear_of_state_changes(world, api, django_capture_on_commit_callbacks):
    draft = world.drafts["approval"]
    assert api(world.users["citizen"]).post(f"/api/v1/drafts/{draft.pk}/follow/").json() == {"following": True}
    with django_capture_on_commit_callbacks(execute=True):
        api(world.users["approver"]).post(
            f"/api/v1/drafts/{draft.pk}/transitions/approve/",
            {"number": "F-1", "approved_on": timezone.localdate().isoformat()},
            format="json",
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["citizen@demo.example.uz", "drafter@demo.example.uz"]
    assert api(world.users["citizen"]).delete(f"/api/v1/drafts/{draft.pk}/follow/").json() == {"following": False}


def test_experts_hear_of_an_assignment(world, api, django_capture_on_commit_callbacks):
    draft = world.drafts["draft"]
    with django_capture_on_commit_callbacks(execute=True):
        response = api(world.users["drafter"]).post(
            f"/api/v1/drafts/{draft.pk}/expert-groups/", {"group": world.expert_groups["economic"].pk}, format="json"
        )
    assert response.status_code == 201
    assert [m.to for m in mail.outbox] == [["expert2@demo.example.uz"]]
    # The expert reads the tests' default language: the group is named in it, the link is the page.
    with translation.override("en"):
        assert str(world.expert_groups["economic"]) in mail.outbox[0].subject
    assert f"http://localhost:8000/drafts/{draft.pk}/" in mail.outbox[0].body


def test_closing_expired_discussions_is_safe_to_run_twice(world, discussion):
    from workflow.services import close_expired_discussions

    assert close_expired_discussions() == []
    with time_machine.travel(discussion.discussion_ends_at + datetime.timedelta(minutes=1)):
        assert close_expired_discussions() == [discussion.pk]
        assert close_expired_discussions() == []
    discussion.refresh_from_db()
    assert discussion.status == "finalization"
    record = TransitionRecord.objects.filter(draft=discussion).last()
    assert (record.name, record.actor) == ("close_discussion", None)
