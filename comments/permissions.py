"""Who may read and write expert material and comments on a draft."""

from drafts.selectors import draft_is_reviewed_by
from workflow.permissions import is_drafter_of
from workflow.roles import Role, has_role, is_administrator


def can_see_expert_material(user, draft) -> bool:
    """Expert remarks and conclusions: the draft's drafters, approvers, its assigned experts, administrators."""
    if not user.is_authenticated:
        return False
    return (
        is_administrator(user)
        or has_role(user, Role.APPROVERS)
        or is_drafter_of(draft, user)
        or draft_is_reviewed_by(draft, user)
    )
