"""Replies between participants (issue 14): one level deep, under a published public comment, during the
public discussion; moderated like comments (comments.services.comment_moderate), never answered by the
drafters and never counted as proposals (selectors.unanswered_comment_ids, the summary)."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from comments.models import Comment, Kind, Status
from comments.selectors import access_comment
from comments.services import COMMENT_MAX_LENGTH, _check_rate, _required_text
from comments.speakers import checked_speaker
from comments.text import comment_fingerprint
from drafts.selectors import lock_draft_shared
from kernel.errors import Forbidden, StateConflict
from kernel.states import State


def discussion_open_for(draft, received_at: datetime.datetime, refusal: str) -> None:
    """409 with `refusal` unless the draft (locked by the caller) is under public discussion at `received_at`."""
    if draft.status != State.PUBLIC_DISCUSSION or received_at >= draft.discussion_ends_at:
        raise StateConflict(refusal)


def _repliable(parent: Comment) -> None:
    if parent.kind != Kind.PUBLIC:
        raise StateConflict(_("Expert remarks take no replies; reply to a published public comment."))
    if parent.parent_id:
        raise StateConflict(
            _("Replies go one level deep: reply to comment no. %(id)d instead.") % {"id": parent.parent_id},
            details={"reply_to": parent.parent_id},
        )
    if parent.status != Status.PUBLISHED:
        raise StateConflict(
            _("Only published comments take replies; this one is %(status)s.")
            % {"status": parent.get_status_display().lower()}
        )


def reply_submit(
    *,
    user,
    comment_id: int,
    text: str,
    received_at: datetime.datetime | None = None,
    respondent_type: str | None = None,
    organisation: str | None = None,
    anonymous: bool | None = None,
) -> Comment:
    """Records a logged-in user's reply to a published public comment (not to a reply), pending moderation,
    during the draft's public discussion (judged against `received_at`, as comments are); the same rate limit
    and duplicate check as comments. 404 for a comment the user cannot see, 409 for one that takes no reply."""
    received_at = received_at or timezone.now()
    parent = access_comment(user, comment_id)
    if not user.is_authenticated:
        raise Forbidden(_("Log in to reply."))
    text = _required_text(text, "text", COMMENT_MAX_LENGTH)
    speaker = checked_speaker(respondent_type, organisation, anonymous)
    _repliable(parent)
    with transaction.atomic():
        draft = lock_draft_shared(parent.draft_id)
        discussion_open_for(
            draft,
            received_at,
            _("Replies are taken only while the draft is under public discussion, before its deadline."),
        )
        # The author's row locked: their comments and replies go one at a time (rate limit, duplicates).
        get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk").first()
        # Read again under the locks: a moderator may have hidden it since.
        parent = Comment.objects.select_related("version", "article").get(pk=parent.pk)
        _repliable(parent)
        _check_rate(user, received_at)
        fingerprint = comment_fingerprint(text)
        earlier = Comment.objects.filter(parent=parent, author=user, fingerprint=fingerprint).values_list(
            "pk", flat=True
        )
        if earlier.first():
            raise StateConflict(
                _("You have already sent this reply (no. %(id)d).") % {"id": earlier.first()},
                details={"duplicate_of": earlier.first()},
            )
        return Comment.objects.create(
            draft=draft,
            # On the provision its comment is on, so that it is shown (and found) there.
            version=parent.version,
            article=parent.article,
            parent=parent,
            kind=Kind.PUBLIC,
            status=Status.PENDING,
            author=user,
            text=text,
            fingerprint=fingerprint,
            created_at=received_at,
            **speaker.fields(),
        )
