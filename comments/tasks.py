"""Jobs that tell comment authors (notice and e-mail) what became of their comment, and the one that groups
received comments into campaigns; scheduled on commit."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django_tasks import task

from comments import grouping
from comments.models import Comment, Status
from comments.selectors import public_author_name
from kernel import mail


def _path(comment) -> str:
    return f"/drafts/{comment.draft_id}/#comment-{comment.pk}"


def _context(comment) -> dict:
    return {
        "comment": comment,
        "response": getattr(comment, "response", None),
        "link": mail.page_link(_path(comment)),
        "profile_link": mail.page_link("/me/"),
    }


def _moderated_letter(comment) -> tuple[str, tuple] | None:
    """What the author of a moderated comment is told: (message, (user, context, path, event)) for
    kernel.mail.notify_each; None for a proposal entered for someone else, whose author is the moderator who
    needs no word of their own entry."""
    if comment.submitted_for:
        return None
    name = "comment_published" if comment.status == Status.PUBLISHED else "comment_rejected"
    return name, (comment.author, _context(comment), _path(comment), f"comment-moderated:{comment.pk}")


def _answered_letter(comment) -> tuple[str, tuple] | None:
    """What the author of an answered comment is told, as `_moderated_letter` says it."""
    if comment.submitted_for:
        return None
    # A changed answer is news again; the same answer told twice is not.
    event = f"comment-answered:{comment.pk}:{comment.response.answered_at.timestamp():.6f}"
    return "comment_answered", (comment.author, _context(comment), _path(comment), event)


def _tell(letter) -> int:
    if letter is None:
        return 0
    name, recipient = letter
    return mail.notify_each(name, [recipient])


@task()
def notify_comment_moderated(comment_id: int) -> int:
    """Tells the author, in their language, whether their comment was published or rejected, and why."""
    comment = Comment.objects.select_related("draft", "author", "response").get(pk=comment_id)
    sent = _tell(_moderated_letter(comment))
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
    return _tell(_answered_letter(Comment.objects.select_related("draft", "author", "response").get(pk=comment_id)))


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
    """Groups every comment of the draft waiting for it into campaigns (comments.grouping.group_waiting)."""
    # Cleared before reading: a comment committed after the read schedules the next job.
    cache.delete(_grouping_key(draft_id))
    grouped = 0
    while batch := grouping.group_waiting(draft_id):
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
    drafts = grouping.drafts_waiting()
    for draft_id in drafts:
        group_campaigns.enqueue(draft_id)
    return GroupingCatchUp(drafts)


# A campaign's job reads this many of its members at a time: a chunk's ids in memory, never the campaign's.
CAMPAIGN_CHUNK = 500


class CampaignNoticesFailed(Exception):
    """Some of a campaign's authors could not be told (the others were); the log names each."""


def _tell_each(members, letter_of) -> int:
    """Tells each member's author what `letter_of` says one comment's author is told, in chunks of
    CAMPAIGN_CHUNK, lowest id first: a chunk is read in one query, its notices written in one insert and its
    e-mails sent over one connection. One author that cannot be told (a mail server refusing an address)
    does not keep the next from hearing."""
    sent, failed, last = 0, 0, 0
    members = members.select_related("draft", "author__account", "response").order_by("pk")
    while chunk := list(members.filter(pk__gt=last)[:CAMPAIGN_CHUNK]):
        by_message = defaultdict(list)
        for letter in filter(None, map(letter_of, chunk)):
            by_message[letter[0]].append(letter[1])
        for name, recipients in by_message.items():
            try:
                sent += mail.notify_each(name, recipients)
            except mail.NotSent as refused:
                sent, failed = sent + refused.sent, failed + refused.failed
        last = chunk[-1].pk
    if failed:
        raise CampaignNoticesFailed(f"{failed} authors were not told; {sent} e-mails were sent.")
    return sent


@task()
def notify_campaign_moderated(campaign_id: int, moderated_at: str) -> int:
    """Tells each author of a comment of the campaign decided at `moderated_at` (one decision of
    comments.campaign_moderation) what notify_comment_moderated tells one: one job for the whole campaign."""
    at = datetime.datetime.fromisoformat(moderated_at)
    return _tell_each(Comment.objects.filter(campaign_id=campaign_id, moderated_at=at), _moderated_letter)


@task()
def notify_campaign_answered(campaign_id: int, answered_at: str) -> int:
    """Tells each author of a comment of the campaign answered at `answered_at` (one answer of
    comments.campaign_moderation) what notify_comment_answered tells one; an answer revised meanwhile is told by
    its own job."""
    at = datetime.datetime.fromisoformat(answered_at)
    members = Comment.objects.filter(campaign_id=campaign_id, response__answered_at=at)
    return _tell_each(members, _answered_letter)
