"""Support and opposition (issue 14): every write of a vote.

A logged-in user has at most one vote on a draft (`for` or `against`) and at most one support of
each published public comment. Both can be cast, changed and withdrawn only while the draft is
under public discussion, judged like a comment against the moment the request arrived; before the
discussion opens and after it closes they are refused (409), so the counts are frozen at closing by
the same rule. The counts are read with the drafts and comments (comments.selectors.with_*_votes).
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from comments.models import Comment, CommentVote, DraftVote, DraftVoteChoice, Kind, Status
from comments.selectors import Votes, access_comment, comment_votes_of, draft_votes_of
from drafts.models import Draft
from drafts.selectors import access_draft, lock_draft_shared
from kernel import freshness
from kernel.errors import Forbidden, InvalidArguments, StateConflict
from kernel.states import State


def _logged_in(user) -> None:
    if not user.is_authenticated:
        raise Forbidden(_("Log in to support or oppose."))


def votes_open(draft: Draft, at: datetime.datetime | None = None) -> bool:
    """Whether votes on the draft and its comments may be cast, changed or withdrawn at that moment."""
    at = at or timezone.now()
    return draft.status == State.PUBLIC_DISCUSSION and at < draft.discussion_ends_at


def votes_shown(draft: Draft) -> bool:
    """Whether the draft has had a public discussion, so that its counts (live or final) mean something."""
    return draft.discussion_ends_at is not None


def _open_for_votes(draft: Draft, received_at: datetime.datetime) -> None:
    """Called with the draft locked (shared), so no transition slips in between this check and the write."""
    if draft.status != State.PUBLIC_DISCUSSION:
        raise StateConflict(
            _("Votes are taken only while the draft is under public discussion; it is in '%(state)s'.")
            % {"state": draft.get_status_display()}
        )
    if received_at >= draft.discussion_ends_at:
        raise StateConflict(
            _("The public discussion ended at %(deadline)s; votes can no longer be cast, changed or withdrawn.")
            % {"deadline": timezone.localtime(draft.discussion_ends_at).strftime("%Y-%m-%d %H:%M:%S")}
        )


def draft_vote_cast(*, user, draft_id: int, vote: str, received_at: datetime.datetime | None = None) -> Votes:
    """Records the user's one vote on the draft, `for` or `against`, in place of their earlier one;
    only during its public discussion. Parallel votes of one user leave one row (the unique constraint
    and an upsert: the last to commit wins)."""
    received_at = received_at or timezone.now()
    draft = access_draft(user, draft_id)
    _logged_in(user)
    if vote not in DraftVoteChoice.values:
        raise InvalidArguments({"vote": _("Choose 'for' (support) or 'against' (oppose).")})
    with transaction.atomic():
        draft = lock_draft_shared(draft.pk)
        _open_for_votes(draft, received_at)
        earlier = DraftVote.objects.filter(draft=draft, user=user).values_list("vote", flat=True).first()
        if earlier != vote:
            DraftVote.objects.bulk_create(
                [DraftVote(draft=draft, user=user, vote=vote, cast_at=received_at)],
                update_conflicts=True,
                unique_fields=["draft", "user"],
                update_fields=["vote", "cast_at"],
            )
            freshness.draft_changed(draft.pk)  # the counts every reader of the draft sees
        return draft_votes_of(user, draft.pk)


def draft_vote_withdraw(*, user, draft_id: int, received_at: datetime.datetime | None = None) -> Votes:
    """Takes back the user's vote on the draft, if any; only during its public discussion."""
    received_at = received_at or timezone.now()
    draft = access_draft(user, draft_id)
    _logged_in(user)
    with transaction.atomic():
        draft = lock_draft_shared(draft.pk)
        _open_for_votes(draft, received_at)
        if DraftVote.objects.filter(draft=draft, user=user).delete()[0]:
            freshness.draft_changed(draft.pk)
        return draft_votes_of(user, draft.pk)


def _supportable(comment: Comment) -> None:
    if comment.kind != Kind.PUBLIC:
        raise StateConflict(_("Expert remarks are not voted on; only published public comments can be supported."))
    if comment.status != Status.PUBLISHED:
        raise StateConflict(
            _("Only published comments can be supported; this one is %(status)s.")
            % {"status": comment.get_status_display().lower()}
        )


def comment_vote_cast(
    *, user, comment_id: int, vote: str = DraftVoteChoice.FOR, received_at: datetime.datetime | None = None
) -> Votes:
    """Records the user's one support of a published public comment (not their own); only during the
    draft's public discussion. A comment is supported or not: there is no vote against it."""
    received_at = received_at or timezone.now()
    comment = access_comment(user, comment_id)
    _logged_in(user)
    if vote != DraftVoteChoice.FOR:
        raise InvalidArguments({"vote": _("A comment can only be supported: send 'for'.")})
    _supportable(comment)
    if comment.author_id == user.pk:
        raise Forbidden(_("This is your own comment; support the comments of others."))
    with transaction.atomic():
        draft = lock_draft_shared(comment.draft_id)
        _open_for_votes(draft, received_at)
        if not CommentVote.objects.filter(comment=comment, user=user).exists():
            # A parallel request of the same user may insert first: its row stands, this one adds nothing.
            CommentVote.objects.bulk_create(
                [CommentVote(comment=comment, user=user, cast_at=received_at)], ignore_conflicts=True
            )
        return comment_votes_of(user, comment.pk)


def comment_vote_withdraw(*, user, comment_id: int, received_at: datetime.datetime | None = None) -> Votes:
    """Takes back the user's support of the comment, if any; only during the draft's public discussion."""
    received_at = received_at or timezone.now()
    comment = access_comment(user, comment_id)
    _logged_in(user)
    _supportable(comment)
    with transaction.atomic():
        draft = lock_draft_shared(comment.draft_id)
        _open_for_votes(draft, received_at)
        CommentVote.objects.filter(comment=comment, user=user).delete()
        return comment_votes_of(user, comment.pk)
