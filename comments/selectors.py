"""Reads of comments and conclusions that encode who may see what (brief §4)."""

from django.db.models import Q, QuerySet

from comments.models import Comment, Conclusion, Follow, Kind, Status
from comments.permissions import can_moderate, can_see_comment, can_see_expert_material
from drafts.models import ExpertGroup
from drafts.selectors import access_draft, draft_list_visible_to
from kernel.errors import NotVisible


def groups_without_conclusion(draft) -> list:
    """Assigned expert groups that have not concluded the draft's current review round."""
    concluded = Conclusion.objects.filter(draft=draft, review_round=draft.review_round).values("group_id")
    return list(ExpertGroup.objects.filter(assignments__draft=draft).exclude(pk__in=concluded).order_by("name"))


def unanswered_comment_ids(draft) -> list[int]:
    """Published public comments and expert remarks of the draft that have no response."""
    return list(
        Comment.objects.filter(draft=draft, response__isnull=True, status=Status.PUBLISHED)
        .order_by("id")
        .values_list("id", flat=True)
    )


def pending_comment_count(draft) -> int:
    """Public comments of the draft that no moderator has decided on yet."""
    return Comment.objects.filter(draft=draft, kind=Kind.PUBLIC, status=Status.PENDING).count()


def conclusion_list_visible_to(user, draft) -> QuerySet[Conclusion]:
    """The draft's conclusions if the user may see expert material, else none."""
    if not can_see_expert_material(user, draft):
        return Conclusion.objects.none()
    return Conclusion.objects.filter(draft=draft).select_related("group", "author", "version")


def comment_list_visible_to(user, draft) -> QuerySet[Comment]:
    """The draft's comments the user may see, in one query whatever their number."""
    visible = Q(kind=Kind.PUBLIC, status=Status.PUBLISHED)
    if user.is_authenticated:
        if can_moderate(user):
            visible |= Q(kind=Kind.PUBLIC)
        else:
            visible |= Q(kind=Kind.PUBLIC, author=user)
        if can_see_expert_material(user, draft):
            visible |= Q(kind=Kind.EXPERT)
    return (
        Comment.objects.filter(draft=draft)
        .filter(visible)
        .select_related("article", "version", "author", "group", "response", "response__author")
        .order_by("created_at", "id")
    )


def comment_list_of_author(user) -> QuerySet[Comment]:
    """The user's own comments on drafts they can still open, newest first."""
    return (
        Comment.objects.filter(author=user, draft__in=draft_list_visible_to(user).values("pk"))
        .select_related("draft", "article", "response")
        .order_by("-created_at", "-id")
    )


def follow_list_of(user) -> QuerySet[Follow]:
    """The drafts the user follows and can still open."""
    return (
        Follow.objects.filter(user=user, draft__in=draft_list_visible_to(user).values("pk"))
        .select_related("draft")
        .order_by("-created_at")
    )


def moderation_queue(user) -> QuerySet[Comment]:
    """Pending public comments on every draft, oldest first, for moderators."""
    if not can_moderate(user):
        return Comment.objects.none()
    return (
        Comment.objects.filter(kind=Kind.PUBLIC, status=Status.PENDING)
        .select_related("draft", "article", "version", "author", "group", "response")
        .order_by("created_at", "id")
    )


def access_comment(user, comment_id) -> Comment:
    """The comment if the user may see it and its draft; NotVisible otherwise."""
    try:
        comment = Comment.objects.select_related("draft", "article", "version", "author", "group").get(pk=comment_id)
    except (Comment.DoesNotExist, ValueError, TypeError):
        raise NotVisible(f"No comment {comment_id} that you can see.") from None
    draft = access_draft(user, comment.draft_id)
    if not can_see_comment(user, comment, draft):
        raise NotVisible(f"No comment {comment_id} that you can see.")
    comment.draft = draft
    return comment
