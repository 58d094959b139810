"""A large summary of proposals is streamed: the same JSON as the built one, first byte at once (issue 13)."""

import json

import pytest
from django.contrib.auth import get_user_model

from comments.models import Comment, Kind, Status
from comments.services import comment_moderate, comment_respond, comment_submit
from kernel.states import State

pytestmark = pytest.mark.django_db


def streamed(response) -> dict:
    assert response.streaming and response["Content-Type"] == "application/json"
    return json.loads(b"".join(response.streaming_content))


@pytest.mark.parametrize("reader", [None, "drafter", "moderator"])
def test_a_streamed_summary_says_what_the_built_one_says(world, api, settings, reader):
    draft = world.drafts[State.FINALIZATION]
    user = world.users[reader] if reader else None
    built = api(user).get(f"/api/v1/drafts/{draft.pk}/summary/")
    assert built.status_code == 200 and not built.streaming
    settings.SUMMARY_STREAM_FROM = 0
    assert streamed(api(user).get(f"/api/v1/drafts/{draft.pk}/summary/")) == built.json()


def test_campaign_lines_anonymity_and_expert_remarks_stream_as_they_are_built(
    world, api, settings, django_capture_on_commit_callbacks
):
    draft = world.drafts[State.PUBLIC_DISCUSSION]
    u = world.users
    for text, anonymous in (("Birinchi ochiq taklif.", False), ("Ikkinchi, ismsiz taklif.", True)):
        comment = comment_submit(user=u["citizen"], draft_id=draft.pk, text=text)
        comment.__class__.objects.filter(pk=comment.pk).update(anonymous=anonymous)
        comment_moderate(user=u["moderator"], comment_id=comment.pk, decision="publish")
        comment_respond(user=u["drafter"], comment_id=comment.pk, decision="accepted", text="Qabul qilindi.")
    # A form letter from three citizens: one campaign, one line signed by three.
    letter = "Mahallamizda bolalar maydonchasi qurilishini so'raymiz, loyiha 5-bandiga qo'shing"
    citizens = [u["citizen"]]
    for i in range(2):
        other = get_user_model().objects.create_user(f"signatory{i}")
        other.groups.add(*u["citizen"].groups.all())
        citizens.append(other)
    for i, citizen in enumerate(citizens):
        with django_capture_on_commit_callbacks(execute=True):  # grouped after the intake commits
            comment = comment_submit(user=citizen, draft_id=draft.pk, text=f"{letter}{'!' * i}.")
        comment_moderate(user=u["moderator"], comment_id=comment.pk, decision="publish")
    for reader in (u["drafter"], u["approver"]):
        built = api(reader).get(f"/api/v1/drafts/{draft.pk}/summary/").json()
        assert max(line["signatories"] for a in built["articles"] for line in a["comments"]) == 3
        settings.SUMMARY_STREAM_FROM = 0
        assert streamed(api(reader).get(f"/api/v1/drafts/{draft.pk}/summary/")) == built
        settings.SUMMARY_STREAM_FROM = 5000


def test_a_summary_not_yet_public_is_refused_before_anything_is_streamed(world, api, settings):
    settings.SUMMARY_STREAM_FROM = 0
    response = api(None).get(f"/api/v1/drafts/{world.drafts[State.PUBLIC_DISCUSSION].pk}/summary/")
    assert response.status_code == 409 and not response.streaming


def test_a_summary_is_streamed_from_its_threshold_line_on(world, api, settings):
    """Streamed when it holds SUMMARY_STREAM_FROM lines or more, built below: the check looks for the threshold's
    line instead of counting every line, which the first byte of a large summary waited for."""
    draft = world.drafts[State.FINALIZATION]
    path = f"/api/v1/drafts/{draft.pk}/summary/"
    lines = Comment.objects.filter(
        draft=draft, status=Status.PUBLISHED, kind__in=[Kind.PUBLIC, Kind.EXPERT], parent__isnull=True
    ).count()
    assert lines >= 2
    settings.SUMMARY_STREAM_FROM = lines
    assert api(world.users["drafter"]).get(path).streaming
    settings.SUMMARY_STREAM_FROM = lines + 1
    response = api(world.users["drafter"]).get(path)
    assert response.status_code == 200 and not response.streaming
