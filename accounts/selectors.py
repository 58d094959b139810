"""Reads of accounts."""

from django.conf import settings

from accounts.models import Account


def language_is_known(language: str) -> bool:
    return language in dict(settings.LANGUAGES)


# The user's side of Account.user, which knows whether a user object was read with its account.
_USERS_ACCOUNT = Account._meta.get_field("user").remote_field


def preferred_language(user) -> str:
    """The language the user reads: the one they chose, else the site's default.

    Users made by an administrator or a command have no Account row; they read the default too. A user read
    with its account (`select_related("account")`, as a batch of recipients is) costs no query.
    """
    if _USERS_ACCOUNT.is_cached(user):
        account = _USERS_ACCOUNT.get_cached_value(user)  # None: read with it, and it has none
        language = account.language if account else ""
    else:
        language = Account.objects.filter(user_id=user.pk).values_list("language", flat=True).first()
    return language if language and language_is_known(language) else settings.LANGUAGE_CODE
