"""Jobs that tell comment authors what became of their comment; scheduled on commit."""

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task

from comments.models import Comment, Status


def _link(comment) -> str:
    return f"{settings.SITE_URL}/api/v1/comments/{comment.pk}/"


@task()
def notify_comment_moderated(comment_id: int) -> int:
    """E-mails the author whether their comment was published or rejected, and why."""
    comment = Comment.objects.select_related("draft", "author").get(pk=comment_id)
    if not comment.author.email or comment.submitted_for:
        return 0
    if comment.status == Status.PUBLISHED:
        subject = f"Your comment on “{comment.draft.title[:80]}” is published"
        body = f"Your comment no. {comment.pk} is now public.\n\n{_link(comment)}\n"
    else:
        subject = f"Your comment on “{comment.draft.title[:80]}” was not published"
        body = f"The moderator did not publish your comment no. {comment.pk}.\nReason: {comment.moderation_reason}\n"
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [comment.author.email])


@task()
def notify_comment_answered(comment_id: int) -> int:
    """E-mails the author the drafters' answer to their comment."""
    comment = Comment.objects.select_related("draft", "author", "response").get(pk=comment_id)
    if not comment.author.email or comment.submitted_for:
        return 0
    response = comment.response
    subject = f"Answer to your comment on “{comment.draft.title[:80]}”"
    body = (
        f"The drafters answered your comment no. {comment.pk}: {response.get_decision_display()}.\n\n"
        f"{response.text}\n\n{_link(comment)}\n"
    )
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [comment.author.email])
