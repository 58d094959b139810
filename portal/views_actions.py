"""What people do on the pages: each handler is one service call, then back to the page with the outcome."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comments import services as comments
from comments import votes
from drafts.arguments import end_of_day
from drafts.services import draft_assign_expert_group
from kernel.errors import InvalidArguments, NotVisible, ServiceError
from portal.refusals import acting, safe_next, safe_referer
from workflow.services import draft_transition


def _back(request, draft_id: int, anchor: str = ""):
    return redirect(f"/drafts/{draft_id}/{anchor}")


@require_POST
@login_required
@acting
def comment(request, draft_id: int):
    """A comment on the draft or one of its articles (a remark, during expert review)."""
    created = comments.comment_submit(
        user=request.user,
        draft_id=draft_id,
        text=request.POST.get("text", ""),
        article=request.POST.get("article") or None,
        received_at=timezone.now(),
        channel=request.POST.get("channel") or "web",
        submitted_for=request.POST.get("submitted_for", ""),
        files=request.FILES.getlist("files"),
        respondent_type=request.POST.get("respondent_type") or None,
        organisation=request.POST.get("organisation", ""),
        anonymous=request.POST.get("anonymous") in ("1", "on", "true"),
    )
    if created.submitted_for:
        outcome = _("The proposal from %(name)s was recorded and published.") % {"name": created.submitted_for}
    elif created.status == "pending":
        outcome = _("Your comment was sent; it will appear once a moderator publishes it.")
    else:
        outcome = _("Your remark was recorded.")
    messages.success(request, outcome)
    return _back(request, draft_id, f"#comment-{created.pk}")


@require_POST
@login_required
@acting
def follow(request, draft_id: int):
    """Follow or stop following the draft."""
    following = comments.draft_follow(user=request.user, draft_id=draft_id, follow=request.POST.get("follow") == "1")
    messages.success(
        request, _("You will be told by e-mail when it changes.") if following else _("You no longer follow it.")
    )
    return _back(request, draft_id)


def _draft_vote_outcome(my_vote: str | None) -> str:
    if my_vote == "for":
        return _("Your vote is recorded: you support this draft.")
    if my_vote == "against":
        return _("Your vote is recorded: you oppose this draft.")
    return _("Your vote was withdrawn.")


@require_POST
@login_required
@acting
def draft_vote(request, draft_id: int):
    """Support or oppose the draft (`vote` = for, against), or withdraw the vote (`vote` = withdraw)."""
    choice = request.POST.get("vote", "")
    if choice == "withdraw":
        result = votes.draft_vote_withdraw(user=request.user, draft_id=draft_id, received_at=timezone.now())
    else:
        result = votes.draft_vote_cast(user=request.user, draft_id=draft_id, vote=choice, received_at=timezone.now())
    messages.success(request, _draft_vote_outcome(result.my_vote))
    return _back(request, draft_id, "#votes")


@require_POST
@login_required
@acting
def comment_vote(request, comment_id: int):
    """Support a published comment (`vote` = for), or withdraw the support (`vote` = withdraw); back to
    the comment on its draft's page (the form's `next`)."""
    choice = request.POST.get("vote", "")
    if choice == "withdraw":
        result = votes.comment_vote_withdraw(user=request.user, comment_id=comment_id, received_at=timezone.now())
    else:
        result = votes.comment_vote_cast(
            user=request.user, comment_id=comment_id, vote=choice, received_at=timezone.now()
        )
    if result.my_vote:
        messages.success(request, _("You support comment no. %(id)d.") % {"id": comment_id})
    else:
        messages.success(request, _("You no longer support comment no. %(id)d.") % {"id": comment_id})
    return redirect(safe_next(request, safe_referer(request)))


def _deadline(value: str):
    # A plain date, which is what the page's date field sends, means the end of that day, as in the API.
    if not value:
        return None
    try:
        if len(value.strip()) == 10 and (day := parse_date(value.strip())):
            return end_of_day(day)
        moment = parse_datetime(value)
    except ValueError:  # well-formed but impossible, such as 2026-02-30 or 25:61
        moment = None
    if moment is None:
        raise InvalidArguments({"discussion_ends_at": _("Give a date such as 2026-12-31.")})
    return timezone.make_aware(moment, timezone.get_default_timezone()) if timezone.is_naive(moment) else moment


def _date(value: str, field: str):
    if not value:
        return None
    try:
        day = parse_date(value)
    except ValueError:
        day = None
    if day is None:
        raise InvalidArguments({field: _("Give a date such as 2026-12-31.")})
    return day


# The fields of a transition form given back to the page after a refusal, so nothing typed is lost.
KEPT_FIELDS = ("reason", "discussion_ends_at", "number", "approved_on")
KEPT_LENGTH = 5000


def kept_transition_form(request, draft_id: int) -> dict | None:
    """The refused transition form of this draft, once: {"name", "values", "errors"}; None when there is none."""
    kept = request.session.pop(f"transition-form-{draft_id}", None)
    return kept if isinstance(kept, dict) else None


@require_POST
@login_required
@acting
def transition(request, draft_id: int, name: str):
    """A transition button, with its reason, deadline, number and date fields."""
    try:
        arguments = {
            "reason": request.POST.get("reason", ""),
            "discussion_ends_at": _deadline(request.POST.get("discussion_ends_at", "")),
            "number": request.POST.get("number", ""),
            "approved_on": _date(request.POST.get("approved_on", ""), "approved_on"),
        }
        record = draft_transition(
            user=request.user,
            draft_id=draft_id,
            name=name,
            arguments=arguments,
            expected_status=request.POST.get("expected_status") or None,
        )
    except ServiceError as error:
        if not isinstance(error, NotVisible):
            request.session[f"transition-form-{draft_id}"] = {
                "name": name[:64],
                "values": {field: request.POST.get(field, "")[:KEPT_LENGTH] for field in KEPT_FIELDS},
                "errors": {
                    field: " ".join(map(str, messages_))
                    for field, messages_ in (error.details or {}).items()
                    if field in KEPT_FIELDS
                }
                if isinstance(error, InvalidArguments)
                else {},
            }
        raise
    messages.success(
        request, _("Done: the draft is now in state “%(state)s”.") % {"state": record.get_target_display()}
    )
    return _back(request, draft_id)


@require_POST
@login_required
@acting
def assign_group(request, draft_id: int):
    """Assign an expert group from the draft's page."""
    assignment = draft_assign_expert_group(user=request.user, draft_id=draft_id, group_id=request.POST.get("group"))
    messages.success(request, _("The expert group %(name)s was assigned.") % {"name": assignment.group.name})
    return _back(request, draft_id, "#expert-groups")


@require_POST
@login_required
@acting
def moderate(request, comment_id: int):
    """Publish or reject a pending comment."""
    comment = comments.comment_moderate(
        user=request.user,
        comment_id=comment_id,
        decision=request.POST.get("decision", ""),
        reason=request.POST.get("reason", ""),
    )
    messages.success(
        request, _("Comment no. %(id)d: %(status)s.") % {"id": comment.pk, "status": comment.get_status_display()}
    )
    return redirect(safe_next(request, f"/drafts/{comment.draft_id}/"))


@require_POST
@login_required
@acting
def respond(request, comment_id: int):
    """The drafters' answer to a comment."""
    response, _created = comments.comment_respond(
        user=request.user,
        comment_id=comment_id,
        decision=request.POST.get("decision", ""),
        text=request.POST.get("text", ""),
    )
    messages.success(request, _("The answer was saved."))
    return redirect(safe_next(request, f"/drafts/{response.comment.draft_id}/#comment-{comment_id}"))


@require_POST
@login_required
@acting
def conclude(request, draft_id: int):
    """An expert group's conclusion."""
    comments.conclusion_submit(
        user=request.user,
        draft_id=draft_id,
        verdict=request.POST.get("verdict", ""),
        text=request.POST.get("text", ""),
        group_id=request.POST.get("group") or None,
    )
    messages.success(request, _("The conclusion was submitted."))
    return _back(request, draft_id)
