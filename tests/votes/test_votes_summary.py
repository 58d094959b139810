"""The summary of proposals records the draft's final support and opposition and each comment's
supporters: in its data, on its page and in its PDF."""

import datetime
import io
import re

import pypdf
import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from comments.models import Comment
from comments.votes import comment_vote_cast, draft_vote_cast
from kernel.roles import Role
from workflow.services import draft_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_with_votes(world):
    """The discussion of the demo world with three votes on the draft and two supports of one comment, closed."""
    draft = world.drafts["public_discussion"]
    comment = (
        Comment.objects.filter(draft=draft, kind="public", status="published", author__username="citizen")
        .order_by("pk")
        .first()
    )
    for i, vote in enumerate(["for", "for", "against"]):
        user = get_user_model().objects.create_user(f"jamlovchi{i}", password="x")
        user.groups.add(Group.objects.get(name=Role.CITIZENS))
        draft_vote_cast(user=user, draft_id=draft.pk, vote=vote)
        if i < 2:
            comment_vote_cast(user=user, comment_id=comment.pk)
    with time_machine.travel(draft.discussion_ends_at + datetime.timedelta(minutes=1), tick=False):
        draft_transition(user=world.users["moderator"], draft_id=draft.pk, name="close_discussion", arguments={})
    return draft, comment


def test_the_summary_data_carries_the_votes(closed_with_votes, api, world):
    draft, comment = closed_with_votes
    summary = api(None).get(f"/api/v1/drafts/{draft.pk}/summary/").json()
    assert summary["votes"] == {"for": 2, "against": 1}
    lines = {c["id"]: c for article in summary["articles"] for c in article["comments"]}
    assert lines[comment.pk]["votes"] == {"for": 2, "against": 0}
    assert all(line["votes"] == {"for": 0, "against": 0} for pk, line in lines.items() if pk != comment.pk)
    # Staff see expert remarks in it too, never voted on.
    staff = api(world.users["drafter"]).get(f"/api/v1/drafts/{draft.pk}/summary/").json()
    remarks = [c for article in staff["articles"] for c in article["comments"] if c["kind"] == "expert"]
    assert remarks and all(r["votes"] == {"for": 0, "against": 0} for r in remarks)


def test_the_summary_page_shows_the_votes(closed_with_votes, client):
    draft, comment = closed_with_votes
    html = client.get(f"/drafts/{draft.pk}/summary/").content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Support the draft: 2" in text and "Oppose the draft: 1" in text
    row = re.search(rf"<td data-label=\"№\">{comment.pk}</td>.*?</tr>", html, re.S).group(0)
    assert '<td data-label="Supported by">2</td>' in row


def test_the_summary_pdf_records_the_votes_in_the_acts_language(closed_with_votes, api):
    draft, comment = closed_with_votes
    response = api(None).get(f"/api/v1/drafts/{draft.pk}/summary/pdf/")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    reader = pypdf.PdfReader(io.BytesIO(content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Muhokama ishtirokchilarining ovozlari" in text
    assert "— 2;" in text and "qarshi chiqdi — 1" in text
