"""Jobs that tell comment authors (notice and e-mail) what became of their comment, and the one that groups
received comments into campaigns; scheduled on commit."""

import datetime
import logging
from dataclasses import dataclass

from django.core.cache import cache
from django_tasks import task

from comments import campaigns
from comments.models import Comment, Status
from comments.selectors import public_author_name
from kernel import mail

log = logging.getLogger(__name__)


def _path(comment) -> str:
    return f"/drafts/{comment.draft_id}/#comment-{comment.pk}"


def _context(comment) -> dict:
    return {
        "comment": comment,
        "response": getattr(comment, "response", None),
        "link": mail.page_link(_path(comment)),
        "profile_link": mail.page_link("/me/"),
    }


@task()
def notify_comment_moderated(comment_id: int) -> int:
    """Tells the author, in their language, whether their comment was published or rejected, and why."""
    comment = Comment.objects.select_related("draft", "author").get(pk=comment_id)
    # A proposal entered for someone else has its moderator as author, who needs no word of their own entry.
    if comment.submitted_for:
        return 0
    name = "comment_published" if comment.status == Status.PUBLISHED else "comment_rejected"
    sent = mail.notify_users(
        name, [comment.author], _context(comment), path=_path(comment), event=f"comment-moderated:{comment.pk}"
    )
    if comment.parent_id and comment.status == Status.PUBLISHED:
        sent += _notify_replied(comment)
    return sent


def _notify_replied(reply) -> int:
    """Tells the author of the comment replied to (not a moderator's entry, not oneself) that a reply is published.
    The reply's author is named as the public reads it: an e-mail is forwarded, kept, and is no place for a
    name published without."""
    parent = Comment.objects.select_related("draft", "author").get(pk=reply.parent_id)
    if parent.submitted_for or parent.author_id == reply.author_id:
        return 0
    context = {**_context(reply), "parent": parent, "replier": public_author_name(reply)}
    return mail.notify_users(
        "comment_replied", [parent.author], context, path=_path(reply), event=f"comment-replied:{reply.pk}"
    )


@task()
def notify_comment_answered(comment_id: int) -> int:
    """Tells the author, in their language, the drafters' answer to their comment."""
    comment = Comment.objects.select_related("draft", "author", "response").get(pk=comment_id)
    if comment.submitted_for:
        return 0
    return mail.notify_users(
        "comment_answered",
        [comment.author],
        _context(comment),
        path=_path(comment),
        # A changed answer is news again; the same answer told twice is not.
        event=f"comment-answered:{comment.pk}:{comment.response.answered_at.timestamp():.6f}",
    )


# Set while a grouping job of the draft is waiting to start; it expires, so a job that never ran (a worker
# down) does not keep the draft's later comments from scheduling another.
GROUPING_SCHEDULED_SECONDS = 30


def _grouping_key(draft_id: int) -> str:
    return f"campaigns:grouping-scheduled:{draft_id}"


def schedule_grouping(draft_id: int) -> None:
    """After an intake commits: a grouping job for the draft, unless one is already waiting to start (it will
    see this comment: it clears the mark before it reads), so a busy discussion is grouped in batches."""
    if cache.add(_grouping_key(draft_id), 1, GROUPING_SCHEDULED_SECONDS):
        group_campaigns.enqueue(draft_id)


@task()
def group_campaigns(draft_id: int) -> int:
    """Groups every comment of the draft waiting for it into campaigns (comments.campaigns.group_waiting)."""
    # Cleared before reading: a comment committed after the read schedules the next job.
    cache.delete(_grouping_key(draft_id))
    grouped = 0
    while batch := campaigns.group_waiting(draft_id):
        grouped += batch
    return grouped


@dataclass(frozen=True)
class GroupingCatchUp:
    drafts: list[int]

    def lines(self) -> list[str]:
        return [f"campaigns: grouping scheduled for {len(self.drafts)} drafts"] if self.drafts else []

    def as_dict(self) -> dict:
        return {"drafts": self.drafts}


def grouping_catch_up() -> GroupingCatchUp:
    """Comments a process left waiting (killed between its commit and the job) are grouped by a new job."""
    drafts = campaigns.drafts_waiting()
    for draft_id in drafts:
        group_campaigns.enqueue(draft_id)
    return GroupingCatchUp(drafts)


# A campaign's job reads this many of its members at a time: a chunk's ids in memory, never the campaign's.
CAMPAIGN_CHUNK = 500


class CampaignNoticesFailed(Exception):
    """Some of a campaign's authors could not be told (the others were); the log names each."""


def _tell_each(members, notify) -> int:
    """Tells each member's author as `notify` tells one, in chunks of CAMPAIGN_CHUNK, lowest id first. One
    author that cannot be told (a mail server refusing an address) does not keep the next from hearing."""
    sent, failed, last = 0, 0, 0
    while chunk := list(members.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:CAMPAIGN_CHUNK]):
        for comment_id in chunk:
            try:
                sent += notify.call(comment_id)
            except Exception:
                failed += 1
                log.exception("The author of comment %d was not told.", comment_id)
        last = chunk[-1]
    if failed:
        raise CampaignNoticesFailed(f"{failed} authors were not told; {sent} e-mails were sent.")
    return sent


@task()
def notify_campaign_moderated(campaign_id: int, moderated_at: str) -> int:
    """Tells each author of a comment of the campaign decided at `moderated_at` (one decision of
    comments.campaign_moderation) what notify_comment_moderated tells one: one job for the whole campaign."""
    at = datetime.datetime.fromisoformat(moderated_at)
    return _tell_each(Comment.objects.filter(campaign_id=campaign_id, moderated_at=at), notify_comment_moderated)


@task()
def notify_campaign_answered(campaign_id: int, answered_at: str) -> int:
    """Tells each author of a comment of the campaign answered at `answered_at` (one answer of
    comments.campaign_moderation) what notify_comment_answered tells one; an answer revised meanwhile is told by
    its own job."""
    at = datetime.datetime.fromisoformat(answered_at)
    members = Comment.objects.filter(campaign_id=campaign_id, response__answered_at=at)
    return _tell_each(members, notify_comment_answered)
