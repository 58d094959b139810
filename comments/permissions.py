"""Who may read and write expert material, comments and responses on a draft (brief §4)."""

from comments.models import Kind, Status
from drafts.permissions import is_drafter_of
from drafts.selectors import can_see_internal_material
from kernel.roles import Role, has_role, is_administrator


def can_see_expert_material(user, draft) -> bool:
    """Expert remarks and conclusions: the draft's drafters, approvers, its assigned experts, administrators."""
    return can_see_internal_material(user, draft)


def can_moderate(user) -> bool:
    """Moderators (and administrators) decide on public comments."""
    return has_role(user, Role.MODERATORS) or is_administrator(user)


def can_see_unpublished(user, comment) -> bool:
    """A pending or rejected public comment: its author and those who moderate."""
    return user.is_authenticated and (comment.author_id == user.pk or can_moderate(user))


def can_see_comment(user, comment, draft) -> bool:
    """Whether the comment may be shown to the user (the draft itself being visible to them)."""
    if comment.kind == Kind.EXPERT:
        return can_see_expert_material(user, draft)
    # A hidden comment keeps its place (and its replies) for everyone; its text is for can_read_hidden.
    if comment.status in (Status.PUBLISHED, Status.HIDDEN):
        return True
    return can_see_unpublished(user, comment)


def can_see_authors_of(user, draft) -> bool:
    """Who wrote the draft's comments published without a name: its moderators and its drafters."""
    return user.is_authenticated and (can_moderate(user) or is_drafter_of(draft, user))


def can_see_author(user, comment, draft) -> bool:
    """Whether the user may read the name of the comment's author (anonymous ones: see can_see_authors_of)."""
    if not comment.anonymous:
        return True
    return user.is_authenticated and (comment.author_id == user.pk or can_see_authors_of(user, draft))


def can_read_hidden(user, comment, draft) -> bool:
    """A hidden comment's text and files stay in the record for its moderators, the draft's drafters and its author."""
    return user.is_authenticated and (comment.author_id == user.pk or can_see_authors_of(user, draft))


def can_flag(user, comment) -> bool:
    """Anyone logged in flags a published public comment or reply of someone else."""
    return (
        user.is_authenticated
        and comment.kind == Kind.PUBLIC
        and comment.status == Status.PUBLISHED
        and comment.author_id != user.pk
    )


def can_respond(user, draft) -> bool:
    """Only the draft's own drafters answer comments and remarks."""
    return is_drafter_of(draft, user)
