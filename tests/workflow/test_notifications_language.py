"""A transition is told to each drafter and follower in their own language, by e-mail and in the app."""

import pytest
from django.core import mail
from django.utils import timezone

from accounts.services import account_set_language
from comments.services import draft_follow
from kernel.models import Notice
from workflow.notifications import notify_transition
from workflow.services import draft_transition

pytestmark = pytest.mark.django_db


def approve(world, capture):
    draft = world.drafts["approval"]
    with capture(execute=True):
        draft_transition(
            user=world.users["approver"],
            draft_id=draft.pk,
            name="approve",
            arguments={"number": "M-7", "approved_on": timezone.localdate()},
        )
    return draft


def mail_to(address):
    return next(m for m in mail.outbox if m.to == [address])


def test_a_russian_follower_reads_russian_stage_names_and_a_link_to_the_page(world, django_capture_on_commit_callbacks):
    citizen = world.users["citizen"]
    account_set_language(user=citizen, language="ru")
    draft_follow(user=citizen, draft_id=world.drafts["approval"].pk)
    draft = approve(world, django_capture_on_commit_callbacks)

    russian = mail_to("citizen@demo.example.uz")
    assert russian.subject == f"[{draft.pk}] {draft.title}: Утверждён"
    assert "«Утвердить»" in russian.body or "“Утвердить”" in russian.body  # the transition's label
    assert "Ожидает утверждения" in russian.body  # the stage it left
    assert f"http://localhost:8000/drafts/{draft.pk}/" in russian.body
    assert "/api/" not in russian.body
    for raw in ("approval", "approved", "'approve'", "→"):
        assert raw not in russian.subject + russian.body.replace(f"/drafts/{draft.pk}/", "")

    english = mail_to("drafter@demo.example.uz")  # the drafter chose nothing: the site's default
    assert english.subject.endswith(": Approved")
    assert "“Approve”" in english.body and "“Awaiting approval”" in english.body


def test_the_same_readers_get_an_in_app_notification_but_not_whoever_acted(world, django_capture_on_commit_callbacks):
    draft_follow(user=world.users["citizen"], draft_id=world.drafts["approval"].pk)
    draft = approve(world, django_capture_on_commit_callbacks)
    latest = Notice.objects.filter(event=f"transition:{draft.history.order_by('-id').first().pk}")
    assert sorted(latest.values_list("user__username", flat=True)) == ["citizen", "drafter"]
    assert sorted(m.to[0] for m in mail.outbox) == ["citizen@demo.example.uz", "drafter@demo.example.uz"]
    assert all(n.read_at is None for n in latest)


def test_a_follower_who_can_no_longer_see_the_draft_hears_nothing(world, django_capture_on_commit_callbacks):
    draft = world.drafts["approval"]
    draft_follow(user=world.users["citizen"], draft_id=draft.pk)
    with django_capture_on_commit_callbacks(execute=True):
        draft_transition(
            user=world.users["approver"],
            draft_id=draft.pk,
            name="return_for_revision",
            arguments={"reason": "Ichki sabab: 3-modda qayta yozilsin."},
        )
    assert [m.to for m in mail.outbox] == [["drafter@demo.example.uz"]]
    assert "Ichki sabab" in mail.outbox[0].body  # the drafter may read the internal reason
    latest = Notice.objects.filter(event=f"transition:{draft.history.order_by('-id').first().pk}")
    assert list(latest.values_list("user__username", flat=True)) == ["drafter"]


def test_a_public_reason_reaches_followers_too(world, django_capture_on_commit_callbacks):
    draft = world.drafts["approval"]
    draft_follow(user=world.users["citizen"], draft_id=draft.pk)
    with django_capture_on_commit_callbacks(execute=True):
        draft_transition(
            user=world.users["approver"], draft_id=draft.pk, name="reject", arguments={"reason": "Qonunga zid."}
        )
    assert "Qonunga zid." in mail_to("citizen@demo.example.uz").body


def test_running_the_job_again_notifies_no_one_twice_in_the_app(world, django_capture_on_commit_callbacks):
    draft = approve(world, django_capture_on_commit_callbacks)
    record = draft.history.order_by("-id").first()
    before = Notice.objects.filter(event=f"transition:{record.pk}").count()
    notify_transition.call(record.pk)
    assert Notice.objects.filter(event=f"transition:{record.pk}").count() == before == 1
