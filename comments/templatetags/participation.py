"""What pages show of a comment's author and of a hidden comment, by the rules of comments.selectors and
comments.permissions (the draft and the reader are the page's own `draft` and `user`)."""

from django import template

from comments.models import Status
from comments.permissions import can_read_hidden, can_see_author
from comments.selectors import public_author_name

register = template.Library()


def _reader_and_draft(context, comment):
    return context.get("user"), context.get("draft") or comment.draft


@register.simple_tag(takes_context=True)
def comment_author(context, comment) -> str:
    """The author's name as this reader may read it ("A citizen" for a comment published without a name)."""
    user, draft = _reader_and_draft(context, comment)
    return public_author_name(comment, user, draft)


@register.simple_tag(takes_context=True)
def reads_author_of_anonymous(context, comment) -> bool:
    """Whether this reader sees the name of a comment published without it (to mark it so)."""
    user, draft = _reader_and_draft(context, comment)
    return bool(comment.anonymous and user is not None and can_see_author(user, comment, draft))


@register.simple_tag(takes_context=True)
def reads_text_of(context, comment) -> bool:
    """Whether this reader reads the comment's text and files: always, unless a moderator hid it."""
    if comment.status != Status.HIDDEN:
        return True
    user, draft = _reader_and_draft(context, comment)
    return bool(user is not None and can_read_hidden(user, comment, draft))
