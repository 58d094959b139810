"""Support and oppose on the draft page: counts for everyone, POST forms for those logged in while the
discussion is open, the same refusals as the API, and final counts once it closed."""

import datetime
import re

import pytest
import time_machine

from comments.models import Comment, CommentVote, DraftVote
from comments.votes import comment_vote_cast, draft_vote_cast
from workflow.services import draft_transition

pytestmark = pytest.mark.django_db


def page(client, draft) -> str:
    response = client.get(f"/drafts/{draft.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def votes_section(html: str) -> str:
    match = re.search(r'<section class="card votes" id="votes".*?</section>', html, re.S)
    return match.group(0) if match else ""


def citizens_comment(draft) -> Comment:
    return (
        Comment.objects.filter(draft=draft, kind="public", status="published", author__username="citizen")
        .filter(submitted_for="")
        .order_by("pk")
        .first()
    )


def test_anonymous_readers_see_the_counts_and_a_login_link(world, as_user):
    draft = world.drafts["public_discussion"]
    draft_vote_cast(user=world.users["drafter2"], draft_id=draft.pk, vote="for")
    draft_vote_cast(user=world.users["moderator"], draft_id=draft.pk, vote="against")
    comment_vote_cast(user=world.users["moderator"], comment_id=citizens_comment(draft).pk)
    html = page(as_user(None), draft)
    section = text_of(votes_section(html))
    assert "Support and opposition" in section and "1 support 1 oppose" in section
    assert f'href="/accounts/login/?next=/drafts/{draft.pk}/"' in votes_section(html)
    assert 'action="/drafts/' + str(draft.pk) + '/vote/"' not in html
    assert "/vote/" not in html  # no comment support form either
    assert "Supported by 1 person" in text_of(html)


def test_a_citizen_supports_changes_and_withdraws_on_the_page(world, as_user):
    draft = world.drafts["public_discussion"]
    client = as_user("drafter2")
    html = votes_section(page(client, draft))
    assert 'name="vote" value="for"' in html and 'name="vote" value="against"' in html
    assert "You have not voted yet." in html and 'value="withdraw"' not in html

    response = client.post(f"/drafts/{draft.pk}/vote/", {"vote": "for"})
    assert response.status_code == 302 and response["Location"] == f"/drafts/{draft.pk}/#votes"
    html = page(client, draft)
    assert "Your vote is recorded: you support this draft." in html
    section = votes_section(html)
    assert "You support this draft." in section and 'class="chosen"' in section
    assert "1 support 0 oppose" in text_of(section) and 'value="withdraw"' in section

    client.post(f"/drafts/{draft.pk}/vote/", {"vote": "against"})
    assert DraftVote.objects.get(draft=draft, user=world.users["drafter2"]).vote == "against"
    assert "0 support 1 oppose" in text_of(votes_section(page(client, draft)))

    client.post(f"/drafts/{draft.pk}/vote/", {"vote": "withdraw"})
    assert not DraftVote.objects.filter(draft=draft).exists()
    assert "Your vote was withdrawn." in page(client, draft)


def test_a_wrong_vote_on_the_page_is_refused_with_the_apis_reason(world, as_user):
    draft = world.drafts["public_discussion"]
    client = as_user("citizen")
    response = client.post(
        f"/drafts/{draft.pk}/vote/", {"vote": "maybe"}, HTTP_REFERER=f"http://testserver/drafts/{draft.pk}/"
    )
    assert response.status_code == 302
    assert "Choose &#x27;for&#x27; (support) or &#x27;against&#x27; (oppose)." in page(client, draft)
    assert not DraftVote.objects.exists()


def test_supporting_a_comment_on_the_page(world, as_user):
    draft = world.drafts["public_discussion"]
    comment = citizens_comment(draft)
    # Its author has no button on their own comment.
    assert f'action="/comments/{comment.pk}/vote/"' not in page(as_user("citizen"), draft)

    client = as_user("moderator")
    html = page(client, draft)
    assert f'action="/comments/{comment.pk}/vote/"' in html
    response = client.post(
        f"/comments/{comment.pk}/vote/", {"vote": "for", "next": f"/drafts/{draft.pk}/#comment-{comment.pk}"}
    )
    assert response.status_code == 302 and response["Location"] == f"/drafts/{draft.pk}/#comment-{comment.pk}"
    assert CommentVote.objects.filter(comment=comment, user=world.users["moderator"]).exists()
    html = text_of(page(client, draft))
    assert f"You support comment no. {comment.pk}." in html
    assert "Supported by 1 person · including you" in html
    assert f"Withdraw my support of comment no. {comment.pk}" in html

    client.post(f"/comments/{comment.pk}/vote/", {"vote": "withdraw", "next": f"/drafts/{draft.pk}/"})
    assert not CommentVote.objects.exists()


def test_the_author_is_refused_on_their_own_comment(world, as_user):
    draft = world.drafts["public_discussion"]
    comment = citizens_comment(draft)
    client = as_user("citizen")
    client.post(f"/comments/{comment.pk}/vote/", {"vote": "for"}, HTTP_REFERER=f"http://testserver/drafts/{draft.pk}/")
    assert "This is your own comment; support the comments of others." in page(client, draft)
    assert not CommentVote.objects.exists()


def test_after_closing_the_page_shows_the_final_counts_and_no_buttons(world, as_user):
    draft = world.drafts["public_discussion"]
    comment = citizens_comment(draft)
    draft_vote_cast(user=world.users["drafter2"], draft_id=draft.pk, vote="for")
    comment_vote_cast(user=world.users["drafter2"], comment_id=comment.pk)
    with time_machine.travel(draft.discussion_ends_at + datetime.timedelta(minutes=1), tick=False):
        draft_transition(user=world.users["moderator"], draft_id=draft.pk, name="close_discussion", arguments={})
    client = as_user("drafter2")
    html = page(client, draft)
    section = text_of(votes_section(html))
    assert "1 support 0 oppose" in section and "these counts are final" in section
    assert "/vote/" not in html
    assert "Supported by 1 person · including you" in text_of(html)
    refused = client.post(f"/drafts/{draft.pk}/vote/", {"vote": "withdraw"}, HTTP_REFERER="http://testserver/")
    assert refused.status_code == 302
    assert DraftVote.objects.filter(draft=draft).count() == 1


@pytest.mark.parametrize("state", ["draft", "expert_review"])
def test_no_votes_before_a_draft_is_discussed(world, as_user, state):
    html = page(as_user("drafter"), world.drafts[state])
    assert 'id="votes"' not in html and "/vote/" not in html


def test_the_forms_need_a_login_and_a_post(world, as_user):
    draft = world.drafts["public_discussion"]
    comment = citizens_comment(draft)
    paths = [f"/drafts/{draft.pk}/vote/", f"/comments/{comment.pk}/vote/"]
    anonymous = as_user(None)
    for path in paths:
        response = anonymous.post(path, {"vote": "for"})
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    citizen = as_user("citizen")
    assert [citizen.get(path).status_code for path in paths] == [405, 405]
    assert not DraftVote.objects.exists() and not CommentVote.objects.exists()
    # A draft the reader cannot see stays 404 on the page too.
    assert as_user("citizen").post(f"/drafts/{world.drafts['draft'].pk}/vote/", {"vote": "for"}).status_code == 404
