"""Who may perform which transition: predicates of (draft, user), as django-fsm expects."""

from kernel.roles import Role, has_role


def draft_drafter_ids(draft) -> frozenset[int]:
    """Ids of the draft's drafters (guardian object permission `author_draft`), read once per draft object."""
    cached = getattr(draft, "_drafter_ids", None)
    if cached is None:
        cached = frozenset(
            draft.user_permissions.filter(permission__codename="author_draft").values_list("user_id", flat=True)
        )
        draft._drafter_ids = cached
    return cached


def is_drafter_of(draft, user) -> bool:
    """The user is one of the draft's drafters (an object permission, never implied by superuser)."""
    return bool(user.is_authenticated and user.pk in draft_drafter_ids(draft))


def is_approver(draft, user) -> bool:
    """The user approves acts for the office."""
    return has_role(user, Role.APPROVERS)


def is_moderator_or_drafter_of(draft, user) -> bool:
    """Closing a discussion: the information service or the draft's own drafters."""
    return has_role(user, Role.MODERATORS) or is_drafter_of(draft, user)


def is_moderator(draft, user) -> bool:
    """The information service, which runs the public side."""
    return has_role(user, Role.MODERATORS)
