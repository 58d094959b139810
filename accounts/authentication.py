"""`Authorization: Token <key>` for the API, with tokens that expire and die with the password."""

from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from accounts.services import api_token_user


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token scheme over `accounts.ApiToken`."""

    def authenticate_credentials(self, key):
        user = api_token_user(key)
        if user is None:
            raise AuthenticationFailed(
                _("The token is invalid or has expired; get a new one with POST /api/v1/auth/token/.")
            )
        return (user, key)
