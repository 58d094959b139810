"""What an account carries beyond Django's user: how it was confirmed or blocked, its language, and its API tokens."""

from django.conf import settings
from django.db import models


class Account(models.Model):
    """The sign-up state of a user: confirmation links work only while it is unconfirmed and unblocked."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    # Set when an administrator deactivates the account: no link may bring it back.
    blocked_at = models.DateTimeField(null=True, blank=True)
    # The language of its e-mails (a code of settings.LANGUAGES, checked by the service; no choices
    # here, so renaming a language needs no migration). Empty: never chosen, the site's default.
    language = models.CharField(max_length=8, blank=True, default="")
    # The lower-cased address a citizen signed up with. Unique, so two sign-ups racing with one address
    # cannot both create an account: the check before the insert cannot see an uncommitted twin.
    # Null for accounts an administrator made, whose addresses the check before the insert still sees.
    signup_email = models.EmailField(null=True, blank=True, unique=True)

    def __str__(self):
        return f"account of {self.user_id}"


class ApiToken(models.Model):
    """An API token; only its SHA-256 is stored, and it dies on expiry, password change or deactivation."""

    digest = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)
    # A keyed hash of the password hash at issue: a new password makes it differ.
    password_stamp = models.CharField(max_length=64)

    def __str__(self):
        return f"token {self.pk} of {self.user_id}"
