"""Reads of comments and conclusions that encode who may see what (brief §4)."""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, Concat, Trim
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from comments.models import (
    Comment,
    CommentAttachment,
    CommentVote,
    Conclusion,
    DraftVote,
    DraftVoteChoice,
    Flag,
    Follow,
    Kind,
    Status,
)
from comments.permissions import (
    can_moderate,
    can_read_hidden,
    can_see_author,
    can_see_comment,
    can_see_expert_material,
)
from drafts.models import Draft, ExpertGroup
from drafts.selectors import access_draft, draft_list_visible_to
from kernel.errors import NotVisible
from kernel.integers import MAX_ID
from kernel.states import State

# Comments of drafts in these states can still be published or rejected.
MODERATABLE_STATES = {State.PUBLIC_DISCUSSION, State.FINALIZATION}


# Votes are counted when read, by subqueries of the query that reads the drafts or comments: a list
# costs no extra query, a count never drifts from the rows it counts, and (draft, vote) is indexed.
# Nothing writes a vote once the discussion is closed (comments.votes), so the counts are frozen then.


def _count(votes: QuerySet, by: str) -> Coalesce:
    counted = votes.order_by().values(by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _no_vote() -> Value:
    return Value(None, output_field=CharField())


def with_draft_votes(drafts: QuerySet, user) -> QuerySet:
    """The drafts with `votes_for`, `votes_against` and the user's own `my_vote` ("for", "against" or None)."""
    votes = DraftVote.objects.filter(draft=OuterRef("pk"))
    mine = Subquery(votes.filter(user=user).values("vote")[:1]) if user.is_authenticated else _no_vote()
    return drafts.annotate(
        votes_for=_count(votes.filter(vote=DraftVoteChoice.FOR), "draft"),
        votes_against=_count(votes.filter(vote=DraftVoteChoice.AGAINST), "draft"),
        my_vote=mine,
    )


def with_comment_votes(comments: QuerySet, user) -> QuerySet:
    """The comments with `votes_for` (their supporters), `votes_against` (always 0: a comment is supported
    or not) and the user's own `my_vote` ("for" or None)."""
    votes = CommentVote.objects.filter(comment=OuterRef("pk"))
    mine = (
        Case(When(Exists(votes.filter(user=user)), then=Value(DraftVoteChoice.FOR.value)), default=_no_vote())
        if user.is_authenticated
        else _no_vote()
    )
    return comments.annotate(
        votes_for=_count(votes, "comment"), votes_against=Value(0, output_field=IntegerField()), my_vote=mine
    )


@dataclass(frozen=True)
class Votes:
    """How many support and oppose a draft or comment, and the reader's own vote (None: none, or anonymous)."""

    votes_for: int
    votes_against: int
    my_vote: str | None


def draft_votes_of(user, draft_id: int) -> Votes:
    """The counts of a draft the caller has opened, and the user's own vote, in one query."""
    row = with_draft_votes(Draft.objects.filter(pk=draft_id), user)
    return Votes(**row.values("votes_for", "votes_against", "my_vote").get())


def comment_votes_of(user, comment_id: int) -> Votes:
    """The supporters of a comment the caller has opened, and whether the user is one, in one query."""
    row = with_comment_votes(Comment.objects.filter(pk=comment_id), user)
    return Votes(**row.values("votes_for", "votes_against", "my_vote").get())


# The name shown in place of the author's of a comment published without a name (issue 14). Lazy: a
# document rendered in another language (the summary PDF, an e-mail) says it in that language.
ANONYMOUS_AUTHOR = gettext_lazy("A citizen")


def public_author_name(comment, viewer=None, draft=None) -> str | Promise:
    """THE rule for the author's name shown with a public comment or reply, wherever it is shown (API,
    pages, summary, search, e-mails, feeds, exports): "A citizen" for a comment published without a name,
    unless `viewer` may know it (its author, moderators, the draft's drafters: permissions.can_see_author);
    the person a moderator entered a proposal for; else the author's full name or user name.
    `viewer=None` gives the name as the public reads it: use that for anything published or sent.
    `draft` spares reading comment.draft when the caller holds the draft already (lists)."""
    if comment.anonymous and (
        viewer is None or not can_see_author(viewer, comment, draft if draft is not None else comment.draft)
    ):
        return ANONYMOUS_AUTHOR
    if comment.submitted_for:
        return comment.submitted_for
    return comment.author.get_full_name() or comment.author.get_username()


def with_public_author(comments: QuerySet) -> QuerySet:
    """The comments with `public_author`: public_author_name(comment) (as the public reads it) computed by
    the database, for lists read in bulk (exports, feeds, search documents) without loading the authors.
    "A citizen" is written in the language active when the query is built."""
    full_name = Trim(Concat("author__first_name", Value(" "), "author__last_name", output_field=CharField()))
    return comments.annotate(
        public_author=Case(
            When(anonymous=True, then=Value(str(ANONYMOUS_AUTHOR))),
            When(~Q(submitted_for=""), then=F("submitted_for")),
            When(~Q(author__first_name="") | ~Q(author__last_name=""), then=full_name),
            default=F("author__username"),
            output_field=CharField(),
        )
    )


def _with_attachments() -> Prefetch:
    """A comment's files, read for a whole page of comments in one query."""
    return Prefetch(
        "attachments", queryset=CommentAttachment.objects.select_related("stored_file").order_by("position")
    )


def groups_without_conclusion(draft) -> list:
    """Assigned expert groups that have not concluded the draft's current review round."""
    concluded = Conclusion.objects.filter(draft=draft, review_round=draft.review_round).values("group_id")
    return list(ExpertGroup.objects.filter(assignments__draft=draft).exclude(pk__in=concluded).order_by("name"))


def unanswered_comment_ids(draft) -> list[int]:
    """Published public comments and expert remarks of the draft that have no response (replies between
    participants are no proposals: nobody answers them)."""
    return list(
        Comment.objects.filter(draft=draft, response__isnull=True, status=Status.PUBLISHED, parent__isnull=True)
        .order_by("id")
        .values_list("id", flat=True)
    )


def pending_comment_count(draft) -> int:
    """Public comments of the draft that no moderator has decided on yet."""
    return Comment.objects.filter(draft=draft, kind=Kind.PUBLIC, status=Status.PENDING).count()


def conclusion_list_visible_to(user, draft) -> QuerySet[Conclusion]:
    """The draft's conclusions if the user may see expert material, else none."""
    if not can_see_expert_material(user, draft):
        return Conclusion.objects.none()
    return Conclusion.objects.filter(draft=draft).select_related("group", "author", "version")


def comment_list_visible_to(user, draft) -> QuerySet[Comment]:
    """The draft's comments and replies (`parent` set) the user may see, in one query whatever their number;
    hidden ones keep their place (their text is for permissions.can_read_hidden)."""
    visible = Q(kind=Kind.PUBLIC, status__in=[Status.PUBLISHED, Status.HIDDEN])
    if user.is_authenticated:
        if can_moderate(user):
            visible |= Q(kind=Kind.PUBLIC)
        else:
            visible |= Q(kind=Kind.PUBLIC, author=user)
        if can_see_expert_material(user, draft):
            visible |= Q(kind=Kind.EXPERT)
    return with_comment_votes(
        Comment.objects.filter(draft=draft)
        .filter(visible)
        .select_related("article", "version", "author", "group", "response", "response__author")
        .prefetch_related(_with_attachments())
        .order_by("created_at", "id"),
        user,
    )


def reply_list_visible_to(user, comment: Comment) -> QuerySet[Comment]:
    """The replies to a comment the user has opened (access_comment), as comment_list_visible_to shows them."""
    return comment_list_visible_to(user, comment.draft).filter(parent=comment)


def comment_list_of_author(user) -> QuerySet[Comment]:
    """The user's own comments on drafts they can still open, newest first."""
    return (
        Comment.objects.filter(author=user, draft__in=draft_list_visible_to(user).values("pk"))
        .select_related("draft", "article", "response")
        .order_by("-created_at", "-id")
    )


def follow_list_of(user) -> QuerySet[Follow]:
    """The drafts the user follows and can still open."""
    return (
        Follow.objects.filter(user=user, draft__in=draft_list_visible_to(user).values("pk"))
        .select_related("draft")
        .order_by("-created_at")
    )


# The ages the queue can be narrowed to, in days: what a moderator asks for, not any number.
QUEUE_AGES = (1, 3, 7)


def moderation_queue(
    user,
    *,
    draft_id: int | None = None,
    older_than_days: int | None = None,
    channel: str | None = None,
    newest_first: bool = False,
) -> QuerySet[Comment]:
    """For moderators: published comments and replies with open flags first (each with its `open_flags`),
    then pending public comments and replies, oldest first unless asked otherwise; optionally of one draft,
    received more than `older_than_days` ago, or by one channel. Withdrawn comments have left it."""
    if not can_moderate(user):
        return Comment.objects.none()
    open_flags = Flag.objects.filter(comment=OuterRef("pk"), resolution="")
    queue = Comment.objects.filter(kind=Kind.PUBLIC).filter(
        Q(status=Status.PENDING) | (Q(status=Status.PUBLISHED) & Exists(open_flags))
    )
    if draft_id is not None:
        queue = queue.filter(draft_id=draft_id)
    if older_than_days is not None:
        queue = queue.filter(created_at__lt=timezone.now() - datetime.timedelta(days=older_than_days))
    if channel is not None:
        queue = queue.filter(channel=channel)
    order = ["-created_at", "-id"] if newest_first else ["created_at", "id"]
    flags = Flag.objects.filter(resolution="").select_related("user").order_by("created_at", "id")
    return with_comment_votes(
        queue.annotate(flagged=Exists(open_flags))
        .select_related("draft", "article", "version", "author", "group", "response")
        .prefetch_related(_with_attachments(), Prefetch("flags", queryset=flags, to_attr="open_flags"))
        .order_by("-flagged", *order),
        user,
    )


def moderation_drafts(user) -> QuerySet:
    """The drafts a moderator can filter the queue by: those whose comments can still be moderated."""
    if not can_moderate(user):
        return draft_list_visible_to(user).none()
    return draft_list_visible_to(user).filter(status__in=MODERATABLE_STATES).order_by("title", "pk")


def on_behalf_drafts(user) -> QuerySet:
    """The drafts a moderator can enter a proposal received by phone, letter or in person on."""
    if not can_moderate(user):
        return draft_list_visible_to(user).none()
    return draft_list_visible_to(user).filter(status=State.PUBLIC_DISCUSSION).order_by("title", "pk")


def access_comment(user, comment_id) -> Comment:
    """The comment, with its votes, if the user may see it and its draft; NotVisible otherwise."""
    try:
        comment = with_comment_votes(
            Comment.objects.select_related("draft", "article", "version", "author", "group"), user
        ).get(pk=comment_id)
    except (Comment.DoesNotExist, ValueError, TypeError):
        raise NotVisible(f"No comment {comment_id} that you can see.") from None
    draft = access_draft(user, comment.draft_id)
    if not can_see_comment(user, comment, draft):
        raise NotVisible(f"No comment {comment_id} that you can see.")
    comment.draft = draft
    return comment


def as_written(comment: Comment, attachments: list[CommentAttachment]) -> Comment:
    """A comment its author has just written, as `access_comment` shows it to them, without reading it back:
    nobody has supported it or answered it yet, and its files are those just stored."""
    comment.votes_for, comment.votes_against, comment.my_vote = 0, 0, None
    Comment.response.related.set_cached_value(comment, None)
    if attachments:
        prefetch_related_objects([comment], _with_attachments())
    else:
        # Already evaluated, as prefetch_related_objects leaves a list: an unevaluated none() is compiled when read.
        none = CommentAttachment.objects.none()
        none._result_cache, none._prefetch_done = [], True
        comment._prefetched_objects_cache = {"attachments": none}
    return comment


def access_comment_attachment(user, comment_id, attachment_id) -> CommentAttachment:
    """A file of a comment the user may see (a pending comment's: its author and moderators only); NotVisible otherwise."""
    comment = access_comment(user, comment_id)
    attachment = (
        comment.attachments.select_related("stored_file").filter(pk=attachment_id).first()
        if isinstance(attachment_id, int) and 0 < attachment_id <= MAX_ID
        else None
    )
    if attachment is None or (comment.status == Status.HIDDEN and not can_read_hidden(user, comment, comment.draft)):
        raise NotVisible(f"Comment {comment_id} has no file {attachment_id} that you can see.")
    attachment.comment = comment
    return attachment
