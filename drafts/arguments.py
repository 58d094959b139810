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


def end_of_day(day: datetime.date) -> datetime.datetime:
    """A deadline given as a date: the last second of that day in the office's time zone (settings.TIME_ZONE).

    The page's date field and the API's plain-date input both mean this, so the last day is never lost.
    """
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(23, 59, 59)), timezone.get_default_timezone()
    )


def _first_day_ending(at_least: datetime.datetime, *, strictly_after: bool = False) -> datetime.date:
    day = at_least.astimezone(timezone.get_default_timezone()).date()
    end = end_of_day(day)
    if end < at_least or (strictly_after and end == at_least):
        day += datetime.timedelta(days=1)
    return day


def earliest_discussion_day(draft) -> datetime.date:
    """The first date a discussion opened now may end on (the act type's minimum period)."""
    return _first_day_ending(timezone.now() + datetime.timedelta(days=draft.act_type.min_discussion_days))


def earliest_extension_day(draft) -> datetime.date:
    """The first date an extension may end on: after the current deadline and after today."""
    return _first_day_ending(max(draft.discussion_ends_at, timezone.now()), strictly_after=True)


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
        # Named as a date: a date field cannot express a time, and any later day is accepted.
        raise InvalidArguments(
            {
                "discussion_ends_at": _(
                    "A %(type)s must be discussed for at least %(days)d days: choose %(earliest)s or later."
                )
                % {
                    "type": draft.act_type.name,
                    "days": min_days,
                    "earliest": earliest_discussion_day(draft).isoformat(),
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
                "discussion_ends_at": _(
                    "An extension must end after the current deadline, %(deadline)s: choose %(earliest)s or later."
                )
                % {
                    "deadline": timezone.localtime(draft.discussion_ends_at).strftime("%Y-%m-%d %H:%M"),
                    "earliest": earliest_extension_day(draft).isoformat(),
                }
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
