"""Integers from query strings and forms: a number outside its range is the caller's mistake (400), never a database overflow."""

from django.utils.translation import gettext as _

from kernel.errors import InvalidArguments

# Ids are 64-bit in the database; no real id or page comes near this, and PostgreSQL's integer
# columns hold it.
MAX_ID = 2**31 - 1


def bounded_int(value: str | None, *, field: str, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """The value as an integer within [minimum, maximum]; None when absent; InvalidArguments otherwise."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    if not (text.isascii() and text.lstrip("-").isdigit()) or len(text) > 12 or not minimum <= int(text) <= maximum:
        raise InvalidArguments(
            {field: _("Give a whole number from %(min)d to %(max)d.") % {"min": minimum, "max": maximum}}
        )
    return int(text)
