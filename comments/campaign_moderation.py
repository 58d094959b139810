"""A campaign decided and answered in one action, through the one path of each comment (comments.services).

Publishing or rejecting a campaign decides every member still waiting for moderation, each by
`services.comment_moderate` (same checks, same record, its author told), all in one transaction: the
whole campaign or none of it. Answering a campaign gives every published member the same response by
`services.comment_respond`: each signatory is answered and told, the summary and the condition that
every published comment is answered read the rows they always read, and a member published later gets
the campaign's answer when the moderator publishes it.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from comments import services
from comments.campaigns import access_campaign, campaign_response
from comments.models import Comment, Status
from comments.permissions import can_moderate, can_respond
from drafts.models import Draft
from kernel.errors import Forbidden, InvalidArguments, StateConflict


def _members(campaign_id: int, status: str) -> list[int]:
    return list(
        Comment.objects.filter(campaign_id=campaign_id, status=status)
        .order_by("created_at", "id")
        .values_list("pk", flat=True)
    )


def _lock_draft(draft_id: int) -> None:
    """The draft's row, exclusively, before anything else: intakes (which hold it shared) finish first and
    wait for this decision, a second moderator deciding the same campaign waits and then finds nothing
    pending, and comment_respond's own exclusive lock on the draft later in the transaction cannot
    deadlock with a shared lock taken before it."""
    Draft.objects.select_for_update().filter(pk=draft_id).values_list("pk").first()


def campaign_moderate(*, user, campaign_id: int, decision: str, reason: str = "") -> dict:
    """Publishes or rejects every member of the campaign that waits for moderation, in one transaction;
    a published member gets the campaign's answer if it has one. Returns how many were decided."""
    campaign = access_campaign(user, campaign_id)
    if not can_moderate(user):
        raise Forbidden(_("Only moderators publish or reject campaigns."))
    if decision not in ("publish", "reject"):
        raise InvalidArguments({"decision": _("Choose 'publish' or 'reject'.")})
    if decision == "reject" and not (reason or "").strip():
        raise InvalidArguments({"reason": _("Say why the campaign is rejected; each of its signatories will read it.")})
    with transaction.atomic():
        _lock_draft(campaign.draft_id)
        pending = _members(campaign.pk, Status.PENDING)
        if not pending:
            raise StateConflict(_("No comment of this campaign waits for moderation; it changed meanwhile."))
        for comment_id in pending:
            services.comment_moderate(user=user, comment_id=comment_id, decision=decision, reason=reason)
        answer = campaign_response(campaign) if decision == "publish" else None
        if answer is not None and can_respond(answer.author, campaign.draft):
            for comment_id in pending:
                services.comment_respond(
                    user=answer.author, comment_id=comment_id, decision=answer.decision, text=answer.text
                )
    return {
        "campaign": campaign.pk,
        "decided": len(pending),
        "status": Status.PUBLISHED if decision == "publish" else Status.REJECTED,
    }


def campaign_respond(*, user, campaign_id: int, decision: str, text: str) -> dict:
    """Gives every published member of the campaign the same answer (new, or revised), in one transaction.
    Returns how many were answered."""
    campaign = access_campaign(user, campaign_id)
    if not can_respond(user, campaign.draft):
        raise Forbidden(_("Only the draft's own drafters answer its comments."))
    with transaction.atomic():
        _lock_draft(campaign.draft_id)
        published = _members(campaign.pk, Status.PUBLISHED)
        if not published:
            raise StateConflict(_("No comment of this campaign is published yet; publish the campaign first."))
        for comment_id in published:
            services.comment_respond(user=user, comment_id=comment_id, decision=decision, text=text)
    return {"campaign": campaign.pk, "answered": len(published)}
