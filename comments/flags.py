"""Flags (issue 14): anyone logged in reports a published public comment or reply of someone else, once,
during the public discussion; a moderator hides the item (with a public reason shown in its place) or
dismisses its flags. Both resolve every open flag of the item; a hidden item stays in the record."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from comments.models import Comment, Flag, FlagReason, FlagResolution, Kind, Status
from comments.permissions import can_moderate
from comments.replies import discussion_open_for
from comments.selectors import access_comment
from drafts.selectors import lock_draft_shared
from kernel import outbox
from kernel.errors import Forbidden, InvalidArguments, StateConflict

FLAG_TEXT_MAX_LENGTH = 2000
HIDE_REASON_MAX_LENGTH = 2000


def _flaggable(comment: Comment) -> None:
    if comment.kind != Kind.PUBLIC:
        raise StateConflict(_("Expert remarks are not flagged; only published public comments and replies are."))
    if comment.status != Status.PUBLISHED:
        raise StateConflict(
            _("Only published comments and replies are flagged; this one is %(status)s.")
            % {"status": comment.get_status_display().lower()}
        )


def flag_create(
    *, user, comment_id: int, reason: str, text: str = "", received_at: datetime.datetime | None = None
) -> Flag:
    """Records the user's one flag of a published public comment or reply (not their own) during the draft's
    public discussion. A second flag by the same user, even sent at the same moment, is refused (409): the
    unique constraint decides."""
    received_at = received_at or timezone.now()
    comment = access_comment(user, comment_id)
    if not user.is_authenticated:
        raise Forbidden(_("Log in to flag a comment."))
    if reason not in FlagReason.values:
        raise InvalidArguments({"reason": _("Choose one of: %(v)s.") % {"v": ", ".join(FlagReason.values)}})
    text = (text or "").strip()
    if len(text) > FLAG_TEXT_MAX_LENGTH:
        raise InvalidArguments({"text": _("At most %(n)d characters.") % {"n": FLAG_TEXT_MAX_LENGTH}})
    _flaggable(comment)
    if comment.author_id == user.pk:
        raise Forbidden(_("This is your own comment; you cannot flag it."))
    with transaction.atomic():
        draft = lock_draft_shared(comment.draft_id)
        discussion_open_for(
            draft,
            received_at,
            _("Flags are taken only while the draft is under public discussion, before its deadline."),
        )
        try:
            with transaction.atomic():
                return Flag.objects.create(comment=comment, user=user, reason=reason, text=text, created_at=received_at)
        except IntegrityError:
            raise StateConflict(_("You have already flagged comment no. %(id)d.") % {"id": comment.pk}) from None


def _locked_for_moderation(user, comment_id: int) -> Comment:
    """The comment, locked after its draft (shared), the order comment_moderate takes them in; moderators only."""
    seen = access_comment(user, comment_id)
    if not can_moderate(user):
        raise Forbidden(_("Only moderators hide comments or dismiss flags."))
    lock_draft_shared(seen.draft_id)
    comment = Comment.objects.select_for_update(of=("self",)).get(pk=comment_id)
    comment.draft = seen.draft
    if comment.kind != Kind.PUBLIC:
        raise StateConflict(_("Expert remarks are neither hidden nor flagged."))
    return comment


def _resolve_open_flags(comment: Comment, user, resolution: str, at) -> int:
    return Flag.objects.filter(comment=comment, resolution="").update(
        resolution=resolution, resolved_by=user, resolved_at=at
    )


def comment_hide(*, user, comment_id: int, reason: str) -> Comment:
    """A moderator takes down a published comment or reply: it is kept (moderators, the drafters and its author
    still read it) and shown to everyone else as "Hidden by a moderator: <reason>"; its open flags are resolved
    as hidden and it leaves the search index (DRAFT_CHANGED). A second moderator hiding it meanwhile gets 409."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidArguments({"reason": _("Say why it is hidden; everyone reads the reason in its place.")})
    if len(reason) > HIDE_REASON_MAX_LENGTH:
        raise InvalidArguments({"reason": _("At most %(n)d characters.") % {"n": HIDE_REASON_MAX_LENGTH}})
    with transaction.atomic():
        comment = _locked_for_moderation(user, comment_id)
        if comment.status != Status.PUBLISHED:
            raise StateConflict(
                _("Comment no. %(id)d is %(status)s, not published; it changed meanwhile.")
                % {"id": comment.pk, "status": comment.get_status_display().lower()}
            )
        now = timezone.now()
        comment.status = Status.HIDDEN
        comment.moderated_by, comment.moderated_at, comment.moderation_reason = user, now, reason
        comment.save(update_fields=["status", "moderated_by", "moderated_at", "moderation_reason"])
        _resolve_open_flags(comment, user, FlagResolution.HIDDEN, now)
        outbox.publish(outbox.DRAFT_CHANGED, comment.draft_id)
    return comment


def flags_dismiss(*, user, comment_id: int) -> int:
    """A moderator finds nothing wrong: every open flag of the comment is resolved as dismissed and it stays
    published. 409 when none is open (another moderator resolved them meanwhile). Returns how many."""
    with transaction.atomic():
        comment = _locked_for_moderation(user, comment_id)
        dismissed = _resolve_open_flags(comment, user, FlagResolution.DISMISSED, timezone.now())
        if not dismissed:
            raise StateConflict(
                _("Comment no. %(id)d has no open flag; another moderator may have resolved them meanwhile.")
                % {"id": comment.pk}
            )
    return dismissed
