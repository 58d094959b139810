"""Conditions on a draft that a transition needs, each with the reason it gives when unmet.

These read the draft alone and are declared on its transitions (drafts.lifecycle), so django-fsm
checks them too. Conditions that read comments are named in a transition's `requires` and
evaluated by the transition service (workflow.conditions).
"""

from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from files.models import StoredFile


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


def _deadline_passed(draft) -> bool:
    return draft.discussion_ends_at is not None and draft.discussion_ends_at <= timezone.now()


def _unchecked_attachments(draft) -> list[str]:
    return list(
        draft.attachments.exclude(stored_file__status=StoredFile.Status.READY)
        .order_by("position")
        .values_list("title", flat=True)
    )


def _attachments_checked(draft) -> bool:
    return not _unchecked_attachments(draft)


text_not_empty = Condition(_has_text, lambda d: _("The text is empty: write or paste the text of the act first."))
expert_group_assigned = Condition(
    _has_expert_group,
    lambda d: _("No expert group is assigned: assign at least one before sending for review."),
)
discussion_deadline_passed = Condition(
    _deadline_passed,
    lambda d: (
        _("The discussion runs until %(deadline)s; it can be closed only after that.")
        % {"deadline": timezone.localtime(d.discussion_ends_at).strftime("%Y-%m-%d %H:%M")}
    ),
)
# The approved act is frozen with its attachments as the official PDF names them (their SHA-256 is
# that of the bytes served, known once a picture has been re-encoded), and none refused among them.
attachments_checked = Condition(
    _attachments_checked,
    lambda d: (
        _("Attachments still being checked, or refused: %(titles)s. Wait a minute, or remove the refused ones.")
        % {"titles": ", ".join(_unchecked_attachments(d))}
    ),
)
