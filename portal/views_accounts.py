"""Accounts: sign-up with e-mail confirmation, the landing after login, the profile with comments and follows,
the language setting and the notifications."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.selectors import preferred_language
from accounts.services import account_confirm, account_set_language, account_sign_up
from comments.selectors import comment_list_of_author, follow_list_of
from kernel.errors import ServiceError
from kernel.notices import notice_list_of, notices_mark_read
from kernel.roles import is_staff_member
from portal.forms import LanguageForm, SignUpForm
from portal.refusals import refusal_text, safe_next
from portal.throttling import throttled_page


@throttled_page("signup", methods=("POST",))
def signup(request):
    """Creates an inactive citizen account and sends the confirmation link.

    The answer is the same whether or not the e-mail address already has an account.
    """
    form = SignUpForm(request.POST if request.method == "POST" else None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account_sign_up(
                username=data["username"],
                email=data["email"],
                password=data["password"],
                full_name=data["full_name"],
                site_url=request.build_absolute_uri("/"),
                language=data["language"] or request.LANGUAGE_CODE,
            )
        except ServiceError as error:
            messages.error(request, refusal_text(error))
            return render(request, "portal/signup.html", {"form": form}, status=400)
        return render(request, "portal/signup_sent.html", {"email": data["email"]})
    return render(request, "portal/signup.html", {"form": form}, status=400 if form.is_bound else 200)


def confirm(request, uidb64: str, token: str):
    """Activates the account named by a valid, unused link; the user then logs in with their password."""
    if account_confirm(uidb64=uidb64, token=token) is None:
        return render(
            request,
            "refusal.html",
            {"message": _("This confirmation link is not valid, has expired or was already used.")},
            status=400,
        )
    messages.success(request, _("Your e-mail address is confirmed. Log in with your user name and password."))
    return redirect("/accounts/login/")


def confirm_malformed(request, token: str):
    """Links of the old one-part form, or forged ones: never valid."""
    return render(
        request,
        "refusal.html",
        {"message": _("This confirmation link is not valid, has expired or was already used.")},
        status=400,
    )


@login_required
def profile(request):
    """The user's own comments (with their status and answers) and the drafts they follow, while they may see them."""
    return render(
        request,
        "portal/profile.html",
        {"comments": comment_list_of_author(request.user)[:200], "follows": follow_list_of(request.user)},
    )


@login_required
def landing(request):
    """Where a login leads when it names no page: staff to My work, citizens to the discussions."""
    return redirect(safe_next(request, "/work/" if is_staff_member(request.user) else "/"))


def _set_language_cookie(response, language: str) -> None:
    # The same cookie the language menu (django.views.i18n.set_language) sets.
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@login_required
def account_settings(request):
    """The language of the user's e-mails and notices; choosing it switches the pages to it too."""
    form = LanguageForm(
        request.POST if request.method == "POST" else None,
        initial={"language": preferred_language(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            language = account_set_language(user=request.user, language=form.cleaned_data["language"])
        except ServiceError as error:
            messages.error(request, refusal_text(error))
            return render(request, "portal/settings.html", {"form": form}, status=400)
        with translation.override(language):
            messages.success(request, _("Saved: your e-mails, notices and pages are now in this language."))
        response = redirect("/me/settings/")
        _set_language_cookie(response, language)
        return response
    return render(request, "portal/settings.html", {"form": form}, status=400 if form.is_bound else 200)


NOTIFICATIONS_PER_PAGE = 20


@login_required
def notifications(request):
    """The user's own notifications, newest first; those shown are marked read once the page is seen."""
    page = Paginator(notice_list_of(request.user), NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    items = list(page.object_list)
    # Marked after the page's rows are read, so this view still shows which ones were new.
    notices_mark_read(user=request.user, ids=[n.pk for n in items if n.read_at is None])
    return render(request, "portal/notifications.html", {"page": page, "items": items})
