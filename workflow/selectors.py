"""Reads of the transition record that encode who may see what."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from drafts.selectors import can_see_internal_material
from kernel.states import PUBLIC_STATES, State
from workflow.models import TransitionRecord


def history_visible_to(user, draft) -> list[TransitionRecord]:
    """The draft's transitions, oldest first; for the public, reasons given while the draft was internal are left out."""
    records = list(draft.history.select_related("actor").order_by("id"))
    if not can_see_internal_material(user, draft):
        for record in records:
            if record.source not in PUBLIC_STATES or record.target not in PUBLIC_STATES | {
                State.REJECTED,
                State.WITHDRAWN,
            }:
                record.reason = ""
    return records


# The stages a draft passes on its way to an act, in order; returns go back to drafting.
STAGES = (
    (State.DRAFT, _("Drafting")),
    (State.EXPERT_REVIEW, _("Expert review")),
    (State.PUBLIC_DISCUSSION, _("Public discussion")),
    (State.FINALIZATION, _("Finalization")),
    (State.APPROVAL, _("Approval")),
    (State.APPROVED, _("Approved")),
)


@dataclass(frozen=True)
class TimelineStep:
    """One stage of a draft's timeline: when it last began, and where the draft is."""

    state: str
    label: str
    # "done", "current" or "upcoming"
    position: str
    began: datetime.datetime | datetime.date | None = None
    # The public discussion's deadline, when it has one.
    ends: datetime.datetime | None = None


def draft_timeline(user, draft) -> list[TimelineStep]:
    """The stages with the date each was last entered, from the history the user may see.

    A rejected or withdrawn draft ends at the stage it left, followed by that outcome as its current step.
    """
    entered = {State.DRAFT: draft.created_at}
    for record in history_visible_to(user, draft):
        entered[record.target] = record.at
    if draft.status == State.APPROVED and draft.approved_on:
        entered[State.APPROVED] = draft.approved_on
    terminal = draft.status in (State.REJECTED, State.WITHDRAWN)
    reached = (draft.terminated_from or State.DRAFT) if terminal else draft.status
    order = [state for state, _label in STAGES]
    reached_index = order.index(reached) if reached in order else 0
    steps = []
    for index, (state, label) in enumerate(STAGES):
        if terminal and index > reached_index:
            break
        if index < reached_index or (terminal and index == reached_index):
            position = "done"
        elif index == reached_index:
            position = "current"
        else:
            position = "upcoming"
        steps.append(
            TimelineStep(
                state=state,
                label=str(label),
                position=position,
                began=entered.get(state) if position != "upcoming" else None,
                ends=draft.discussion_ends_at if state == State.PUBLIC_DISCUSSION and position != "upcoming" else None,
            )
        )
    if terminal:
        steps.append(
            TimelineStep(
                state=draft.status,
                label=str(draft.get_status_display()),
                position="current",
                began=entered.get(draft.status),
            )
        )
    return steps
