"""Every write of comments, conclusions, moderation decisions, responses and follows (brief §4)."""

import datetime
from functools import partial

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from comments import grouping
from comments.attachments import check_comment_files, comment_files_store
from comments.models import Channel, Comment, Conclusion, Decision, Follow, Kind, Response, Status, Verdict
from comments.permissions import can_moderate, can_respond
from comments.selectors import MODERATABLE_STATES, access_comment, as_written
from comments.speakers import checked_speaker
from comments.tasks import notify_comment_answered, notify_comment_moderated
from comments.text import comment_fingerprint
from drafts.models import Article, Draft, DraftVersion, ExpertGroup
from drafts.selectors import access_draft, lock_draft_shared, lock_visible_draft_shared
from kernel import outbox, rows
from kernel.errors import Forbidden, InvalidArguments, RateLimited, ServiceError, StateConflict
from kernel.integers import MAX_ID
from kernel.states import State

CONCLUSION_MAX_LENGTH = 20000
COMMENT_MAX_LENGTH = 5000
RESPONSE_MAX_LENGTH = 20000
# Drafts whose comments can still be answered: answers are settled before approval.
ANSWERABLE_STATES = {State.DRAFT, State.EXPERT_REVIEW, State.PUBLIC_DISCUSSION, State.FINALIZATION}


def _groups_of_user_assigned_to(user, draft) -> list[ExpertGroup]:
    return list(ExpertGroup.objects.filter(assignments__draft=draft, group__user=user).order_by("name"))


def _pick_group(user, draft, group_id) -> ExpertGroup:
    groups = _groups_of_user_assigned_to(user, draft)
    if not groups:
        raise Forbidden(_("Only members of an expert group assigned to this draft can do this."))
    if group_id in (None, ""):
        if len(groups) > 1:
            raise InvalidArguments({"group": _("You belong to several assigned groups: name the group.")})
        return groups[0]
    group = next((g for g in groups if str(g.pk) == str(group_id)), None)
    if group is None:
        raise Forbidden(_("You are not a member of expert group %(id)s assigned to this draft.") % {"id": group_id})
    return group


def _required_text(text: str | None, field: str, limit: int) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidArguments({field: _("Write the text; it cannot be empty.")})
    if len(text) > limit:
        raise InvalidArguments(
            {field: _("The text is too long: %(n)d characters, at most %(limit)d.") % {"n": len(text), "limit": limit}}
        )
    return text


def conclusion_submit(*, user, draft_id: int, verdict: str, text: str, group_id=None) -> Conclusion:
    """Records an assigned expert group's one conclusion for the draft's current review round."""
    access_draft(user, draft_id)
    if verdict not in Verdict.values:
        raise InvalidArguments({"verdict": _("Choose one of: %(v)s.") % {"v": ", ".join(Verdict.values)}})
    text = _required_text(text, "text", CONCLUSION_MAX_LENGTH)
    with transaction.atomic():
        draft = Draft.objects.select_for_update().get(pk=draft_id)
        group = _pick_group(user, draft, group_id)
        if draft.status != State.EXPERT_REVIEW:
            raise StateConflict(_("Conclusions are submitted only while the draft is under expert review."))
        try:
            with transaction.atomic():
                return Conclusion.objects.create(
                    draft=draft,
                    group=group,
                    review_round=draft.review_round,
                    version=draft.versions.get(number=draft.version),
                    verdict=verdict,
                    text=text,
                    author=user,
                )
        except IntegrityError:
            raise StateConflict(
                _("The group %(name)s has already submitted its conclusion for this review round.")
                % {"name": group.name}
            ) from None


def _article_of(draft: Draft, article) -> Article | None:
    """The article of the draft's current version named by id or key; a clear 400 otherwise."""
    if article in (None, ""):
        return None
    version_articles = Article.objects.filter(version__draft=draft, version__number=draft.version)
    # An id is plain ASCII digits ("²" is a digit to Python, not to the database).
    text = str(article)
    is_id = text.isascii() and text.isdigit() and len(text) <= len(str(MAX_ID)) and int(text) <= MAX_ID
    found = version_articles.filter(pk=article).first() if is_id else version_articles.filter(key=text[:64]).first()
    if found is None:
        raise InvalidArguments(
            {
                "article": _("Version %(v)d of this draft has no article %(a)s; list them at versions/%(v)d/.")
                % {"v": draft.version, "a": article}
            }
        )
    return found


def _rate_bounds(now: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    """When the author's comments that count against the rate limit at `now` were stamped."""
    _limit, window = settings.COMMENT_RATE_LIMIT
    span = datetime.timedelta(seconds=window)
    # Comments stamped a moment after `now` count too: a parallel request that arrived later may
    # have committed first. (Bounded, so the demo world's comments made with the clock set back
    # do not count against its present.)
    return now - span, now + span


def _rate_window(now: datetime.datetime) -> Q:
    """The author's comments that count against the rate limit at `now`."""
    start, end = _rate_bounds(now)
    return Q(created_at__gte=start, created_at__lte=end)


def _lock_author(user) -> None:
    """The author's row, until commit: one author's submissions go one at a time, so the rate limit and the
    duplicate check hold under parallel requests. SQLite serialises all writers anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT 1 FROM "{user._meta.db_table}" WHERE id = %s FOR UPDATE', [user.pk])


def _sent_before(user, draft, target, fingerprint: str, now: datetime.datetime) -> tuple[int, int | None]:
    """In one read: how many comments the author sent in the rate window, and an earlier one of theirs with the
    same text on the same provision (or None). Called with the author's row locked, so parallel submissions
    are counted one after another.

    Only the rows either part needs are read (each part has its index), however many comments the author
    has sent. Plain SQL: every intake runs it, and the ORM's building of this aggregate cost several times
    the database's answering it."""
    adapt = connection.ops.adapt_datetimefield_value
    start, end = (adapt(moment) for moment in _rate_bounds(now))
    recent = "created_at >= %s AND created_at <= %s"
    same = "draft_id = %s AND fingerprint = %s AND " + ("article_id IS NULL" if target is None else "article_id = %s")
    same_params = [draft.pk, fingerprint] + ([] if target is None else [target.pk])
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FILTER (WHERE {recent}), MIN(id) FILTER (WHERE {same}) "
            f'FROM "{Comment._meta.db_table}" WHERE author_id = %s AND (({recent}) OR ({same}))',
            [start, end, *same_params, user.pk, start, end, *same_params],
        )
        return cursor.fetchone()


def _check_rate(user, now: datetime.datetime) -> None:
    """Called with the author's row locked, so parallel submissions are counted one after another."""
    _refuse_over_rate(Comment.objects.filter(author=user).filter(_rate_window(now)).count())


def _earlier_copy(user, draft, target, fingerprint: str, besides: int) -> int | None:
    """Another comment of the author's with the same text on the same provision (an edit must not make one)."""
    return (
        Comment.objects.filter(draft=draft, author=user, article=target, fingerprint=fingerprint)
        .exclude(pk=besides)
        .values_list("pk", flat=True)
        .first()
    )


def _refuse_over_rate(recent: int) -> None:
    limit, window = settings.COMMENT_RATE_LIMIT
    if recent >= limit:
        raise RateLimited(
            _("You have sent %(n)d comments in the last %(m)d minutes; please wait before sending more.")
            % {"n": limit, "m": window // 60},
            retry_after=window,
        )


def _refuse_repeat(earlier: int | None) -> None:
    """409 when the author already sent the same text on the same provision (a double click, a resent form)."""
    if earlier:
        raise StateConflict(
            _("You have already sent this comment (no. %(id)d).") % {"id": earlier},
            details={"duplicate_of": earlier},
        )


def comment_submit(
    *,
    user,
    draft_id: int,
    text: str,
    article=None,
    received_at: datetime.datetime | None = None,
    group_id=None,
    channel: str = Channel.WEB,
    submitted_for: str = "",
    files=(),
    respondent_type: str | None = None,
    organisation: str | None = None,
    anonymous: bool | None = None,
) -> Comment:
    """Records an expert remark (in expert review) or a public comment (in public discussion, before the deadline).

    The deadline is judged against `received_at`, the moment the request arrived, so a comment sent
    before the deadline is accepted even if the deadline passes while it is being processed. A
    public comment may carry up to three `files` (documents, pictures), stored with it or not at all,
    and says who is speaking (`respondent_type`, `organisation`, `anonymous`: comments.speakers).
    """
    received_at = received_at or timezone.now()
    if not user.is_authenticated:
        access_draft(user, draft_id)  # a draft the visitor may not see is absent, not a reason to log in
        raise Forbidden(_("Log in to comment."))
    text = _required_text(text, "text", COMMENT_MAX_LENGTH)
    files = check_comment_files(files)
    speaker = checked_speaker(respondent_type, organisation, anonymous)
    on_behalf = channel != Channel.WEB or bool(submitted_for)
    if on_behalf:
        if not can_moderate(user):
            access_draft(user, draft_id)
            raise Forbidden(_("Only moderators enter proposals received by phone, letter or in person."))
        if channel not in Channel.values or channel == Channel.WEB:
            raise InvalidArguments(
                {"channel": _("Choose phone, letter or in_person for a proposal entered on someone's behalf.")}
            )
        submitted_for = _required_text(submitted_for, "submitted_for", 300)

    with transaction.atomic():
        draft = lock_visible_draft_shared(user, draft_id)
        if draft.status == State.EXPERT_REVIEW:
            if on_behalf:
                raise StateConflict(_("Proposals from the public are taken only during public discussion."))
            group = _pick_group(user, draft, group_id)
            kind, status = Kind.EXPERT, Status.PUBLISHED
        elif draft.status == State.PUBLIC_DISCUSSION:
            if received_at >= draft.discussion_ends_at:
                raise StateConflict(
                    _("The public discussion ended at %(deadline)s; comments are no longer accepted.")
                    % {"deadline": timezone.localtime(draft.discussion_ends_at).strftime("%Y-%m-%d %H:%M:%S")}
                )
            group, kind = None, Kind.PUBLIC
            status = Status.PUBLISHED if on_behalf else Status.PENDING
        else:
            raise StateConflict(
                _(
                    "Comments are accepted during expert review (from assigned experts) and public discussion; this draft is in '%(state)s'."
                )
                % {"state": draft.get_status_display()}
            )
        target = _article_of(draft, article)
        fingerprint = comment_fingerprint(text)
        if not on_behalf:
            _lock_author(user)
            recent, earlier = _sent_before(user, draft, target, fingerprint, received_at)
            _refuse_over_rate(recent)
            _refuse_repeat(earlier)
        published = status == Status.PUBLISHED and kind == Kind.PUBLIC
        comment = Comment(
            draft=draft,
            # The version as the draft's lock read it: what the comment refers to, and its number for the answer.
            version=DraftVersion(pk=draft.current_version_id, draft_id=draft.pk, number=draft.version),
            article=target,
            kind=kind,
            status=status,
            group=group,
            author=user,
            text=text,
            fingerprint=fingerprint,
            created_at=received_at,
            channel=channel,
            submitted_for=submitted_for,
            moderated_by=user if published else None,
            moderated_at=received_at if published else None,
            # An expert remark speaks for its group, never anonymously.
            **(speaker.fields() if kind == Kind.PUBLIC else {}),
        )
        # A near-duplicate of earlier comments on the draft joins their campaign (form letters, issue 13),
        # found after the commit: intake does not wait for it.
        comment.campaign_pending = grouping.is_grouped(comment)
        rows.insert(comment)
        if published:
            # Its own search document, not its draft's: the cost does not grow with the discussion.
            outbox.publish(outbox.COMMENT_CHANGED, comment.pk)
        if comment.campaign_pending:
            outbox.publish(outbox.COMMENT_RECEIVED, draft.pk)
        attachments = []
        if files:
            if kind != Kind.PUBLIC:
                raise InvalidArguments(
                    {"files": _("Files are attached to public comments only, not to expert remarks.")}
                )
            attachments = comment_files_store(comment, files, user=user)
    return as_written(comment, attachments)


def comment_moderate(*, user, comment_id: int, decision: str, reason: str = "") -> Comment:
    """Publishes or rejects (with a reason) a pending public comment; its author is told after commit."""
    seen = access_comment(user, comment_id)
    if not can_moderate(user):
        raise Forbidden(_("Only moderators publish or reject comments."))
    if decision not in ("publish", "reject"):
        raise InvalidArguments({"decision": _("Choose 'publish' or 'reject'.")})
    reason = (reason or "").strip()
    if decision == "reject" and not reason:
        raise InvalidArguments({"reason": _("Say why the comment is rejected; its author will read it.")})
    with transaction.atomic():
        # Draft first (shared: no transition slips in, other comments go on), then the comment, the
        # order comment_edit takes them in; locking both in one join let the two deadlock.
        draft = lock_draft_shared(seen.draft_id)
        comment = Comment.objects.select_for_update(of=("self",)).get(pk=comment_id)
        comment.draft = draft
        if comment.kind != Kind.PUBLIC:
            raise StateConflict(_("Expert remarks are not moderated."))
        if comment.status != Status.PENDING:
            raise StateConflict(
                _("This comment was already %(status)s; it changed meanwhile.")
                % {"status": comment.get_status_display().lower()}
            )
        if comment.draft.status not in MODERATABLE_STATES:
            raise StateConflict(
                _("Comments of a draft in '%(state)s' can no longer be moderated.")
                % {"state": comment.draft.get_status_display()}
            )
        comment.status = Status.PUBLISHED if decision == "publish" else Status.REJECTED
        comment.moderated_by, comment.moderated_at, comment.moderation_reason = user, timezone.now(), reason
        comment.save(update_fields=["status", "moderated_by", "moderated_at", "moderation_reason"])
        outbox.publish(outbox.COMMENT_CHANGED, comment.pk)
        transaction.on_commit(partial(notify_comment_moderated.enqueue, comment.pk))
    return comment


# A batch is one screen of the queue; longer lists are refused, not truncated.
MODERATION_BATCH_MAX = 100


def comment_moderate_many(*, user, comment_ids: list[int], decision: str, reason: str = "") -> list[dict]:
    """Publishes or rejects each listed comment with one reason, each on its own: one refused comment
    (decided meanwhile, withdrawn, not found) does not undo the others. One outcome per id, in order.

    Each comment is decided by comment_moderate, under its row lock, so a comment decided by two
    moderators at once is decided once: the second gets a refusal for it.
    """
    if not user.is_authenticated or not can_moderate(user):
        raise Forbidden(_("Only moderators publish or reject comments."))
    if decision not in ("publish", "reject"):
        raise InvalidArguments({"decision": _("Choose 'publish' or 'reject'.")})
    reason = (reason or "").strip()
    if decision == "reject" and not reason:
        raise InvalidArguments({"reason": _("Say why the comments are rejected; their authors will read it.")})
    ids = list(dict.fromkeys(comment_ids or []))
    if not ids:
        raise InvalidArguments({"ids": _("Tick at least one comment.")})
    if len(ids) > MODERATION_BATCH_MAX:
        raise InvalidArguments(
            {"ids": _("At most %(n)d comments at once; you sent %(m)d.") % {"n": MODERATION_BATCH_MAX, "m": len(ids)}}
        )
    outcomes = []
    for comment_id in ids:
        try:
            comment = comment_moderate(user=user, comment_id=comment_id, decision=decision, reason=reason)
        except ServiceError as error:
            outcomes.append({"id": comment_id, "outcome": "refused", "status": None, "detail": _refusal(error)})
        else:
            outcomes.append({"id": comment_id, "outcome": comment.status, "status": comment.status, "detail": ""})
    return outcomes


def _refusal(error: ServiceError) -> str:
    if isinstance(error, InvalidArguments) and error.details:
        return " ".join(message for messages in error.details.values() for message in messages)
    return error.message


def _own_pending_comment(user, comment_id) -> Comment:
    """The user's own comment, read to check it before its conditional update."""
    comment = access_comment(user, comment_id)
    if comment.author_id != user.pk or comment.kind != Kind.PUBLIC or comment.submitted_for:
        raise Forbidden(_("Only its author edits or withdraws a comment."))
    return comment


def _not_pending(comment_id: int) -> StateConflict:
    status = Comment.objects.filter(pk=comment_id).values_list("status", flat=True).first()
    return StateConflict(
        _("The comment is no longer waiting for moderation (it is %(status)s); it can no longer be changed.")
        % {"status": Status(status).label.lower() if status in Status.values else status}
    )


def comment_edit(*, user, comment_id: int, text: str | None = None, article=None) -> Comment:
    """Changes the text and/or the article ("" for the whole draft) of the author's own comment while
    it waits for moderation and the discussion is open; None leaves that part as it is.

    The update is conditional on the comment still being pending, so an edit and a moderation
    decision taken at the same moment never both land: whichever commits second is refused.
    """
    if not user.is_authenticated:
        raise Forbidden(_("Log in to change your comment."))
    comment = _own_pending_comment(user, comment_id)
    if text is None and article is None:
        raise InvalidArguments({"text": _("Send the new text, the article, or both.")})
    if comment.parent_id and article is not None:
        raise InvalidArguments({"article": _("A reply stays on its comment's provision; change its text only.")})
    text = comment.text if text is None else _required_text(text, "text", COMMENT_MAX_LENGTH)
    now = timezone.now()
    with transaction.atomic():
        draft = lock_draft_shared(comment.draft_id)
        if comment.status != Status.PENDING:
            raise _not_pending(comment.pk)
        if draft.status != State.PUBLIC_DISCUSSION or now >= draft.discussion_ends_at:
            raise StateConflict(_("The public discussion is over; comments can no longer be changed."))
        target = comment.article if article is None else _article_of(draft, article)
        fingerprint = comment_fingerprint(text)
        _refuse_repeat(_earlier_copy(user, draft, target, fingerprint, besides=comment.pk))
        changes = {"text": text, "fingerprint": fingerprint, "edited_at": now}
        if target is None or target.version_id == comment.version_id:
            changes["article"] = target
        else:
            changes |= {"article": target, "version_id": target.version_id}
        updated = Comment.objects.filter(pk=comment.pk, author=user, kind=Kind.PUBLIC, status=Status.PENDING).update(
            **changes
        )
        if not updated:
            raise _not_pending(comment.pk)
    return access_comment(user, comment.pk)


def comment_withdraw(*, user, comment_id: int) -> Comment:
    """Takes the author's own pending comment out of moderation; it is kept, marked withdrawn.

    Conditional on the comment still being pending, like comment_edit: a comment published or
    rejected meanwhile stays as the moderator decided.
    """
    if not user.is_authenticated:
        raise Forbidden(_("Log in to withdraw your comment."))
    comment = _own_pending_comment(user, comment_id)
    if comment.status != Status.PENDING:
        raise _not_pending(comment.pk)
    with transaction.atomic():
        updated = Comment.objects.filter(pk=comment.pk, author=user, kind=Kind.PUBLIC, status=Status.PENDING).update(
            status=Status.WITHDRAWN, withdrawn_at=timezone.now()
        )
        if not updated:
            raise _not_pending(comment.pk)
    return access_comment(user, comment.pk)


def comment_respond(*, user, comment_id: int, decision: str, text: str) -> tuple[Response, bool]:
    """Records (or revises) the drafters' answer to a published comment or remark; True when new."""
    comment = access_comment(user, comment_id)
    if not can_respond(user, comment.draft):
        raise Forbidden(_("Only the draft's own drafters answer its comments."))
    if decision not in Decision.values:
        raise InvalidArguments({"decision": _("Choose one of: %(v)s.") % {"v": ", ".join(Decision.values)}})
    text = _required_text(text, "text", RESPONSE_MAX_LENGTH)
    with transaction.atomic():
        draft = Draft.objects.select_for_update().get(pk=comment.draft_id)
        if comment.parent_id:
            raise StateConflict(
                _("Replies between participants are not proposals and are not answered; answer comment no. %(id)d.")
                % {"id": comment.parent_id}
            )
        if comment.status != Status.PUBLISHED:
            raise StateConflict(
                _("Only published comments are answered; this one is %(s)s.")
                % {"s": comment.get_status_display().lower()}
            )
        if draft.status not in ANSWERABLE_STATES:
            raise StateConflict(
                _("Answers are settled once the draft is sent for approval; it is in '%(state)s'.")
                % {"state": draft.get_status_display()}
            )
        response, created = Response.objects.update_or_create(
            comment=comment, defaults={"decision": decision, "text": text, "author": user}
        )
        transaction.on_commit(partial(notify_comment_answered.enqueue, comment.pk))
    return response, created


def draft_follow(*, user, draft_id: int, follow: bool = True) -> bool:
    """Starts or stops following a visible draft; returns whether the user now follows it."""
    draft = access_draft(user, draft_id)
    if not user.is_authenticated:
        raise Forbidden(_("Log in to follow a draft."))
    if follow:
        Follow.objects.get_or_create(draft=draft, user=user)
    else:
        Follow.objects.filter(draft=draft, user=user).delete()
    return follow
