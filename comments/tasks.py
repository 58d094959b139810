"""Jobs that tell comment authors (notice and e-mail) what became of their comment; scheduled on commit."""

from django_tasks import task

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
