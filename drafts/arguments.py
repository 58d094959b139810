"""Checks of what a user supplies with a transition: reasons, deadlines, registration numbers.

Each raises InvalidArguments naming the field, so the API answers 400 with field errors.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from kernel.errors import InvalidArguments

REASON_MAX_LENGTH = 5000
NUMBER_MAX_LENGTH = 32
LATEST_DEADLINE_YEAR = 2100


def require_reason(reason: str | None) -> str:
    """A non-blank reason, stripped; the record of the transition keeps it."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidArguments({"reason": _("Give the reason for this step; it is recorded in the history.")})
    if len(reason) > REASON_MAX_LENGTH:
        raise InvalidArguments(
            {"reason": _("The reason is too long: at most %(n)d characters.") % {"n": REASON_MAX_LENGTH}}
        )
    return reason


def _check_plausible(ends_at: datetime.datetime) -> None:
    # A deadline past this year is a typing mistake, and near year 9999 time zone arithmetic overflows.
    if ends_at.year > LATEST_DEADLINE_YEAR:
        raise InvalidArguments(
            {"discussion_ends_at": _("Choose a date before %(year)d.") % {"year": LATEST_DEADLINE_YEAR + 1}}
        )


def check_discussion_deadline(draft, ends_at: datetime.datetime | None) -> datetime.datetime:
    """The deadline is given and at least the act type's minimum discussion period away."""
    if ends_at is None:
        raise InvalidArguments({"discussion_ends_at": _("Give the date and time when the public discussion ends.")})
    _check_plausible(ends_at)
    min_days = draft.act_type.min_discussion_days
    earliest = timezone.now() + datetime.timedelta(days=min_days)
    if ends_at < earliest:
        raise InvalidArguments(
            {
                "discussion_ends_at": _(
                    "A %(type)s must be discussed for at least %(days)d days: choose %(earliest)s or later."
                )
                % {
                    "type": draft.act_type.name,
                    "days": min_days,
                    "earliest": timezone.localtime(earliest).strftime("%Y-%m-%d %H:%M"),
                }
            }
        )
    return ends_at


def check_extended_deadline(draft, ends_at: datetime.datetime | None) -> datetime.datetime:
    """A new deadline later than the current one and still in the future."""
    if ends_at is None:
        raise InvalidArguments({"discussion_ends_at": _("Give the new date and time when the discussion ends.")})
    _check_plausible(ends_at)
    if ends_at <= max(draft.discussion_ends_at, timezone.now()):
        raise InvalidArguments(
            {
                "discussion_ends_at": _("An extension must end after the current deadline, %(deadline)s.")
                % {"deadline": timezone.localtime(draft.discussion_ends_at).strftime("%Y-%m-%d %H:%M")}
            }
        )
    return ends_at


def check_registration(draft, number: str | None, approved_on: datetime.date | None) -> tuple[str, datetime.date]:
    """A registration number not yet used for this act type in the year of approval, and a date."""
    number = (number or "").strip()
    errors = {}
    if not number:
        errors["number"] = _("Give the registration number of the act.")
    elif len(number) > NUMBER_MAX_LENGTH:
        errors["number"] = _("The number is too long: at most %(n)d characters.") % {"n": NUMBER_MAX_LENGTH}
    if approved_on is None:
        errors["approved_on"] = _("Give the date of approval.")
    elif approved_on > timezone.localdate():
        errors["approved_on"] = _("The date of approval cannot be in the future.")
    if errors:
        raise InvalidArguments(errors)
    taken = (
        type(draft)
        .objects.filter(act_type=draft.act_type, approved_year=approved_on.year, number=number)
        .exclude(pk=draft.pk)
        .exists()
    )
    if taken:
        raise InvalidArguments(
            {
                "number": _("Number %(number)s is already taken by another %(type)s of %(year)d.")
                % {"number": number, "type": draft.act_type.name, "year": approved_on.year}
            }
        )
    return number, approved_on
