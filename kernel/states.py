"""The states of a draft and what each one means for editing and visibility (brief §2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    """Where a draft is in its life."""

    DRAFT = "draft", _("Draft")
    EXPERT_REVIEW = "expert_review", _("Expert review")
    PUBLIC_DISCUSSION = "public_discussion", _("Public discussion")
    FINALIZATION = "finalization", _("Finalization")
    APPROVAL = "approval", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


EDITABLE_STATES = frozenset({State.DRAFT, State.FINALIZATION})
TERMINAL_STATES = frozenset({State.APPROVED, State.REJECTED, State.WITHDRAWN})
NON_TERMINAL_STATES = tuple(s for s in State if s not in TERMINAL_STATES)
# States in which everyone, logged in or not, may read the draft.
PUBLIC_STATES = frozenset({State.PUBLIC_DISCUSSION, State.FINALIZATION, State.APPROVAL, State.APPROVED})
# Terminal states that keep the audience of the state the draft left.
INHERITING_STATES = frozenset({State.REJECTED, State.WITHDRAWN})
