"""Citizens' accounts: sign-up with e-mail confirmation, and a profile with their comments and follows."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from comments.models import Comment, Follow
from portal.forms import SignUpForm
from workflow.roles import Role

CONFIRMATION_SALT = "portal.signup"
CONFIRMATION_MAX_AGE = 3 * 24 * 3600


def signup(request):
    """Creates an inactive citizen account and sends the confirmation link."""
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        first, _sep, last = data["full_name"].partition(" ")
        with transaction.atomic():
            user = get_user_model().objects.create_user(
                data["username"],
                email=data["email"],
                password=data["password"],
                first_name=first,
                last_name=last,
                is_active=False,
            )
            user.groups.add(Group.objects.get_or_create(name=Role.CITIZENS)[0])
        token = signing.dumps(user.pk, salt=CONFIRMATION_SALT)
        link = request.build_absolute_uri(f"/accounts/confirm/{token}/")
        send_mail(
            _("Confirm your e-mail address"),
            _("Open this link to confirm your account: %(link)s") % {"link": link},
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
        )
        return render(request, "portal/signup_sent.html", {"email": user.email})
    return render(request, "portal/signup.html", {"form": form})


def confirm(request, token: str):
    """Activates the account named by a valid, recent token, and logs its owner in."""
    try:
        user_id = signing.loads(token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE)
        user = get_user_model().objects.get(pk=user_id)
    except (signing.BadSignature, get_user_model().DoesNotExist):
        return render(
            request, "refusal.html", {"message": _("This confirmation link is not valid or has expired.")}, status=400
        )
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Your e-mail address is confirmed. Welcome!"))
    return redirect("/")


@login_required
def profile(request):
    """The user's own comments (with their status and answers) and the drafts they follow."""
    comments = (
        Comment.objects.filter(author=request.user)
        .select_related("draft", "article", "response")
        .order_by("-created_at")[:200]
    )
    follows = Follow.objects.filter(user=request.user).select_related("draft").order_by("-created_at")
    return render(request, "portal/profile.html", {"comments": comments, "follows": follows})
