"""The one path that changes the state of a draft."""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_fsm import ConcurrentTransition

from comments.selectors import unanswered_comment_ids
from drafts.arguments import earliest_discussion_day, earliest_extension_day
from drafts.conditions import discussion_deadline_passed, expert_group_assigned, text_not_empty
from drafts.models import Draft
from drafts.selectors import access_draft
from drafts.services import draft_freeze_version, draft_version_publish
from kernel.catch_up import draft_ids
from kernel.errors import DraftChanged, Forbidden, InvalidArguments, NotVisible, StateConflict
from kernel.states import EDITABLE_STATES, State
from workflow.conditions import (
    all_conclusions_submitted,
    every_comment_answered,
    no_comment_awaiting_moderation,
)
from workflow.effects import schedule_effects
from workflow.graph import TransitionSpec, transition_specs
from workflow.models import TransitionRecord

# Everything a transition may change; nothing else is written by this path.
LIFECYCLE_FIELDS = [
    "status",
    "is_public",
    "terminated_from",
    "review_round",
    "discussion_ends_at",
    "published_at",
    "number",
    "approved_on",
    "approved_year",
    "version",
    "updated_at",
]


def _spec(name: str) -> TransitionSpec:
    specs = transition_specs()
    if name not in specs:
        raise NotVisible(
            _("There is no transition '%(name)s'. Known transitions: %(known)s.")
            % {"name": name, "known": ", ".join(specs)}
        )
    return specs[name]


def _check_permission(spec: TransitionSpec, draft: Draft, user) -> None:
    if user is None:
        if not spec.system:
            raise Forbidden(f"The system cannot perform '{spec.name}'.")
        return
    if not spec.permission(draft, user):
        raise Forbidden(_("You are not allowed to %(action)s this draft.") % {"action": spec.label.lower()})


def unmet_reasons(spec: TransitionSpec, draft: Draft) -> list[str]:
    """Why the transition cannot run now, for a draft in one of its source states."""
    return [condition.reason(draft) for condition in spec.conditions if not condition(draft)]


def draft_transition(
    *,
    user,
    draft_id: int,
    name: str,
    arguments: dict | None = None,
    expected_status: str | None = None,
) -> TransitionRecord:
    """Performs a transition for a user (or the system, user=None) exactly once, or refuses with a reason.

    Checks access and permission, locks the row, runs the django-fsm transition, freezes the text
    when it leaves an editable state, appends the history record and schedules side effects
    for after the commit. Of two concurrent calls on one draft, one wins and the other gets
    DraftChanged or StateConflict.
    """
    arguments = dict(arguments or {})
    spec = _spec(name)
    if user is not None:
        access_draft(user, draft_id)
    with transaction.atomic():
        try:
            draft = Draft.objects.select_for_update().select_related("act_type").get(pk=draft_id)
        except Draft.DoesNotExist:
            raise NotVisible(f"No draft {draft_id}.") from None
        if expected_status and draft.status != expected_status:
            raise DraftChanged(
                _("The draft changed meanwhile: it is now in state '%(state)s'. Reload it and try again.")
                % {"state": draft.get_status_display()}
            )
        _check_permission(spec, draft, user)
        if draft.status not in spec.sources:
            raise StateConflict(
                _(
                    "'%(name)s' is not possible in state '%(state)s' (only from: %(sources)s). The draft may have changed meanwhile: reload it."
                )
                % {
                    "name": name,
                    "state": draft.get_status_display(),
                    "sources": ", ".join(str(State(s).label) for s in spec.sources),
                },
                details={"status": draft.status},
            )
        reasons = unmet_reasons(spec, draft)
        if reasons:
            raise StateConflict(" ".join(reasons), details={"reasons": reasons})

        source = draft.status
        getattr(draft, name)(**arguments)
        if source in EDITABLE_STATES and draft.status not in EDITABLE_STATES:
            draft_freeze_version(draft=draft, user=user)
        try:
            with transaction.atomic():
                draft.save(update_fields=LIFECYCLE_FIELDS)
        except ConcurrentTransition:
            raise DraftChanged(_("The draft changed meanwhile. Reload it and try again.")) from None
        except IntegrityError:
            # Two approvals raced for one registration number; the database kept one.
            raise InvalidArguments({"number": _("This registration number was just taken. Choose another.")}) from None

        if draft.is_public:
            draft_version_publish(draft=draft)
        record = TransitionRecord.objects.create(
            draft=draft,
            name=name,
            source=source,
            target=draft.status,
            actor=user,
            at=timezone.now(),
            reason=(arguments.get("reason") or "").strip(),
            version=draft.version,
            data=_recorded_data(arguments),
        )
        schedule_effects(record)
    return record


def _recorded_data(arguments: dict) -> dict:
    recorded = {}
    for key in ("discussion_ends_at", "number", "approved_on"):
        value = arguments.get(key)
        if isinstance(value, (datetime.date, datetime.datetime)):
            value = value.isoformat()
        if value not in (None, ""):
            recorded[key] = value
    return recorded


def available_transitions(*, user, draft: Draft) -> list[TransitionSpec]:
    """The transitions the user may perform on the draft now, conditions met."""
    return [
        spec
        for spec in transition_specs().values()
        if draft.status in spec.sources
        and user is not None
        and spec.permission(draft, user)
        and not unmet_reasons(spec, draft)
    ]


@dataclass(frozen=True)
class TransitionChoice:
    """A transition the user's role allows on the draft now, and what stands in its way."""

    spec: TransitionSpec
    # (the service's reason, what to do about it) for every unmet condition; empty when it can run.
    unmet: tuple[tuple[str, str], ...]
    # For a deadline: the first date the service accepts.
    earliest_day: datetime.date | None = None

    @property
    def enabled(self) -> bool:
        return not self.unmet


def _conclusions_advice(draft) -> str:
    return _("Their members submit them on this page; or return the draft to drafting.")


def _answers_advice(draft) -> str:
    count = len(unanswered_comment_ids(draft))
    return ngettext(
        "Answer the %(count)d comment without a response: use “Answer” under it.",
        "Answer the %(count)d comments without a response: use “Answer” under each.",
        count,
    ) % {"count": count}


# What the user can do about an unmet condition, where its reason alone does not say.
ADVICE = {
    text_not_empty: lambda draft: _("Edit the draft and paste its text."),
    expert_group_assigned: lambda draft: _("Assign an expert group first, under “Expert groups” below."),
    all_conclusions_submitted: _conclusions_advice,
    every_comment_answered: _answers_advice,
    no_comment_awaiting_moderation: lambda draft: _("Moderators publish or reject them in their queue."),
    discussion_deadline_passed: lambda draft: _("The discussion closes by itself when its deadline passes."),
}

# Transitions that take a deadline, with the first day each accepts.
EARLIEST_DAY = {"open_discussion": earliest_discussion_day, "extend_discussion": earliest_extension_day}


def transition_choices(*, user, draft: Draft) -> list[TransitionChoice]:
    """Every transition the user's role allows from the draft's state, with its unmet conditions.

    The page shows the ones that cannot run yet disabled, with the reasons draft_transition would
    give and what to do, so no one learns them only by being refused.
    """
    if user is None or not user.is_authenticated:
        return []
    choices = []
    for spec in transition_specs().values():
        if draft.status not in spec.sources or not spec.permission(draft, user):
            continue
        unmet = tuple(
            (condition.reason(draft), ADVICE[condition](draft) if condition in ADVICE else "")
            for condition in spec.conditions
            if not condition(draft)
        )
        earliest = EARLIEST_DAY[spec.name](draft) if spec.name in EARLIEST_DAY else None
        choices.append(TransitionChoice(spec=spec, unmet=unmet, earliest_day=earliest))
    return choices


def close_expired_discussions() -> list[int]:
    """Closes, as the system, every discussion whose deadline has passed; safe to run twice or at once."""
    expired = Draft.objects.filter(status="public_discussion", discussion_ends_at__lte=timezone.now())
    closed = []
    for draft_id in expired.values_list("pk", flat=True):
        try:
            draft_transition(user=None, draft_id=draft_id, name="close_discussion")
        except StateConflict:
            continue  # closed meanwhile by a person or another run
        closed.append(draft_id)
    return closed


@dataclass(frozen=True)
class DiscussionsCaughtUp:
    """What `discussions_catch_up` did."""

    closed: list[int]

    def lines(self) -> list[str]:
        return [f"Discussions closed: {len(self.closed)}{draft_ids(self.closed)}."]

    def as_dict(self) -> dict:
        return {"discussions_closed": self.closed}


def discussions_catch_up() -> DiscussionsCaughtUp:
    """Workflow's part of kernel.catch_up: the discussions past their deadline, closed."""
    return DiscussionsCaughtUp(closed=close_expired_discussions())
