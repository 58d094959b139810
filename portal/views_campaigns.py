"""Campaign pages: one campaign with every variant's differences, decided by a moderator and answered by a
drafter in one action each (comments.campaign_moderation)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from comments.campaign_moderation import campaign_moderate, campaign_respond
from comments.campaigns import access_campaign, campaign_variants
from comments.models import Decision
from comments.permissions import can_moderate, can_respond
from kernel.errors import Forbidden, NotVisible
from portal.refusals import acting, safe_next


@login_required
def campaign_page(request, campaign_id: int):
    """The campaign's canonical text, its counts, every variant as a word diff, and its two actions."""
    try:
        campaign = access_campaign(request.user, campaign_id)
    except (NotVisible, Forbidden):
        raise Http404 from None
    return render(
        request,
        "portal/campaign.html",
        {
            "campaign": campaign,
            "variants": campaign_variants(campaign),
            "may_moderate": can_moderate(request.user),
            "may_answer": can_respond(request.user, campaign.draft),
            "decisions": Decision.choices,
        },
    )


@require_POST
@login_required
@acting
def campaign_moderate_post(request, campaign_id: int):
    """Publish or reject every waiting member of the campaign."""
    result = campaign_moderate(
        user=request.user,
        campaign_id=campaign_id,
        decision=request.POST.get("decision", ""),
        reason=request.POST.get("reason", ""),
    )
    messages.success(
        request,
        ngettext(
            "Campaign no. %(id)d: %(n)d comment decided.",
            "Campaign no. %(id)d: %(n)d comments decided.",
            result["decided"],
        )
        % {"id": campaign_id, "n": result["decided"]},
    )
    return redirect(safe_next(request, "/work/moderation/"))


@require_POST
@login_required
@acting
def campaign_respond_post(request, campaign_id: int):
    """The drafters' one answer to every published member of the campaign."""
    result = campaign_respond(
        user=request.user,
        campaign_id=campaign_id,
        decision=request.POST.get("decision", ""),
        text=request.POST.get("text", ""),
    )
    messages.success(
        request,
        ngettext(
            "The answer was given to %(n)d comment.", "The answer was given to %(n)d comments.", result["answered"]
        )
        % {"n": result["answered"]},
    )
    return redirect(safe_next(request, f"/work/campaigns/{campaign_id}/"))
