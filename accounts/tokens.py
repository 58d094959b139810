"""Single-use, expiring confirmation links bound to the account's state (Django's reset-token approach)."""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator


class ConfirmationTokenGenerator(PasswordResetTokenGenerator):
    """A token that dies once the account is confirmed, blocked, activated or its password changes."""

    key_salt = "accounts.tokens.ConfirmationTokenGenerator"

    def __init__(self):
        super().__init__()
        self.timeout = settings.ACCOUNT_CONFIRMATION_TIMEOUT

    def _make_hash_value(self, user, timestamp):
        account = getattr(user, "account", None)
        confirmed = account.email_confirmed_at if account else "none"
        blocked = account.blocked_at if account else "none"
        return f"{user.pk}{user.password}{user.is_active}{user.email}{confirmed}{blocked}{timestamp}"

    def check_token(self, user, token):
        # The timeout is read per check so that tests and deployments can change it.
        self.timeout = settings.ACCOUNT_CONFIRMATION_TIMEOUT
        return super().check_token(user, token)


confirmation_tokens = ConfirmationTokenGenerator()
