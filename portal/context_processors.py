"""What every page's header needs."""

from functools import cache

from kernel.notices import notice_unread_count
from kernel.roles import is_staff_member


def notifications(request) -> dict:
    """`unread_notifications`: the bell's count; `has_work`: whether "My work" belongs in the header.

    Each is read with one query, and only if a page shows it.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # A template calls the function when it reads the value; cached, so reading it twice costs one query.
    return {
        "unread_notifications": cache(lambda: notice_unread_count(user)),
        "has_work": cache(lambda: is_staff_member(user)),
    }
