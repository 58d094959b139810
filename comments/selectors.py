"""Reads about comments and conclusions that the workflow's conditions rely on."""

from comments.models import Comment, Conclusion, Kind, Status


def groups_without_conclusion(draft) -> list:
    """Assigned expert groups that have not concluded the draft's current review round."""
    from drafts.models import ExpertGroup

    concluded = Conclusion.objects.filter(draft=draft, review_round=draft.review_round).values("group_id")
    return list(ExpertGroup.objects.filter(assignments__draft=draft).exclude(pk__in=concluded).order_by("name"))


def unanswered_comment_ids(draft) -> list[int]:
    """Published public comments and expert remarks of the draft that have no response."""
    return list(
        Comment.objects.filter(draft=draft, response__isnull=True)
        .filter(kind__in=[Kind.PUBLIC, Kind.EXPERT], status=Status.PUBLISHED)
        .order_by("id")
        .values_list("id", flat=True)
    )


def conclusion_list_visible_to(user, draft):
    """The draft's conclusions if the user may see expert material, else none."""
    from comments.permissions import can_see_expert_material

    if not can_see_expert_material(user, draft):
        return Conclusion.objects.none()
    return Conclusion.objects.filter(draft=draft).select_related("group", "author", "version")
