"""Conditions of transitions that read comments: named by the transition (`requires` in
drafts.lifecycle), evaluated by the transition service, each with the reason it gives when unmet."""

from django.utils.translation import gettext as _

from comments.selectors import groups_without_conclusion, pending_comment_count, unanswered_comment_ids
from drafts.conditions import Condition


def _missing_conclusion_groups(draft) -> list[str]:
    return [group.name for group in groups_without_conclusion(draft)]


def _awaiting_moderation(draft) -> int:
    return pending_comment_count(draft)


def _unanswered(draft) -> list[int]:
    return unanswered_comment_ids(draft)


def _unanswered_reason(ids: list[int]) -> str:
    return _("%(count)d comments and remarks have no response yet (ids: %(ids)s).") % {
        "count": len(ids),
        "ids": ", ".join(map(str, ids[:50])),
    }


all_conclusions_submitted = Condition(
    lambda d: not _missing_conclusion_groups(d),
    lambda d: (
        _("These expert groups have not submitted their conclusion yet: %(groups)s.")
        % {"groups": ", ".join(_missing_conclusion_groups(d))}
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

# By the name a transition gives in its `requires`.
REQUIRED = {
    "all_conclusions_submitted": all_conclusions_submitted,
    "every_comment_answered": every_comment_answered,
    "no_comment_awaiting_moderation": no_comment_awaiting_moderation,
}
