"""Every write of accounts: sign-up, confirmation, language, blocking, and API tokens."""

import hashlib
import secrets
from datetime import timedelta
from functools import cache, partial

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.models import Account, ApiToken
from accounts.selectors import language_is_known
from accounts.tokens import confirmation_tokens
from kernel import mail
from kernel.errors import Forbidden, InvalidArguments
from kernel.roles import Role
from kernel.rows import Columns


def account_sign_up(*, username: str, email: str, password: str, full_name: str, site_url: str, language: str) -> None:
    """Creates an inactive citizen account reading `language` and mails its confirmation link after commit.

    When the e-mail address already has an account nothing is created and that address is told
    instead, in its owner's language, so the answer never reveals who is registered.
    """
    if not language_is_known(language):
        raise InvalidArguments({"language": _("Choose one of the languages of the site.")})
    email = email.strip().lower()
    try:
        _sign_up(username, email, password, full_name, site_url, language)
    except _AddressTaken:
        owner = Account.objects.filter(signup_email=email).first()
        transaction.on_commit(partial(_mail_already_registered, owner and owner.user_id, email, site_url))


class _AddressTaken(Exception):
    pass


def _sign_up(username: str, email: str, password: str, full_name: str, site_url: str, language: str) -> None:
    users = get_user_model().objects
    with transaction.atomic():
        owner = users.filter(email__iexact=email).first()
        if owner is not None:
            transaction.on_commit(partial(_mail_already_registered, owner.pk, email, site_url))
            return
        first, _sep, last = full_name.strip().partition(" ")
        try:
            with transaction.atomic():
                user = users.create_user(
                    username, email=email, password=password, first_name=first, last_name=last, is_active=False
                )
        except IntegrityError:
            raise InvalidArguments({"username": _("This user name is taken.")}) from None
        try:
            with transaction.atomic():
                Account.objects.create(user=user, language=language, signup_email=email)
        except IntegrityError:
            # A parallel sign-up with this address committed first: undo this one and answer as if the
            # address had been seen above.
            raise _AddressTaken from None
        user.groups.add(Group.objects.get_or_create(name=Role.CITIZENS)[0])
        transaction.on_commit(partial(_mail_confirmation, user.pk, site_url))


def account_set_language(*, user, language: str) -> str:
    """Sets the language of the user's e-mails; returns it. Users without an Account row get one."""
    if not user.is_authenticated:
        raise Forbidden(_("Log in to choose your language."))
    if not language_is_known(language):
        raise InvalidArguments({"language": _("Choose one of the languages of the site.")})
    with transaction.atomic():
        account, _created = Account.objects.select_for_update().get_or_create(user=user)
        if account.language != language:
            account.language = language
            account.save(update_fields=["language"])
    return language


def confirmation_path(user) -> str:
    """The one-time address that confirms this account's e-mail."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return f"/accounts/confirm/{uid}/{confirmation_tokens.make_token(user)}/"


# The sign-up's own messages link to the host the visitor signed up on (ALLOWED_HOSTS bounds it),
# since the visitor is who reads them; notices to other people link to SITE_URL (kernel.mail).
def _mail_confirmation(user_id: int, site_url: str) -> None:
    user = get_user_model().objects.get(pk=user_id)
    context = {
        "link": site_url.rstrip("/") + confirmation_path(user),
        "days": settings.ACCOUNT_CONFIRMATION_TIMEOUT // (24 * 3600),
    }
    mail.mail_address("signup_confirmation", user.email, context, mail.language_of(user))


def _mail_already_registered(owner_id: int, email: str, site_url: str) -> None:
    owner = get_user_model().objects.filter(pk=owner_id).first()
    context = {
        "login": site_url.rstrip("/") + "/accounts/login/",
        "reset": site_url.rstrip("/") + "/accounts/password_reset/",
    }
    language = mail.language_of(owner) if owner else settings.LANGUAGE_CODE
    mail.mail_address("signup_already_registered", email, context, language)


def account_confirm(*, uidb64: str, token: str):
    """Activates a never-confirmed, never-blocked account named by a valid link; None otherwise.

    The link dies with its first use, since confirming changes the state it is bound to; it
    never logs anyone in.
    """
    try:
        user_id = int(force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, TypeError, OverflowError):
        return None
    with transaction.atomic():
        user = (
            get_user_model()
            .objects.select_for_update(of=("self",))
            .filter(pk=user_id)
            .select_related("account")
            .first()
        )
        if user is None or not confirmation_tokens.check_token(user, token):
            return None
        account = Account.objects.select_for_update().filter(user=user).first()
        if account is None or account.email_confirmed_at or account.blocked_at or user.is_active:
            return None
        account.email_confirmed_at = timezone.now()
        account.save(update_fields=["email_confirmed_at"])
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user


def account_set_active(*, user, active: bool, actor) -> None:
    """An administrator's activation or deactivation; deactivation also blocks every link and token."""
    if not (actor.is_authenticated and actor.is_superuser):
        raise Forbidden(_("Only administrators activate or deactivate accounts."))
    with transaction.atomic():
        account, _created = Account.objects.select_for_update().get_or_create(user=user)
        account.blocked_at = None if active else (account.blocked_at or timezone.now())
        account.save(update_fields=["blocked_at"])
        type(user).objects.filter(pk=user.pk).update(is_active=active)
        if not active:
            ApiToken.objects.filter(user=user).delete()


def password_stamp(user) -> str:
    """A keyed hash of the stored password hash: it changes whenever the password does."""
    return salted_hmac("accounts.api-token", user.password, algorithm="sha256").hexdigest()


def token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_issue(*, user) -> tuple[str, ApiToken]:
    """A new API token for the user (the key is shown once, only its digest is kept)."""
    if not user.is_active:
        raise Forbidden(_("This account is not active."))
    now = timezone.now()
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        ApiToken.objects.filter(user=user, expires_at__lte=now).delete()
        token = ApiToken.objects.create(
            digest=token_digest(key),
            user=user,
            expires_at=now + timedelta(hours=settings.API_TOKEN_TTL_HOURS),
            password_stamp=password_stamp(user),
        )
    return key, token


def api_token_log_in(*, request, username: str, password: str) -> tuple[str, ApiToken]:
    """Checks the password through every login guard (lockout included) and issues a token."""
    user = authenticate(request, username=username, password=password)
    if user is None:
        raise InvalidArguments(
            {"non_field_errors": _("Unable to log in with the provided credentials: check the user name and password.")}
        )
    return api_token_issue(user=user)


@cache
def _token_user_columns() -> Columns:
    return Columns(get_user_model(), "u", extra=("token_password_stamp",))


def api_token_user(key: str):
    """The user a presented token authenticates, or None when it is unknown, expired or outlived its password.

    Plain SQL: every API call made with a token runs it, and the ORM's building of the join cost more than
    the database's answering it."""
    columns = _token_user_columns()
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT {columns.sql}, t.password_stamp FROM "{ApiToken._meta.db_table}" t '
            f'JOIN "{get_user_model()._meta.db_table}" u ON u.id = t.user_id WHERE t.digest = %s AND t.expires_at > %s',
            [token_digest(key), connection.ops.adapt_datetimefield_value(timezone.now())],
        )
        row = cursor.fetchone()
    user = columns.instance(row) if row else None
    if (
        user is None
        or not user.is_active
        or not secrets.compare_digest(user.token_password_stamp, password_stamp(user))
    ):
        return None
    return user
