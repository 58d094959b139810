"""The life of a draft as a django-fsm graph (brief §2): states, transitions, conditions, permissions.

The transition methods only change the draft in memory. `workflow.services.draft_transition`
is the one path that runs them: it checks access, locks the row, evaluates the conditions
(those declared here and those a transition `requires` by name, which read comments and
live in workflow.conditions), saves, records history and schedules side effects after commit.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from drafts.arguments import (
    check_discussion_deadline,
    check_extended_deadline,
    check_registration,
    require_reason,
)
from drafts.conditions import (
    attachments_checked,
    discussion_deadline_passed,
    expert_group_assigned,
    text_not_empty,
)
from drafts.permissions import is_approver, is_drafter_of, is_moderator, is_moderator_or_drafter_of
from kernel.states import NON_TERMINAL_STATES, State


class DraftLifecycle(ConcurrentTransitionMixin, models.Model):
    """The state field and the transitions of a draft; concrete in drafts.Draft."""

    status = FSMField(
        _("status"), max_length=32, choices=State.choices, default=State.DRAFT, protected=True, db_index=True
    )
    # Everyone may read it: set when the discussion opens, cleared when it returns to drafting.
    # Rejected and withdrawn drafts keep it, so they keep the audience they had.
    is_public = models.BooleanField(default=False, editable=False)
    # For rejected and withdrawn drafts: the state they left, which decides who still sees them.
    terminated_from = models.CharField(max_length=32, choices=State.choices, blank=True)
    review_round = models.PositiveIntegerField(default=0)
    discussion_ends_at = models.DateTimeField(_("discussion ends at"), null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    number = models.CharField(_("registration number"), max_length=32, null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_year = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @transition(
        field=status,
        source=State.DRAFT,
        target=State.EXPERT_REVIEW,
        conditions=[text_not_empty, expert_group_assigned],
        permission=is_drafter_of,
        custom={"label": _("Send for expert review")},
    )
    def submit_for_review(self, **arguments):
        self.review_round += 1

    @transition(
        field=status,
        source=State.EXPERT_REVIEW,
        target=State.DRAFT,
        permission=is_drafter_of,
        custom={"label": _("Return to drafting"), "needs": ("reason",)},
    )
    def return_to_draft(self, *, reason=None, **arguments):
        require_reason(reason)

    @transition(
        field=status,
        source=State.EXPERT_REVIEW,
        target=State.PUBLIC_DISCUSSION,
        permission=is_drafter_of,
        custom={
            "label": _("Open public discussion"),
            "needs": ("discussion_ends_at",),
            "requires": ("all_conclusions_submitted",),
        },
    )
    def open_discussion(self, *, discussion_ends_at=None, **arguments):
        self.discussion_ends_at = check_discussion_deadline(self, discussion_ends_at)
        self.published_at = self.published_at or timezone.now()
        self.is_public = True

    @transition(
        field=status,
        source=State.PUBLIC_DISCUSSION,
        target=State.PUBLIC_DISCUSSION,
        permission=is_moderator,
        custom={"label": _("Extend the discussion"), "needs": ("discussion_ends_at",)},
    )
    def extend_discussion(self, *, discussion_ends_at=None, **arguments):
        self.discussion_ends_at = check_extended_deadline(self, discussion_ends_at)

    @transition(
        field=status,
        source=State.PUBLIC_DISCUSSION,
        target=State.FINALIZATION,
        conditions=[discussion_deadline_passed],
        permission=is_moderator_or_drafter_of,
        custom={"label": _("Close the discussion"), "system": True},
    )
    def close_discussion(self, **arguments):
        pass

    @transition(
        field=status,
        source=State.FINALIZATION,
        target=State.APPROVAL,
        conditions=[attachments_checked],
        permission=is_drafter_of,
        custom={
            "label": _("Submit for approval"),
            "requires": ("no_comment_awaiting_moderation", "every_comment_answered"),
        },
    )
    def submit_for_approval(self, **arguments):
        pass

    @transition(
        field=status,
        source=State.APPROVAL,
        target=State.APPROVED,
        permission=is_approver,
        custom={"label": _("Approve"), "needs": ("number", "approved_on")},
    )
    def approve(self, *, number=None, approved_on=None, **arguments):
        self.number, self.approved_on = check_registration(self, number, approved_on)
        self.approved_year = self.approved_on.year

    @transition(
        field=status,
        source=State.APPROVAL,
        target=State.DRAFT,
        permission=is_approver,
        custom={"label": _("Return for revision"), "needs": ("reason",)},
    )
    def return_for_revision(self, *, reason=None, **arguments):
        require_reason(reason)
        self.is_public = False

    @transition(
        field=status,
        source=State.APPROVAL,
        target=State.REJECTED,
        permission=is_approver,
        custom={"label": _("Reject"), "needs": ("reason",)},
    )
    def reject(self, *, reason=None, **arguments):
        require_reason(reason)
        self.terminated_from = self.status

    @transition(
        field=status,
        source=NON_TERMINAL_STATES,
        target=State.WITHDRAWN,
        permission=is_drafter_of,
        custom={"label": _("Withdraw"), "needs": ("reason",)},
    )
    def withdraw(self, *, reason=None, **arguments):
        require_reason(reason)
        self.terminated_from = self.status
