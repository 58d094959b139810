"""Form-letter campaigns (issue 13) as their readers see them: who may see a draft's campaigns, a campaign's
counts, wordings and answer, and the summary's one line for each. How comments are grouped into them:
comments.grouping.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from comments.models import Campaign, Comment, Response, Status
from comments.permissions import can_moderate, can_respond
from drafts.diff import word_diff
from drafts.selectors import access_draft
from kernel.errors import Forbidden, NotVisible

# A campaign's page shows this many distinct variants with their differences.
MAX_VARIANTS = 50


def can_see_campaigns(user, draft) -> bool:
    """Moderators (and administrators) and the draft's own drafters."""
    return user.is_authenticated and (can_moderate(user) or can_respond(user, draft))


def _counted(campaigns: QuerySet) -> QuerySet:
    by_status = {
        f"{status}_count": Count("comments", filter=Q(comments__status=status), distinct=True)
        for status in (Status.PENDING, Status.PUBLISHED, Status.REJECTED)
    }
    unanswered = Comment.objects.filter(campaign=OuterRef("pk"), status=Status.PUBLISHED, response__isnull=True)
    # The campaign's answer (campaign_respond gives every published member the same): the latest one given.
    answer = Response.objects.filter(comment__campaign=OuterRef("pk")).order_by("-answered_at", "-pk")
    return campaigns.annotate(
        **by_status,
        has_unanswered=Exists(unanswered),
        answer_decision=Subquery(answer.values("decision")[:1]),
        answer_text=Subquery(answer.values("text")[:1]),
    )


def campaign_list_visible_to(user, draft) -> QuerySet[Campaign]:
    """The draft's campaigns, largest first, each with its members counted by status; Forbidden to anyone
    but moderators and its drafters (the draft itself being visible: access_draft)."""
    if not can_see_campaigns(user, draft):
        raise Forbidden(_("Only moderators and the draft's drafters see its campaigns."))
    return _counted(Campaign.objects.filter(draft=draft)).order_by("-size", "created_at", "id")


def moderation_campaigns(user, *, draft_id: int | None = None) -> QuerySet[Campaign]:
    """Campaigns with members waiting for moderation, largest first, for the moderation queue."""
    if not can_moderate(user):
        return Campaign.objects.none()
    waiting = Comment.objects.filter(campaign=OuterRef("pk"), status=Status.PENDING)
    campaigns = Campaign.objects.filter(Exists(waiting))
    if draft_id is not None:
        campaigns = campaigns.filter(draft_id=draft_id)
    return _counted(campaigns.select_related("draft")).order_by("-size", "created_at", "id")


def access_campaign(user, campaign_id) -> Campaign:
    """The campaign, counted, if the user may see its draft and its campaigns; NotVisible or Forbidden otherwise."""
    try:
        campaign = Campaign.objects.select_related("draft").get(pk=campaign_id)
    except (Campaign.DoesNotExist, ValueError, TypeError):
        raise NotVisible(f"No campaign {campaign_id} that you can see.") from None
    draft = access_draft(user, campaign.draft_id)
    counted = campaign_list_visible_to(user, draft).get(pk=campaign.pk)
    counted.draft = draft
    return counted


@dataclass
class Variant:
    """A wording of the campaign's letter, how many members sent it, and its word diff against the canonical."""

    text: str
    count: int
    words: list[tuple[str, str]]


def campaign_variants(campaign: Campaign, limit: int = MAX_VARIANTS) -> list[Variant]:
    """The members' distinct wordings other than the canonical text, most sent first."""
    rows = (
        Comment.objects.filter(campaign=campaign)
        .exclude(text=campaign.text)
        .values("text")
        .annotate(n=Count("pk"))
        .order_by("-n", "text")[:limit]
    )
    return [Variant(row["text"], row["n"], word_diff(campaign.text, row["text"])) for row in rows]


def campaign_response(campaign: Campaign) -> Response | None:
    """The campaign's answer: the latest response given to one of its members (campaign_respond gives all the same)."""
    return Response.objects.filter(comment__campaign=campaign).order_by("-answered_at", "-pk").first()


def collapse(comments: list[Comment]) -> list[Comment]:
    """The comments with each campaign's published members as one line: its canonical comment (or its
    earliest published member) carrying `signatories`, how many published members the campaign has; every
    other comment carries `signatories` 1. The summary of proposals counts a campaign once, honestly signed."""
    kept: dict[int, Comment] = {}
    members: dict[int, list[Comment]] = defaultdict(list)
    for comment in comments:
        if comment.campaign_id:
            members[comment.campaign_id].append(comment)
    for campaign_id, group in members.items():
        canonical = next((c for c in group if c.pk == getattr(c.campaign, "canonical_id", None)), group[0])
        canonical.signatories = len(group)
        kept[campaign_id] = canonical
    lines = []
    for comment in comments:
        if not comment.campaign_id:
            comment.signatories = 1
            lines.append(comment)
        elif kept[comment.campaign_id] is comment:
            lines.append(comment)
    return lines
