"""A campaign decided and answered in one action, however many signatories it has (form letters, issue 13).

Going member by member through `services.comment_moderate` and `comment_respond` cost about 20 ms a member
in the request, so a campaign of thousands outlived the proxy's timeout while its decision still
committed. Here each decision is a few set-based statements whose number does not grow with the
campaign, in one transaction holding the draft's row: the whole campaign or none of it. What each
member ends up with is what the per-comment services give it:

- a decided member has the status, `moderated_by`, `moderated_at` and `moderation_reason` that
  comment_moderate sets (one `moderated_at` for the whole decision);
- a published member gets its search document, and every cached answer keyed by the search stamp is
  asked again once it is indexed (see `_index`);
- a published member gets the campaign's answer if it has one; answering gives each published member
  the same Response (new, or revised), after comment_respond's checks;
- each author is told as notify_comment_moderated / notify_comment_answered tell one, by one job per
  decision that goes through the campaign's members in chunks (comments.tasks), enqueued on commit.
"""

from functools import partial

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from comments.campaigns import access_campaign, campaign_response
from comments.models import Campaign, Comment, Decision, Kind, Response, Status
from comments.permissions import can_moderate, can_respond
from comments.selectors import MODERATABLE_STATES
from comments.services import ANSWERABLE_STATES, RESPONSE_MAX_LENGTH, _required_text
from comments.tasks import notify_campaign_answered, notify_campaign_moderated
from drafts.models import Draft
from kernel import outbox
from kernel.errors import Forbidden, InvalidArguments, StateConflict


def _lock_draft(draft_id: int) -> Draft:
    """The draft's row, exclusively, before anything else: intakes and edits (which hold it shared) finish
    first and wait for this decision, a transition waits too, and a second moderator deciding the same
    campaign waits and then finds nothing pending (SQLite's IMMEDIATE transactions serialise all of it)."""
    return Draft.objects.select_for_update().get(pk=draft_id)


def _waiting(campaign: Campaign) -> QuerySet[Comment]:
    """The campaign's members a moderator may still decide (comment_moderate's conditions)."""
    return Comment.objects.filter(campaign=campaign, kind=Kind.PUBLIC, status=Status.PENDING)


def _answerable(members: QuerySet[Comment]) -> QuerySet[Comment]:
    """Of these members, those comment_respond answers: published, and proposals (a reply never is; grouping
    leaves replies out anyway)."""
    return members.filter(status=Status.PUBLISHED, parent__isnull=True)


def _answer(members: QuerySet[Comment], *, author, decision: str, text: str, at) -> int:
    """Gives each answerable member this answer, as comment_respond's update_or_create would, in two
    statements; returns how many were answered."""
    answerable = _answerable(members)
    revised = Response.objects.filter(comment__in=answerable).update(
        decision=decision, text=text, author=author, answered_at=at
    )
    # INSERT ... SELECT: the ORM has no such statement, and bulk_create would carry every row through
    # Python and cost a statement per few hundred rows. The SELECT is the ORM's own.
    unanswered = (
        answerable.filter(~Exists(Response.objects.filter(comment=OuterRef("pk")))).order_by().values(member=F("pk"))
    )
    select, params = unanswered.query.sql_with_params()
    meta = Response._meta
    columns = ", ".join(
        connection.ops.quote_name(meta.get_field(name).column)
        for name in ("comment", "decision", "text", "author", "answered_at")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) "
            f"SELECT members.member, %s, %s, %s, %s FROM ({select}) AS members",
            [decision, text, author.pk, connection.ops.adapt_datetimefield_value(at), *params],
        )
        created = cursor.rowcount
    return revised + created


def _index(published: QuerySet[Comment]) -> None:
    """Records, in this transaction, that each published member needs its own search document: one to-do
    statement and one job for the whole campaign, and a job whose cost is the campaign's, not its discussion's.
    The search job moves the search stamp once they are in, as it does for one comment.

    A rejected member needs none: a pending comment never had a document (only published ones have, and
    nothing returns a comment to pending), so comment_moderate's record of it changes nothing in the index.
    """
    outbox.publish_many(outbox.COMMENT_CHANGED, list(published.values_list("pk", flat=True)))


def campaign_moderate(*, user, campaign_id: int, decision: str, reason: str = "") -> dict:
    """Publishes or rejects every member of the campaign that waits for moderation, in one transaction;
    a published member gets the campaign's answer if it has one. Returns how many were decided."""
    campaign = access_campaign(user, campaign_id)
    if not can_moderate(user):
        raise Forbidden(_("Only moderators publish or reject campaigns."))
    if decision not in ("publish", "reject"):
        raise InvalidArguments({"decision": _("Choose 'publish' or 'reject'.")})
    reason = (reason or "").strip()
    if decision == "reject" and not reason:
        raise InvalidArguments({"reason": _("Say why the campaign is rejected; each of its signatories will read it.")})
    status = Status.PUBLISHED if decision == "publish" else Status.REJECTED
    with transaction.atomic():
        draft = _lock_draft(campaign.draft_id)
        if draft.status not in MODERATABLE_STATES:
            raise StateConflict(
                _("Comments of a draft in '%(state)s' can no longer be moderated.")
                % {"state": draft.get_status_display()}
            )
        now = timezone.now()
        decided = _waiting(campaign).update(
            status=status, moderated_by=user, moderated_at=now, moderation_reason=reason
        )
        if not decided:
            raise StateConflict(_("No comment of this campaign waits for moderation; it changed meanwhile."))
        # This decision's members: one moderated_at for all of them, and no other member has it.
        members = Comment.objects.filter(campaign=campaign, moderated_at=now)
        answered = 0
        if status == Status.PUBLISHED:
            _index(members)
            answer = campaign_response(campaign)
            if answer is not None and can_respond(answer.author, draft) and draft.status in ANSWERABLE_STATES:
                answered = _answer(members, author=answer.author, decision=answer.decision, text=answer.text, at=now)
        stamp = now.isoformat()
        transaction.on_commit(partial(notify_campaign_moderated.enqueue, campaign.pk, stamp))
        if answered:
            transaction.on_commit(partial(notify_campaign_answered.enqueue, campaign.pk, stamp))
    return {"campaign": campaign.pk, "decided": decided, "status": status}


def campaign_respond(*, user, campaign_id: int, decision: str, text: str) -> dict:
    """Gives every published member of the campaign the same answer (new, or revised), in one transaction.
    Returns how many were answered."""
    campaign = access_campaign(user, campaign_id)
    if not can_respond(user, campaign.draft):
        raise Forbidden(_("Only the draft's own drafters answer its comments."))
    if decision not in Decision.values:
        raise InvalidArguments({"decision": _("Choose one of: %(v)s.") % {"v": ", ".join(Decision.values)}})
    text = _required_text(text, "text", RESPONSE_MAX_LENGTH)
    with transaction.atomic():
        draft = _lock_draft(campaign.draft_id)
        if not _answerable(Comment.objects.filter(campaign=campaign)).exists():
            raise StateConflict(_("No comment of this campaign is published yet; publish the campaign first."))
        if draft.status not in ANSWERABLE_STATES:
            raise StateConflict(
                _("Answers are settled once the draft is sent for approval; it is in '%(state)s'.")
                % {"state": draft.get_status_display()}
            )
        now = timezone.now()
        answered = _answer(Comment.objects.filter(campaign=campaign), author=user, decision=decision, text=text, at=now)
        transaction.on_commit(partial(notify_campaign_answered.enqueue, campaign.pk, now.isoformat()))
    return {"campaign": campaign.pk, "answered": answered}
