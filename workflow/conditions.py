"""Conditions on a draft that a transition needs, each with the reason it gives when unmet.

They are plain callables of the draft, so django-fsm's `can_proceed` sees them too; the
transition service reads `reason(draft)` to tell the user what is missing.
"""

from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _


class Condition:
    """A named check of a draft with a refusal message that says how to fix it."""

    def __init__(self, check: Callable, reason: Callable[[object], str]):
        self.check = check
        self.reason = reason
        self.__name__ = check.__name__

    def __call__(self, draft) -> bool:
        return bool(self.check(draft))


def _has_text(draft) -> bool:
    return bool(draft.body.strip())


def _has_expert_group(draft) -> bool:
    return draft.expert_assignments.exists()


def _missing_conclusion_groups(draft) -> list[str]:
    from comments.selectors import groups_without_conclusion

    return [group.name for group in groups_without_conclusion(draft)]


def _deadline_passed(draft) -> bool:
    return draft.discussion_ends_at is not None and draft.discussion_ends_at <= timezone.now()


def _awaiting_moderation(draft) -> int:
    from comments.selectors import pending_comment_count

    return pending_comment_count(draft)


def _unanswered(draft) -> list[int]:
    from comments.selectors import unanswered_comment_ids

    return unanswered_comment_ids(draft)


def _unanswered_reason(ids: list[int]) -> str:
    return _("%(count)d comments and remarks have no response yet (ids: %(ids)s).") % {
        "count": len(ids),
        "ids": ", ".join(map(str, ids[:50])),
    }


text_not_empty = Condition(_has_text, lambda d: _("The text is empty: write or paste the text of the act first."))
expert_group_assigned = Condition(
    _has_expert_group,
    lambda d: _("No expert group is assigned: assign at least one before sending for review."),
)
all_conclusions_submitted = Condition(
    lambda d: not _missing_conclusion_groups(d),
    lambda d: (
        _("These expert groups have not submitted their conclusion yet: %(groups)s.")
        % {"groups": ", ".join(_missing_conclusion_groups(d))}
    ),
)
discussion_deadline_passed = Condition(
    _deadline_passed,
    lambda d: (
        _("The discussion runs until %(deadline)s; it can be closed only after that.")
        % {"deadline": timezone.localtime(d.discussion_ends_at).strftime("%Y-%m-%d %H:%M")}
    ),
)
every_comment_answered = Condition(
    lambda d: not _unanswered(d),
    lambda d: _unanswered_reason(_unanswered(d)),
)
no_comment_awaiting_moderation = Condition(
    lambda d: not _awaiting_moderation(d),
    lambda d: (
        _("%(count)d public comments still await moderation: publish or reject them first.")
        % {"count": _awaiting_moderation(d)}
    ),
)
