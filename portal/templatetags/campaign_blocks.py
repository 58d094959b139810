"""The campaign block of the moderation queue (templates/portal/campaigns.html), read where it is included."""

from django import template

from comments.campaigns import campaign_variants, moderation_campaigns

register = template.Library()

# The block shows the largest campaigns waiting; each has its own page with every variant.
SHOWN = 20
VARIANTS_SHOWN = 3


@register.simple_tag(takes_context=True)
def campaigns_waiting(context) -> list:
    """Campaigns with members waiting for moderation (of the draft the queue is filtered by, if any),
    largest first, each with its first variants' word diffs."""
    request = context["request"]
    draft = request.GET.get("draft", "")
    draft_id = int(draft) if draft.isascii() and draft.isdigit() and len(draft) < 10 else None
    campaigns = list(moderation_campaigns(request.user, draft_id=draft_id)[:SHOWN])
    for campaign in campaigns:
        campaign.variants = campaign_variants(campaign, limit=VARIANTS_SHOWN)
    return campaigns
