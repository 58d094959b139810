"""Reads of the transition record that encode who may see what."""

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
