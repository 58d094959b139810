"""Each transition's conditions and arguments, with the reason it gives when refused (brief §2)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from comments.services import comment_moderate, comment_respond, comment_submit, conclusion_submit
from drafts.services import draft_assign_expert_group, draft_create
from workflow.models import TransitionRecord
from workflow.services import draft_transition

pytestmark = pytest.mark.django_db

BODY = "1. Birinchi band matni.\n2. Ikkinchi band matni.\n"


def new_draft(world, *, body=BODY, groups=("legal",), act_type="qaror"):
    draft = draft_create(
        user=world.users["drafter"],
        title="Sinov qarori",
        act_type=world.act_types[act_type],
        issuing_body=world.issuing_body,
        body=body,
    )
    for key in groups:
        draft_assign_expert_group(user=world.users["drafter"], draft_id=draft.pk, group_id=world.expert_groups[key].pk)
    return draft


def post(api, user, draft, name, **data):
    return api(user).post(f"/api/v1/drafts/{draft.pk}/transitions/{name}/", data, format="json")


def in_days(days, **extra):
    return (timezone.now() + datetime.timedelta(days=days, **extra)).isoformat()


def reviewed(world, api, **kwargs):
    draft = new_draft(world, **kwargs)
    assert post(api, world.users["drafter"], draft, "submit_for_review").status_code == 200
    conclusion_submit(user=world.users["expert"], draft_id=draft.pk, verdict="positive", text="Ma'qul.")
    return draft


def in_discussion(world, api, **kwargs):
    draft = reviewed(world, api, **kwargs)
    assert (
        post(api, world.users["drafter"], draft, "open_discussion", discussion_ends_at=in_days(10, hours=1)).status_code
        == 200
    )
    return draft


def finalizing(world, api):
    draft = in_discussion(world, api)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=11)):
        assert post(api, world.users["moderator"], draft, "close_discussion").status_code == 200
    return draft


def awaiting_approval(world, api):
    draft = finalizing(world, api)
    assert post(api, world.users["drafter"], draft, "submit_for_approval").status_code == 200
    return draft


def test_submit_for_review_refuses_empty_text(world, api):
    draft = new_draft(world, body="   \n")
    response = post(api, world.users["drafter"], draft, "submit_for_review")
    assert response.status_code == 409
    assert "text is empty" in response.json()["detail"]


def test_submit_for_review_refuses_without_expert_group(world, api):
    draft = new_draft(world, groups=())
    response = post(api, world.users["drafter"], draft, "submit_for_review")
    assert response.status_code == 409
    assert "No expert group is assigned" in response.json()["detail"]


def test_submit_for_review_freezes_version_and_records_history(world, api):
    draft = new_draft(world)
    response = post(api, world.users["drafter"], draft, "submit_for_review")
    assert response.status_code == 200
    assert response.json()["status"] == "expert_review"
    assert response.json()["version"] == 1
    history = api(world.users["drafter"]).get(f"/api/v1/drafts/{draft.pk}/history/").json()
    assert [(h["name"], h["source"], h["target"], h["actor"], h["version"]) for h in history] == [
        ("submit_for_review", "draft", "expert_review", "drafter", 1)
    ]
    articles = api(world.users["drafter"]).get(f"/api/v1/drafts/{draft.pk}/versions/1/").json()["articles"]
    assert [a["key"] for a in articles] == ["p-1", "p-2"]


def test_return_to_draft_needs_reason(world, api):
    draft = new_draft(world)
    post(api, world.users["drafter"], draft, "submit_for_review")
    response = post(api, world.users["drafter"], draft, "return_to_draft", reason="  ")
    assert response.status_code == 400
    assert "reason" in response.json()["errors"]
    response = post(api, world.users["drafter"], draft, "return_to_draft", reason="Matn qayta ishlanadi")
    assert response.status_code == 200
    assert TransitionRecord.objects.filter(draft=draft).last().reason == "Matn qayta ishlanadi"


def test_open_discussion_names_groups_without_conclusion(world, api):
    draft = new_draft(world, groups=("legal", "economic"))
    post(api, world.users["drafter"], draft, "submit_for_review")
    conclusion_submit(user=world.users["expert"], draft_id=draft.pk, verdict="positive", text="Ma'qul.")
    response = post(api, world.users["drafter"], draft, "open_discussion", discussion_ends_at=in_days(20))
    assert response.status_code == 409
    # The groups are named in the request's language (English here).
    assert "Economic review group" in response.json()["detail"]
    assert "Legal" not in response.json()["detail"]


def test_open_discussion_needs_a_deadline(world, api):
    draft = reviewed(world, api)
    response = post(api, world.users["drafter"], draft, "open_discussion")
    assert response.status_code == 400
    assert "discussion_ends_at" in response.json()["errors"]


@pytest.mark.parametrize(
    "act_type,days,expected",
    [("qaror", 9, 400), ("qaror", 10, 200), ("kengash-qarori", 12, 400), ("kengash-qarori", 15, 200)],
)
def test_open_discussion_deadline_at_least_the_act_types_minimum(world, api, act_type, days, expected):
    draft = reviewed(world, api, act_type=act_type)
    response = post(api, world.users["drafter"], draft, "open_discussion", discussion_ends_at=in_days(days, minutes=5))
    assert response.status_code == expected, response.json()
    if expected == 400:
        assert "at least" in response.json()["errors"]["discussion_ends_at"][0]
    else:
        assert response.json()["discussion_ends_at"] is not None


def test_open_discussion_accepts_a_plain_date_as_end_of_that_day(world, api):
    draft = reviewed(world, api)
    day = (timezone.localdate() + datetime.timedelta(days=12)).isoformat()
    response = post(api, world.users["drafter"], draft, "open_discussion", discussion_ends_at=day)
    assert response.status_code == 200
    ends = timezone.localtime(datetime.datetime.fromisoformat(response.json()["discussion_ends_at"]))
    assert (ends.date().isoformat(), ends.hour, ends.minute) == (day, 23, 59)


def test_close_discussion_only_after_the_deadline(world, api):
    draft = in_discussion(world, api)
    response = post(api, world.users["moderator"], draft, "close_discussion")
    assert response.status_code == 409
    assert "can be closed only after" in response.json()["detail"]
    with time_machine.travel(timezone.now() + datetime.timedelta(days=11)):
        assert post(api, world.users["moderator"], draft, "close_discussion").status_code == 200


def test_the_system_closes_an_expired_discussion(world, api):
    draft = in_discussion(world, api)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=11)):
        record = draft_transition(user=None, draft_id=draft.pk, name="close_discussion")
    assert (record.target, record.actor) == ("finalization", None)


def test_the_system_cannot_do_what_people_decide(world, api):
    draft = awaiting_approval(world, api)
    from kernel.errors import Forbidden

    with pytest.raises(Forbidden):
        draft_transition(user=None, draft_id=draft.pk, name="approve", arguments={"number": "1"})


def test_submit_for_approval_names_what_is_missing(world, api):
    u = world.users
    draft = new_draft(world)
    assert post(api, u["drafter"], draft, "submit_for_review").status_code == 200
    remark = comment_submit(user=u["expert"], draft_id=draft.pk, text="2-bandni aniqlashtiring.", article="p-2")
    conclusion_submit(user=u["expert"], draft_id=draft.pk, verdict="positive_with_remarks", text="Ma'qul.")
    assert post(api, u["drafter"], draft, "open_discussion", discussion_ends_at=in_days(10, hours=1)).status_code == 200
    published = comment_submit(user=u["citizen"], draft_id=draft.pk, text="Muddatni uzaytirish kerak.")
    pending = comment_submit(user=u["citizen"], draft_id=draft.pk, text="1-bandga qo‘shimcha.", article="p-1")
    comment_moderate(user=u["moderator"], comment_id=published.pk, decision="publish")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=11)):
        assert post(api, u["moderator"], draft, "close_discussion").status_code == 200

    response = post(api, u["drafter"], draft, "submit_for_approval")
    assert response.status_code == 409
    assert "1 public comments still await moderation" in response.json()["detail"]
    assert f"ids: {remark.pk}, {published.pk}" in response.json()["detail"]

    comment_moderate(user=u["moderator"], comment_id=pending.pk, decision="reject", reason="Takror")
    comment_respond(user=u["drafter"], comment_id=remark.pk, decision="accepted", text="Aniqlashtirildi.")
    response = post(api, u["drafter"], draft, "submit_for_approval")
    assert response.status_code == 409
    assert f"ids: {published.pk})" in response.json()["detail"]
    comment_respond(
        user=u["drafter"], comment_id=published.pk, decision="not_accepted", text="Muddat qonunda belgilangan."
    )
    assert post(api, u["drafter"], draft, "submit_for_approval").status_code == 200


def test_submit_for_approval_freezes_the_revised_text(world, api):
    draft = finalizing(world, api)
    drafter = api(world.users["drafter"])
    revised = BODY + "3. Uchinchi band qo‘shildi.\n"
    assert drafter.patch(f"/api/v1/drafts/{draft.pk}/", {"body": revised}, format="json").status_code == 200
    response = post(api, world.users["drafter"], draft, "submit_for_approval")
    assert response.status_code == 200
    assert response.json()["version"] == 2
    diff = drafter.get(f"/api/v1/drafts/{draft.pk}/versions/diff/", {"from": 1, "to": 2}).json()
    assert [(a["key"], a["change"]) for a in diff["articles"]] == [("p-3", "added")]
    assert "+3. Uchinchi band" in diff["unified"]


def test_approve_needs_number_and_date(world, api):
    draft = awaiting_approval(world, api)
    response = post(api, world.users["approver"], draft, "approve")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"number", "approved_on"}
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = post(api, world.users["approver"], draft, "approve", number="7", approved_on=tomorrow)
    assert response.status_code == 400
    assert "future" in response.json()["errors"]["approved_on"][0]


def test_registration_number_unique_per_act_type_and_year(world, api):
    today = timezone.localdate()
    # The demo world already holds act number 45 of type `qaror` approved today.
    draft = awaiting_approval(world, api)
    response = post(api, world.users["approver"], draft, "approve", number="45", approved_on=today.isoformat())
    assert response.status_code == 400
    assert "already taken" in response.json()["errors"]["number"][0]
    last_year = today.replace(year=today.year - 1, day=min(today.day, 28)).isoformat()
    response = post(api, world.users["approver"], draft, "approve", number="45", approved_on=last_year)
    assert response.status_code == 200
    assert (response.json()["number"], response.json()["approved_on"]) == ("45", last_year)


@pytest.mark.parametrize("name", ["return_for_revision", "reject"])
def test_approver_decisions_need_a_reason(world, api, name):
    draft = awaiting_approval(world, api)
    response = post(api, world.users["approver"], draft, name)
    assert response.status_code == 400
    assert "reason" in response.json()["errors"]
    response = post(api, world.users["approver"], draft, name, reason="Asoslanmagan")
    assert response.status_code == 200
    assert response.json()["status"] == {"return_for_revision": "draft", "reject": "rejected"}[name]


def test_withdraw_needs_reason_and_is_final(world, api):
    draft = in_discussion(world, api)
    assert post(api, world.users["drafter"], draft, "withdraw").status_code == 400
    response = post(api, world.users["drafter"], draft, "withdraw", reason="Zarurat qolmadi")
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    # It was public when withdrawn, so it stays public.
    assert api(None).get(f"/api/v1/drafts/{draft.pk}/").status_code == 200
    again = post(api, world.users["drafter"], draft, "withdraw", reason="Yana")
    assert again.status_code == 409
    assert "not possible in state 'Withdrawn'" in again.json()["detail"]


def test_whole_life_from_draft_to_approved_is_recorded(world, api):
    draft = awaiting_approval(world, api)
    response = post(
        api, world.users["approver"], draft, "approve", number="Q-101", approved_on=timezone.localdate().isoformat()
    )
    assert response.status_code == 200
    history = api(None).get(f"/api/v1/drafts/{draft.pk}/history/").json()
    assert [h["name"] for h in history] == [
        "submit_for_review",
        "open_discussion",
        "close_discussion",
        "submit_for_approval",
        "approve",
    ]
    assert history[-1]["data"] == {"number": "Q-101", "approved_on": timezone.localdate().isoformat()}
    assert all(h["version"] == 1 for h in history)
    editing = api(world.users["drafter"]).patch(f"/api/v1/drafts/{draft.pk}/", {"body": "x"}, format="json")
    assert editing.status_code == 409
