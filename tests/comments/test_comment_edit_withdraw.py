"""A citizen edits or withdraws their own comment while it waits for moderation, and only then."""

import datetime
import itertools

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from comments import services
from comments.models import Comment
from comments.selectors import moderation_queue, pending_comment_count
from kernel.errors import Forbidden, InvalidArguments, NotVisible, StateConflict
from kernel.roles import Role

SERIAL = itertools.count()


@pytest.fixture
def discussion(world):
    return world.drafts["public_discussion"]


def own_pending(world, draft) -> Comment:
    return services.comment_submit(user=world.users["citizen"], draft_id=draft.pk, text=f"Taklif {next(SERIAL)}.")


@pytest.mark.django_db
def test_the_author_edits_text_and_article_while_pending(world, discussion):
    comment = own_pending(world, discussion)
    edited = services.comment_edit(
        user=world.users["citizen"], comment_id=comment.pk, text="Yangi matn.", article="p-2"
    )
    assert (edited.text, edited.article.key, edited.status) == ("Yangi matn.", "p-2", "pending")
    assert edited.edited_at is not None
    kept = services.comment_edit(user=world.users["citizen"], comment_id=comment.pk, text="Yana yangi.")
    assert kept.article.key == "p-2"  # no article given: the article stays
    whole = services.comment_edit(user=world.users["citizen"], comment_id=comment.pk, text="Umuman.", article="")
    assert whole.article is None


@pytest.mark.django_db
def test_the_author_withdraws_it_and_it_leaves_the_queue_but_is_kept(world, discussion):
    comment = own_pending(world, discussion)
    before = pending_comment_count(discussion)
    withdrawn = services.comment_withdraw(user=world.users["citizen"], comment_id=comment.pk)
    assert withdrawn.status == "withdrawn" and withdrawn.withdrawn_at is not None
    assert Comment.objects.filter(pk=comment.pk).exists()
    assert comment.pk not in set(moderation_queue(world.users["moderator"]).values_list("pk", flat=True))
    assert pending_comment_count(discussion) == before - 1
    with pytest.raises(StateConflict, match="withdrawn"):
        services.comment_moderate(user=world.users["moderator"], comment_id=comment.pk, decision="publish")
    with pytest.raises(StateConflict):
        services.comment_edit(user=world.users["citizen"], comment_id=comment.pk, text="Qaytadan.")


@pytest.mark.django_db
@pytest.mark.parametrize("decision", ["publish", "reject"])
def test_a_decided_comment_can_no_longer_be_edited_or_withdrawn(world, discussion, decision):
    comment = own_pending(world, discussion)
    services.comment_moderate(user=world.users["moderator"], comment_id=comment.pk, decision=decision, reason="Yo'q.")
    for change in (
        lambda: services.comment_edit(user=world.users["citizen"], comment_id=comment.pk, text="Boshqa."),
        lambda: services.comment_withdraw(user=world.users["citizen"], comment_id=comment.pk),
    ):
        with pytest.raises(StateConflict, match="no longer waiting"):
            change()
    comment.refresh_from_db()
    assert comment.status == ("published" if decision == "publish" else "rejected")


@pytest.mark.django_db
def test_only_the_author_may_change_it(world, discussion):
    comment = own_pending(world, discussion)
    other = get_user_model().objects.create_user("boshqa", password="x")
    other.groups.add(Group.objects.get(name=Role.CITIZENS))
    with pytest.raises(NotVisible):  # another citizen cannot even see it
        services.comment_edit(user=other, comment_id=comment.pk, text="Buzish.")
    with pytest.raises(Forbidden):  # the moderator sees it but did not write it
        services.comment_withdraw(user=world.users["moderator"], comment_id=comment.pk)
    on_behalf = Comment.objects.filter(draft=discussion, channel="phone").first()
    with pytest.raises(Forbidden):  # entered for someone else: not the moderator's own comment
        services.comment_edit(user=world.users["moderator"], comment_id=on_behalf.pk, text="Boshqa.")


@pytest.mark.django_db
def test_bad_text_or_article_is_refused(world, discussion):
    comment = own_pending(world, discussion)
    for text, article, field in (("  ", None, "text"), ("x" * 5001, None, "text"), ("Matn.", "p-999", "article")):
        with pytest.raises(InvalidArguments) as refused:
            services.comment_edit(user=world.users["citizen"], comment_id=comment.pk, text=text, article=article)
        assert field in refused.value.details


@pytest.mark.django_db
def test_no_edit_after_the_deadline(world, discussion):
    comment = own_pending(world, discussion)
    with time_machine.travel(discussion.discussion_ends_at + datetime.timedelta(minutes=1)):
        with pytest.raises(StateConflict, match="discussion is over"):
            services.comment_edit(user=world.users["citizen"], comment_id=comment.pk, text="Kech.")


@pytest.mark.django_db
def test_the_api_edits_and_withdraws_for_the_author_only(world, api, discussion):
    comment = own_pending(world, discussion)
    citizen = api(world.users["citizen"])
    edited = citizen.patch(f"/api/v1/comments/{comment.pk}/", {"text": "API orqali."}, format="json")
    assert edited.status_code == 200 and edited.json()["text"] == "API orqali." and edited.json()["edited_at"]
    assert citizen.patch(f"/api/v1/comments/{comment.pk}/", {"status": "published"}, format="json").status_code == 400
    assert citizen.patch(f"/api/v1/comments/{comment.pk}/", {"text": 5}, format="json").status_code == 400
    assert api(None).patch(f"/api/v1/comments/{comment.pk}/", {"text": "x"}, format="json").status_code in (401, 403)
    assert api(world.users["drafter"]).post(f"/api/v1/comments/{comment.pk}/withdraw/").status_code == 404
    withdrawn = citizen.post(f"/api/v1/comments/{comment.pk}/withdraw/")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    again = citizen.post(f"/api/v1/comments/{comment.pk}/withdraw/")
    assert again.status_code == 409 and "no longer waiting" in again.json()["detail"]


@pytest.mark.django_db
def test_the_api_moves_a_comment_to_another_article_without_resending_the_text(world, api, discussion):
    comment = own_pending(world, discussion)
    client = api(world.users["citizen"])
    moved = client.patch(f"/api/v1/comments/{comment.pk}/", {"article": "p-2"}, format="json")
    assert moved.status_code == 200 and moved.json()["article"]["key"] == "p-2" and moved.json()["text"] == comment.text
    nothing = client.patch(f"/api/v1/comments/{comment.pk}/", {}, format="json")
    assert nothing.status_code == 400
