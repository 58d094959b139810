"""Who may do what with a draft's survey (issue 14)."""

from django.utils import timezone

from drafts.permissions import is_drafter_of
from kernel.roles import Role, has_role, is_administrator
from kernel.states import INHERITING_STATES, State

# States past the discussion: the results are shown to everyone who sees the draft.
AFTER_DISCUSSION = frozenset({State.FINALIZATION, State.APPROVAL, State.APPROVED})
# While the draft is in these, its drafters may still define the survey (in discussion: until the first answer).
DEFINABLE_STATES = frozenset({State.DRAFT, State.EXPERT_REVIEW, State.PUBLIC_DISCUSSION})


def can_define_survey(user, draft) -> bool:
    """The draft's own drafters."""
    return is_drafter_of(draft, user)


def can_moderate_answers(user) -> bool:
    """Moderators (and administrators) approve or reject free-text answers, as they do comments."""
    return bool(user.is_authenticated and (has_role(user, Role.MODERATORS) or is_administrator(user)))


def discussion_over(draft, at=None) -> bool:
    """The discussion has closed (or its deadline has passed, even if no job closed it yet)."""
    if draft.status in AFTER_DISCUSSION:
        return True
    if draft.status in INHERITING_STATES:
        return draft.terminated_from in AFTER_DISCUSSION or (
            draft.terminated_from == State.PUBLIC_DISCUSSION and draft.discussion_ends_at is not None
        )
    return bool(
        draft.status == State.PUBLIC_DISCUSSION
        and draft.discussion_ends_at is not None
        and (at or timezone.now()) >= draft.discussion_ends_at
    )


def can_see_results(user, survey, draft) -> bool:
    """Always once the discussion is over; during it, if the drafter chose live results, and always for the
    draft's drafters and moderators, who run the discussion."""
    if discussion_over(draft):
        return True
    if draft.status == State.PUBLIC_DISCUSSION and survey.results_live:
        return True
    return is_drafter_of(draft, user) or can_moderate_answers(user)
