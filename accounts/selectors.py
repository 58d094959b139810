"""Reads of accounts."""

from django.conf import settings

from accounts.models import Account


def language_is_known(language: str) -> bool:
    return language in dict(settings.LANGUAGES)


def preferred_language(user) -> str:
    """The language the user reads: the one they chose, else the site's default.

    Users made by an administrator or a command have no Account row; they read the default too.
    """
    language = Account.objects.filter(user_id=user.pk).values_list("language", flat=True).first()
    return language if language and language_is_known(language) else settings.LANGUAGE_CODE
