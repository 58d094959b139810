"""Jobs that tell comment authors what became of their comment; scheduled on commit."""

from django_tasks import task

from comments.models import Comment, Status
from kernel import mail


def _context(comment) -> dict:
    return {
        "comment": comment,
        "response": getattr(comment, "response", None),
        "link": mail.page_link(f"/drafts/{comment.draft_id}/#comment-{comment.pk}"),
        "profile_link": mail.page_link("/me/"),
    }


@task()
def notify_comment_moderated(comment_id: int) -> int:
    """E-mails the author, in their language, whether their comment was published or rejected, and why."""
    comment = Comment.objects.select_related("draft", "author").get(pk=comment_id)
    if not comment.author.email or comment.submitted_for:
        return 0
    name = "comment_published" if comment.status == Status.PUBLISHED else "comment_rejected"
    return mail.mail_users(name, [comment.author], _context(comment))


@task()
def notify_comment_answered(comment_id: int) -> int:
    """E-mails the author, in their language, the drafters' answer to their comment."""
    comment = Comment.objects.select_related("draft", "author", "response").get(pk=comment_id)
    if not comment.author.email or comment.submitted_for:
        return 0
    return mail.mail_users("comment_answered", [comment.author], _context(comment))
