"""The draft page offers every step its reader may take, and says why the others must wait (issue 11)."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from comments.models import Comment, Kind, Status
from comments.services import comment_respond, conclusion_submit
from drafts.services import draft_unassign_expert_group
from kernel.states import State
from workflow.services import draft_transition

pytestmark = pytest.mark.django_db

OFFICE = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def page(client, draft) -> str:
    response = client.get(f"/drafts/{draft.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def refresh(draft):
    draft.refresh_from_db()
    return draft


def under_review_with_conclusion(world):
    """The draft of the demo world sent for review and concluded by its one group: ready to open."""
    draft = world.drafts[State.DRAFT]
    draft_transition(user=world.users["drafter"], draft_id=draft.pk, name="submit_for_review")
    conclusion_submit(user=world.users["expert"], draft_id=draft.pk, verdict="positive", text="Ma’qul.")
    return refresh(draft)


# Defect 1: the drafter edits and assigns expert groups from the draft page.


@pytest.mark.parametrize("state", [State.DRAFT, State.FINALIZATION])
def test_the_drafter_sees_edit_on_an_editable_draft(world, as_user, state):
    html = page(as_user("drafter"), world.drafts[state])
    assert f'href="/work/drafts/{world.drafts[state].pk}/edit/"' in html
    assert "Edit the draft" in html


@pytest.mark.parametrize(
    ("username", "state"),
    [("drafter", State.PUBLIC_DISCUSSION), ("drafter", State.APPROVAL), ("approver", State.FINALIZATION)],
)
def test_no_edit_where_the_text_is_frozen_or_not_theirs(world, as_user, username, state):
    assert "/edit/" not in page(as_user(username), world.drafts[state])


def test_the_drafter_assigns_a_group_from_the_draft_page(world, as_user):
    draft = world.drafts[State.DRAFT]
    client = as_user("drafter")
    html = page(client, draft)
    economic, legal = world.expert_groups["economic"], world.expert_groups["legal"]
    assert f'action="/drafts/{draft.pk}/expert-groups/"' in html
    assert 'for="assign-group"' in html
    # Only groups not yet assigned are offered.
    assert f'<option value="{economic.pk}">' in html and f'<option value="{legal.pk}">' not in html

    response = client.post(f"/drafts/{draft.pk}/expert-groups/", {"group": economic.pk}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/drafts/{draft.pk}/#expert-groups"
    assert "was assigned" in html
    groups = html[html.index('id="expert-groups"') :]
    assert str(economic.name) in groups and str(legal.name) in groups
    assert draft.expert_assignments.filter(group=economic).exists()


def test_assigning_refuses_bad_input_in_words(world, as_user):
    draft = world.drafts[State.DRAFT]
    client = as_user("drafter")
    response = client.post(f"/drafts/{draft.pk}/expert-groups/", {"group": "x<y"}, follow=True)
    assert response.status_code == 200
    assert "There is no expert group x&lt;y." in response.content.decode()
    response = client.post(
        f"/drafts/{world.drafts[State.FINALIZATION].pk}/expert-groups/",
        {"group": world.expert_groups["economic"].pk},
        follow=True,
    )
    assert "only while the draft is in state" in response.content.decode()
    # Someone who cannot see the draft learns nothing about it.
    assert as_user("citizen").post(f"/drafts/{draft.pk}/expert-groups/", {"group": 1}).status_code == 404


def test_assigned_groups_are_shown_to_the_draft_staff_only(world, as_user):
    draft = world.drafts[State.PUBLIC_DISCUSSION]
    name = str(world.expert_groups["legal"].name)
    for username in ("drafter", "approver", "expert"):
        html = page(as_user(username), draft)
        assert 'id="expert-groups"' in html and name in html[html.index('id="expert-groups"') :]
        assert f'action="/drafts/{draft.pk}/expert-groups/"' not in html  # assigning ends with drafting
    assert 'id="expert-groups"' not in page(as_user("citizen"), draft)
    assert 'id="expert-groups"' not in page(as_user(None), draft)


# Defect 2: steps the role allows but the draft does not yet permit are shown disabled, with what to do.


def test_send_for_review_waits_for_an_expert_group(world, as_user):
    draft = world.drafts[State.DRAFT]
    draft_unassign_expert_group(
        user=world.users["drafter"], draft_id=draft.pk, group_id=world.expert_groups["legal"].pk
    )
    html = page(as_user("drafter"), draft)
    assert "/transitions/submit_for_review/" not in html
    assert re.search(r'<button type="button" disabled aria-describedby="unmet-submit_for_review">', html)
    unmet = html[html.index('id="unmet-submit_for_review"') :]
    assert "No expert group is assigned" in unmet
    assert "Assign an expert group first, under “Expert groups” below." in unmet
    assert "/transitions/withdraw/" in html  # what is possible stays a form


def test_submit_for_approval_waits_for_answers_and_counts_them(world, as_user):
    draft = world.drafts[State.FINALIZATION]
    unanswered = Comment.objects.filter(draft=draft, status=Status.PUBLISHED, response__isnull=True).count()
    assert unanswered
    html = page(as_user("drafter"), draft)
    unmet = html[html.index('id="unmet-submit_for_approval"') :]
    assert "have no response yet" in unmet
    assert f"Answer the {unanswered} comment" in unmet
    assert "/transitions/submit_for_approval/" not in html

    for comment in Comment.objects.filter(draft=draft, status=Status.PUBLISHED, response__isnull=True):
        comment_respond(user=world.users["drafter"], comment_id=comment.pk, decision="accepted", text="Qabul.")
    html = page(as_user("drafter"), draft)
    assert "/transitions/submit_for_approval/" in html and 'id="unmet-submit_for_approval"' not in html


def test_closing_waits_for_the_deadline(world, as_user):
    draft = world.drafts[State.PUBLIC_DISCUSSION]
    html = page(as_user("moderator"), draft)
    unmet = html[html.index('id="unmet-close_discussion"') :]
    assert "The discussion runs until" in unmet and "closes by itself" in unmet
    assert "/transitions/extend_discussion/" in html
    with time_machine.travel(draft.discussion_ends_at + datetime.timedelta(minutes=1)):
        assert "/transitions/close_discussion/" in page(as_user("moderator"), draft)


def test_open_discussion_waits_for_the_conclusions(world, as_user):
    draft = world.drafts[State.EXPERT_REVIEW]
    html = page(as_user("drafter"), draft)
    unmet = html[html.index('id="unmet-open_discussion"') :]
    assert "have not submitted their conclusion yet" in unmet
    assert "/transitions/return_to_draft/" in html


def test_citizens_see_no_disabled_steps(world, as_user):
    html = page(as_user("citizen"), world.drafts[State.PUBLIC_DISCUSSION])
    assert "unmet-" not in html and 'id="actions"' not in html


# Defect 3: a date means the end of that day; the earliest day is offered, named in refusals, and kept.


@time_machine.travel(datetime.datetime(2026, 12, 1, 10, 0, tzinfo=OFFICE), tick=False)
def test_the_deadline_field_offers_the_earliest_day(world, as_user):
    draft = under_review_with_conclusion(world)
    earliest = datetime.date(2026, 12, 1) + datetime.timedelta(days=draft.act_type.min_discussion_days)
    html = page(as_user("drafter"), draft)
    assert re.search(
        rf'id="deadline-open_discussion" type="date" name="discussion_ends_at" required min="{earliest}"', html
    )


@time_machine.travel(datetime.datetime(2026, 12, 1, 10, 0, tzinfo=OFFICE), tick=False)
def test_a_refused_deadline_names_a_day_and_keeps_the_input(world, as_user):
    draft = under_review_with_conclusion(world)
    earliest = datetime.date(2026, 12, 1) + datetime.timedelta(days=draft.act_type.min_discussion_days)
    too_early = earliest - datetime.timedelta(days=1)
    client = as_user("drafter")
    response = client.post(
        f"/drafts/{draft.pk}/transitions/open_discussion/",
        {
            "discussion_ends_at": too_early.isoformat(),
            "expected_status": "expert_review",
            "next": f"/drafts/{draft.pk}/",
        },
        follow=True,
    )
    html = response.content.decode()
    assert f"choose {earliest.isoformat()} or later" in html
    assert not re.search(r"choose \d{4}-\d\d-\d\d \d\d:\d\d", html)
    assert f'value="{too_early.isoformat()}"' in html  # the field is not emptied
    assert 'aria-invalid="true"' in html and 'id="deadline-open_discussion-error"' in html
    assert refresh(draft).status == State.EXPERT_REVIEW
    # Kept once: the next visit shows a fresh form.
    assert f'value="{too_early.isoformat()}"' not in page(client, draft)


@time_machine.travel(datetime.datetime(2026, 12, 1, 10, 0, tzinfo=OFFICE), tick=False)
def test_the_earliest_day_is_accepted_until_its_last_second(world, as_user, api):
    draft = under_review_with_conclusion(world)
    earliest = datetime.date(2026, 12, 1) + datetime.timedelta(days=draft.act_type.min_discussion_days)
    response = as_user("drafter").post(
        f"/drafts/{draft.pk}/transitions/open_discussion/", {"discussion_ends_at": earliest.isoformat()}
    )
    assert response.status_code == 302
    ends = refresh(draft).discussion_ends_at.astimezone(OFFICE)
    assert (ends.date(), ends.time()) == (earliest, datetime.time(23, 59, 59))
    # The API reads a plain date the same way.
    later = earliest + datetime.timedelta(days=3)
    answer = api(world.users["moderator"]).post(
        f"/api/v1/drafts/{draft.pk}/transitions/extend_discussion/", {"discussion_ends_at": later.isoformat()}
    )
    assert answer.status_code == 200, answer.content
    assert refresh(draft).discussion_ends_at == datetime.datetime.combine(later, datetime.time(23, 59, 59), OFFICE)


def test_an_extension_offers_the_first_day_ending_after_the_deadline(world, as_user):
    draft = world.drafts[State.PUBLIC_DISCUSSION]
    deadline = timezone.localtime(draft.discussion_ends_at, OFFICE)
    assert deadline.time() < datetime.time(23, 59, 59)  # so the deadline's own day, to its end, is later
    client = as_user("moderator")
    field = 'id="deadline-extend_discussion" type="date" name="discussion_ends_at" required'
    assert f'{field} min="{deadline.date()}"' in page(client, draft)
    day_before = (deadline.date() - datetime.timedelta(days=1)).isoformat()
    html = client.post(
        f"/drafts/{draft.pk}/transitions/extend_discussion/",
        {"discussion_ends_at": day_before, "next": f"/drafts/{draft.pk}/"},
        follow=True,
    ).content.decode()
    assert f"choose {deadline.date().isoformat()} or later" in html
    assert f'value="{day_before}"' in html

    client.post(f"/drafts/{draft.pk}/transitions/extend_discussion/", {"discussion_ends_at": deadline.date()})
    extended = refresh(draft).discussion_ends_at
    assert extended == datetime.datetime.combine(deadline.date(), datetime.time(23, 59, 59), OFFICE)
    # Once the deadline is the end of a day, the next day is the first one left.
    next_day = deadline.date() + datetime.timedelta(days=1)
    assert f'{field} min="{next_day}"' in page(client, draft)


def test_a_malformed_date_is_refused_in_words(world, as_user):
    draft = world.drafts[State.PUBLIC_DISCUSSION]
    response = as_user("moderator").post(
        f"/drafts/{draft.pk}/transitions/extend_discussion/",
        {"discussion_ends_at": "2026-02-30", "next": f"/drafts/{draft.pk}/"},
        follow=True,
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Give a date such as 2026-12-31." in html
    assert 'value="2026-02-30"' in html


def test_each_reason_box_says_which_step_it_is_for(world, as_user):
    html = page(as_user("approver"), world.drafts[State.APPROVAL])
    assert '<label for="reason-return_for_revision">Reason for “Return for revision”</label>' in html
    assert '<label for="reason-reject">Reason for “Reject”</label>' in html
    assert html.count(">Reason</label>") == 0


def test_a_refused_approval_keeps_number_and_reason_boxes_apart(world, as_user):
    draft = world.drafts[State.APPROVAL]
    client = as_user("approver")
    future = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    html = client.post(
        f"/drafts/{draft.pk}/transitions/approve/",
        {"number": "77-A", "approved_on": future, "next": f"/drafts/{draft.pk}/"},
        follow=True,
    ).content.decode()
    assert "cannot be in the future" in html
    assert 'id="number-approve" type="text" name="number" maxlength="32" required value="77-A"' in html
    assert f'value="{future}"' in html
    assert re.search(r'id="reason-reject"[^>]*></textarea>', html)  # other forms stay empty


# Defect 7: the conclusion form gives way to a note once the group has concluded.


def test_the_conclusion_form_disappears_once_the_group_concluded(world, as_user):
    draft = world.drafts[State.EXPERT_REVIEW]
    client = as_user("expert")
    html = page(client, draft)
    assert f'action="/drafts/{draft.pk}/conclusion/"' in html
    response = client.post(
        f"/drafts/{draft.pk}/conclusion/", {"verdict": "positive", "text": "Ма’қул.", "group": ""}, follow=True
    )
    html = response.content.decode()
    assert "The conclusion was submitted." in html
    assert f'action="/drafts/{draft.pk}/conclusion/"' not in html
    assert "Your group's conclusion" in html and "was submitted on" in html


# Defect 8: each article shows its published comments' number and a form of its own.


def test_each_article_counts_its_published_comments_and_takes_one(world, as_user):
    draft = world.drafts[State.PUBLIC_DISCUSSION]
    commented = Comment.objects.filter(draft=draft, kind=Kind.PUBLIC, status=Status.PUBLISHED, article__isnull=False)
    key = commented.first().article.key
    count = commented.filter(article__key=key).count()
    client = as_user("citizen")
    html = page(client, draft)
    provision = html[html.index(f'<div class="provision" id="{key}">') :]
    label = "published comment" if count == 1 else "published comments"
    assert provision.index(f"{count} {label}") < provision.index('<details class="comment-here">')
    assert "Comment on this article" in provision
    assert f'<input type="hidden" name="article" value="{key}">' in provision
    assert f'<label for="comment-text-{key}">' in provision
    assert 'id="comment-text"' in html  # the whole-draft form stays at the bottom

    client.post(f"/drafts/{draft.pk}/comments/", {"article": key, "text": "Shu moddaga taklif."})
    created = Comment.objects.get(text="Shu moddaga taklif.")
    assert created.article.key == key and created.status == Status.PENDING
    # Pending comments are not counted until published.
    assert f"{count} {label}" in page(as_user(None), draft)


def test_no_article_forms_for_those_who_cannot_comment(world, as_user):
    assert "comment-here" not in page(as_user(None), world.drafts[State.PUBLIC_DISCUSSION])
    assert "comment-here" not in page(as_user("citizen"), world.drafts[State.APPROVED])
    html = page(as_user("expert"), world.drafts[State.EXPERT_REVIEW])
    assert "Remark on this article" in html and "published comment" not in html
    assert "Send the remark" in html and "Send the comment" not in html


# The timeline.


def test_the_timeline_marks_the_current_stage_with_days_left(world, as_user):
    draft = world.drafts[State.PUBLIC_DISCUSSION]
    html = page(as_user(None), draft)
    timeline = html[html.index('aria-labelledby="stages"') : html.index("</ol>")]
    assert timeline.count('aria-current="step"') == 1
    current = re.search(r'<li class="current" aria-current="step">(.*?)</li>', timeline, re.S).group(1)
    assert "Public discussion" in current and re.search(r"1[12] days left", current)
    assert re.search(r'<li class="done">\s*<span class="stage">Drafting</span>', timeline)
    assert re.search(r'<li class="upcoming">\s*<span class="stage">Approved</span>', timeline)
    opened = draft.history.get(name="open_discussion").at
    assert opened.astimezone(OFFICE).strftime("%m/%d/%Y") in current


@pytest.mark.parametrize(
    ("state", "current"),
    [
        (State.DRAFT, "Drafting"),
        (State.EXPERT_REVIEW, "Expert review"),
        (State.FINALIZATION, "Finalization"),
        (State.APPROVAL, "Approval"),
        (State.APPROVED, "Approved"),
        (State.REJECTED, "Rejected"),
        (State.WITHDRAWN, "Withdrawn"),
    ],
)
def test_the_timeline_current_stage_in_every_state(world, as_user, state, current):
    html = page(as_user("drafter"), world.drafts[state])
    marked = re.search(r'<li class="current" aria-current="step">\s*<span class="stage">([^<]+)</span>', html)
    assert marked and marked.group(1) == current
    if state in (State.REJECTED, State.WITHDRAWN):
        assert "upcoming" not in html[html.index('aria-labelledby="stages"') : html.index("</ol>")]
