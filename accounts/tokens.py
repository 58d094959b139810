"""Single-use, expiring confirmation links bound to the account's state (Django's reset-token approach)."""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class ConfirmationTokenGenerator(PasswordResetTokenGenerator):
    """A token that dies once the account is confirmed, blocked, activated or its password changes."""

    key_salt = "accounts.tokens.ConfirmationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        account = getattr(user, "account", None)
        confirmed = account.email_confirmed_at if account else "none"
        blocked = account.blocked_at if account else "none"
        return f"{user.pk}{user.password}{user.is_active}{user.email}{confirmed}{blocked}{timestamp}"

    def check_token(self, user, token):
        """Django's check, with the confirmation links' own lifetime instead of the password reset's."""
        if not (user and token) or token.count("-") != 1:
            return False
        timestamp_b36, _hash = token.split("-")
        try:
            timestamp = base36_to_int(timestamp_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        return self._num_seconds(self._now()) - timestamp <= settings.ACCOUNT_CONFIRMATION_TIMEOUT


confirmation_tokens = ConfirmationTokenGenerator()
