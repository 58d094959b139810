"""The bell counts a user's unread notifications; /me/notifications/ lists only their own, page by page."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from comments.services import comment_moderate, comment_submit, draft_follow
from kernel.models import Notice
from kernel.notices import notice_unread_count
from portal.context_processors import notifications
from workflow.services import draft_transition

pytestmark = pytest.mark.django_db


def bell(html: str) -> str:
    return re.search(r'<a class="bell" href="/me/notifications/">.*?</a>', html, re.S).group(0)


def unread_shown(html: str) -> int:
    found = re.search(r'<span class="count" aria-hidden="true">(\d+)</span>', bell(html))
    return int(found.group(1)) if found else 0


@pytest.fixture
def approved(world, django_capture_on_commit_callbacks):
    """The approval draft approved, with the citizen following it: drafter and citizen are notified."""
    draft = world.drafts["approval"]
    draft_follow(user=world.users["citizen"], draft_id=draft.pk)
    Notice.objects.update(read_at=timezone.now())  # what the demo world's own transitions left
    with django_capture_on_commit_callbacks(execute=True):
        draft_transition(
            user=world.users["approver"],
            draft_id=draft.pk,
            name="approve",
            arguments={"number": "M-9", "approved_on": timezone.localdate()},
        )
    return draft


def test_the_bell_shows_the_unread_count_and_the_list_marks_them_read(as_user, approved):
    client = as_user("citizen")
    assert unread_shown(client.get("/").content.decode()) == 1
    assert "1 unread" in bell(client.get("/").content.decode())

    html = client.get("/me/notifications/").content.decode()
    assert f'<a href="/drafts/{approved.pk}/">“{approved.title}” is now at the stage “Approved”.</a>' in html
    assert "New</span>" in html
    assert unread_shown(html) == 0  # seen here: the header no longer counts them

    after = client.get("/me/notifications/").content.decode()
    assert unread_shown(after) == 0 and "New</span>" not in after


def test_a_user_never_sees_anyone_elses_notifications(as_user, world, approved):
    html = as_user("moderator").get("/me/notifications/").content.decode()
    assert approved.title not in html
    assert "No notifications yet" in html
    # Reading one's own list leaves the others' unread.
    as_user("citizen").get("/me/notifications/")
    assert notice_unread_count(world.users["drafter"]) == 1


def test_the_unread_count_is_one_query(world, approved, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert notice_unread_count(world.users["citizen"]) == 1


def test_the_header_reads_the_count_once(rf, world, approved, django_assert_num_queries):
    request = rf.get("/")
    request.user = world.users["citizen"]
    count = notifications(request)["unread_notifications"]
    with django_assert_num_queries(1):
        assert count() == 1 and count() == 1


def test_anonymous_visitors_have_no_bell_and_no_list(as_user):
    client = as_user(None)
    assert 'class="bell"' not in client.get("/").content.decode()
    response = client.get("/me/notifications/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_list_shows_twenty_a_page_and_marks_only_the_page_it_shows(as_user, world, approved):
    citizen = world.users["citizen"]
    records = list(range(45))
    Notice.objects.filter(user=citizen).delete()
    Notice.objects.bulk_create(
        [Notice(user=citizen, event=f"test:{n}", text=f"Notice {n}", path=f"/drafts/{n}/") for n in records]
    )
    client = as_user("citizen")
    first = client.get("/me/notifications/").content.decode()
    assert first.count('<li class="card unread">') == 20
    assert '<a href="?page=2">' in first
    assert notice_unread_count(citizen) == len(records) - 20
    second = client.get("/me/notifications/", {"page": 2}).content.decode()
    assert second.count('<li class="card unread">') == min(20, len(records) - 20)
    for page in ("0", "-1", "abc", "99999999999999999999", "<b>"):
        assert client.get("/me/notifications/", {"page": page}).status_code == 200


def test_my_page_links_to_the_notifications_and_settings(as_user):
    html = as_user("citizen").get("/me/").content.decode()
    assert '<a href="/me/notifications/">' in html and '<a href="/me/settings/">' in html


def test_what_became_of_a_comment_is_a_notice_as_well_as_an_e_mail(as_user, world, django_capture_on_commit_callbacks):
    """The bell tells of the same events as the e-mails: here a moderator's decision, to its author."""
    citizen = world.users["citizen"]
    Notice.objects.update(read_at=timezone.now())
    draft = world.drafts["public_discussion"]
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_submit(
            user=citizen, draft_id=draft.pk, text="Notice me: 3-moddaga taklif.", received_at=timezone.now()
        )
    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(user=world.users["moderator"], comment_id=comment.pk, decision="publish")
    assert [m.to for m in mail.outbox if "published" in m.subject] == [[citizen.email]]
    html = as_user("citizen").get("/me/notifications/").content.decode()
    assert f'<a href="/drafts/{draft.pk}/#comment-{comment.pk}">' in html
    assert "is published" in html


def test_a_user_without_an_e_mail_address_still_gets_the_notice(world, django_capture_on_commit_callbacks):
    drafter = world.users["drafter"]
    type(drafter).objects.filter(pk=drafter.pk).update(email="")
    Notice.objects.update(read_at=timezone.now())
    draft = world.drafts["approval"]
    with django_capture_on_commit_callbacks(execute=True):
        draft_transition(
            user=world.users["approver"],
            draft_id=draft.pk,
            name="approve",
            arguments={"number": "M-10", "approved_on": timezone.localdate()},
        )
    assert mail.outbox == []
    assert list(Notice.objects.filter(user=drafter, read_at__isnull=True).values_list("path", flat=True)) == [
        f"/drafts/{draft.pk}/"
    ]
