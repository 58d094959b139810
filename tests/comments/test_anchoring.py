"""A comment keeps pointing to the article it was written on, in the version it was written on."""

import pytest

from comments.models import Comment
from comments.selectors import unanswered_comment_ids
from comments.services import comment_respond
from workflow.services import draft_transition

pytestmark = pytest.mark.django_db


def test_comments_keep_their_article_after_the_text_is_revised(world, api):
    draft = world.drafts["finalization"]
    drafter = world.users["drafter"]
    commented = Comment.objects.filter(draft=draft, article__isnull=False, status="published").first()
    original = (commented.article.key, commented.article.text, commented.version.number)

    client = api(drafter)
    body = client.get(f"/api/v1/drafts/{draft.pk}/").json()["body"]
    revised = (
        body.replace("1. 2027-yil uchun", "1. Yangi birinchi band.\n2. 2027-yil uchun")
        .replace("\n2. Yer", "\n3. Yer")
        .replace("\n3. Viloyat", "\n4. Viloyat")
    )
    assert client.patch(f"/api/v1/drafts/{draft.pk}/", {"body": revised}, format="json").status_code == 200
    for comment_id in unanswered_comment_ids(draft):
        comment_respond(user=drafter, comment_id=comment_id, decision="accepted", text="Hisobga olindi.")
    draft_transition(user=drafter, draft_id=draft.pk, name="submit_for_approval")

    seen = client.get(f"/api/v1/comments/{commented.pk}/").json()
    assert (seen["article"]["key"], seen["version"]) == (original[0], 1)
    assert client.get(f"/api/v1/drafts/{draft.pk}/").json()["version"] == 2
    commented.refresh_from_db()
    assert (commented.article.key, commented.article.text, commented.version.number) == original
    new_first = client.get(f"/api/v1/drafts/{draft.pk}/versions/2/").json()["articles"][0]
    assert new_first["text"].startswith("Yangi birinchi band")
