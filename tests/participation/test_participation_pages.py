"""Replies, flags and hiding on the pages: the same services as the API, forms where they are accepted."""

import pytest

from comments.models import Comment, Flag, Status
from comments.services import comment_moderate
from tests.participation.conftest import citizen, published_by_citizen

pytestmark = pytest.mark.django_db


def test_a_citizen_speaks_for_an_organisation_without_their_name_from_the_draft_page(world, client):
    draft = world.drafts["public_discussion"]
    user = citizen("tashkilotchi", "Rustam Aliyev")
    client.force_login(user)
    page = client.get(f"/drafts/{draft.pk}/").content.decode()
    assert 'name="respondent_type"' in page and 'name="anonymous"' in page
    response = client.post(
        f"/drafts/{draft.pk}/comments/",
        {
            "text": "Biznes nomidan taklif.",
            "respondent_type": "business",
            "organisation": "Savdo MChJ",
            "anonymous": "1",
        },
    )
    assert response.status_code == 302
    comment = Comment.objects.get(author=user)
    assert (comment.respondent_type, comment.organisation, comment.anonymous) == ("business", "Savdo MChJ", True)
    refused = client.post(f"/drafts/{draft.pk}/comments/", {"text": "Yana bir", "respondent_type": "ngo"}, follow=True)
    assert "organisation" in refused.content.decode() or "tashkilot" in refused.content.decode()
    assert Comment.objects.filter(author=user).count() == 1


def test_reply_and_flag_forms_under_published_comments_and_replies_shown_indented(world, client):
    draft = world.drafts["public_discussion"]
    parent = published_by_citizen(draft)
    user = citizen("sahifachi")
    client.force_login(user)
    page = client.get(f"/drafts/{draft.pk}/").content.decode()
    assert f'action="/comments/{parent.pk}/replies/"' in page and f'action="/comments/{parent.pk}/flags/"' in page
    assert client.post(f"/comments/{parent.pk}/replies/", {"text": "Men qo‘shilaman"}).status_code == 302
    reply = Comment.objects.get(parent=parent)
    assert reply.status == Status.PENDING
    comment_moderate(user=world.users["moderator"], comment_id=reply.pk, decision="publish")
    page = client.get(f"/drafts/{draft.pk}/").content.decode()
    replies_at = page.index('class="replies"', page.index(f'id="comment-{parent.pk}"'))
    assert page.index(f'id="comment-{reply.pk}"') > replies_at
    # No reply form under a reply, nor a flag form under one's own.
    assert f'action="/comments/{reply.pk}/replies/"' not in page
    assert f'action="/comments/{reply.pk}/flags/"' not in page

    flagged = client.post(
        f"/comments/{parent.pk}/flags/", {"reason": "off_topic", "text": "Mavzudan tashqari"}, follow=True
    )
    assert flagged.status_code == 200 and Flag.objects.filter(comment=parent, user=user).exists()
    again = client.post(f"/comments/{parent.pk}/flags/", {"reason": "spam"}, follow=True)
    assert Flag.objects.filter(comment=parent, user=user).count() == 1
    assert "already flagged" in again.content.decode()


def test_no_forms_for_visitors_nor_once_the_discussion_is_over(world, client):
    page = client.get(f"/drafts/{world.drafts['public_discussion'].pk}/").content.decode()
    assert "/replies/" not in page and "/flags/" not in page
    client.force_login(citizen())
    page = client.get(f"/drafts/{world.drafts['finalization'].pk}/").content.decode()
    assert "/replies/" not in page and "/flags/" not in page


def test_a_moderator_hides_a_flagged_reply_from_the_queue_and_everyone_reads_the_reason(world, client):
    draft = world.drafts["public_discussion"]
    parent = published_by_citizen(draft)
    client.force_login(citizen())
    client.post(f"/comments/{parent.pk}/replies/", {"text": "Qo‘pol gap"})
    reply = Comment.objects.get(parent=parent)
    comment_moderate(user=world.users["moderator"], comment_id=reply.pk, decision="publish")
    client.force_login(world.users["citizen"])
    client.post(f"/comments/{reply.pk}/flags/", {"reason": "insult"})

    client.force_login(world.users["moderator"])
    queue = client.get("/work/moderation/").content.decode()
    assert queue.index(f'id="comment-{reply.pk}"') < queue.index('class="bulk-moderation"')
    assert f'action="/comments/{reply.pk}/hide/"' in queue and f'action="/comments/{reply.pk}/flags/dismiss/"' in queue
    assert client.post(f"/comments/{reply.pk}/hide/", {"reason": ""}, follow=True).status_code == 200
    assert Comment.objects.get(pk=reply.pk).status == Status.PUBLISHED  # no reason, not hidden
    client.post(f"/comments/{reply.pk}/hide/", {"reason": "Haqoratli ibora", "next": "/work/moderation/"})
    assert Comment.objects.get(pk=reply.pk).status == Status.HIDDEN
    assert f'id="comment-{reply.pk}"' not in client.get("/work/moderation/").content.decode()

    client.logout()
    page = client.get(f"/drafts/{draft.pk}/").content.decode()
    assert "Hidden by a moderator: Haqoratli ibora" in page and "Qo‘pol gap" not in page
    client.force_login(world.users["drafter"])
    assert "Qo‘pol gap" in client.get(f"/drafts/{draft.pk}/").content.decode()


def test_only_moderators_hide_or_dismiss_from_the_pages(world, client):
    parent = published_by_citizen(world.drafts["public_discussion"])
    client.force_login(world.users["drafter"])
    client.post(f"/comments/{parent.pk}/hide/", {"reason": "x"})
    client.post(f"/comments/{parent.pk}/flags/dismiss/")
    assert Comment.objects.get(pk=parent.pk).status == Status.PUBLISHED
    client.force_login(citizen())
    assert client.post(f"/comments/{10**9}/flags/", {"reason": "spam"}).status_code == 404
