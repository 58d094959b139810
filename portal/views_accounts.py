"""Citizens' accounts: sign-up with e-mail confirmation, and a profile with their comments and follows."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.services import account_confirm, account_sign_up
from comments.selectors import comment_list_of_author, follow_list_of
from kernel.errors import ServiceError
from portal.forms import SignUpForm
from portal.refusals import refusal_text
from portal.throttling import throttled_page


@throttled_page("signup", methods=("POST",))
def signup(request):
    """Creates an inactive citizen account and sends the confirmation link.

    The answer is the same whether or not the e-mail address already has an account.
    """
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account_sign_up(
                username=data["username"],
                email=data["email"],
                password=data["password"],
                full_name=data["full_name"],
                site_url=request.build_absolute_uri("/"),
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
