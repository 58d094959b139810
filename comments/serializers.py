"""Input and output shapes of the comments API."""

from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework import serializers

from comments.attachments import COMMENT_FILE_KIND_CHOICES, MAX_COMMENT_FILES
from comments.models import (
    Channel,
    Comment,
    CommentAttachment,
    Conclusion,
    Decision,
    DraftVoteChoice,
    Flag,
    FlagReason,
    RespondentType,
    Response,
    Status,
    Verdict,
)
from comments.permissions import can_read_hidden
from comments.selectors import QUEUE_AGES, public_author_name
from comments.services import MODERATION_BATCH_MAX
from comments.speakers import ORGANISATION_MAX_LENGTH
from drafts.serializers import StoredFileStatusField, VoteCountsSerializer
from kernel.strict_input import FlatListField, IdField, StrictInputSerializer


class ConclusionSerializer(serializers.ModelSerializer):
    """An expert group's conclusion."""

    group_name = serializers.CharField(source="group.name", read_only=True)
    author = serializers.CharField(source="author.username", read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True)

    class Meta:
        model = Conclusion
        fields = ["id", "group", "group_name", "review_round", "version", "verdict", "text", "author", "submitted_at"]


class ConclusionInputSerializer(StrictInputSerializer):
    """A conclusion to submit; `group` may be left out by a member of one assigned group only."""

    group = IdField(required=False)
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    text = serializers.CharField(max_length=20000)


class ResponseSerializer(serializers.ModelSerializer):
    """The drafters' answer."""

    class Meta:
        model = Response
        fields = ["decision", "text", "answered_at"]


class ArticleRefSerializer(serializers.Serializer):
    """The article a comment was written on, in the version it was written on."""

    id = serializers.IntegerField()
    key = serializers.CharField()
    label = serializers.CharField()
    heading = serializers.CharField()


class CommentAttachmentSerializer(serializers.ModelSerializer):
    """A file sent with the comment. `url` serves it once `status` is `ready` (409 while it is being checked)."""

    name = serializers.CharField(source="stored_file.name", help_text="the file's name as uploaded, made safe")
    kind = serializers.ChoiceField(source="stored_file.kind", choices=COMMENT_FILE_KIND_CHOICES)
    content_type = serializers.CharField(source="stored_file.content_type")
    size = serializers.IntegerField(source="stored_file.size", help_text="bytes")
    sha256 = serializers.CharField(source="stored_file.sha256", help_text="of the bytes served")
    status = StoredFileStatusField(source="stored_file.status")
    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = CommentAttachment
        fields = ["id", "name", "kind", "content_type", "size", "sha256", "status", "url", "thumbnail_url"]

    def get_url(self, attachment) -> str:
        return reverse("comment-attachment-file", args=[attachment.comment_id, attachment.pk])

    def get_thumbnail_url(self, attachment) -> str | None:
        """A small picture of an image, once it is ready."""
        return f"{self.get_url(attachment)}?variant=thumbnail" if attachment.stored_file.thumbnail else None


# A comment is supported or not; the schema names this one-value choice CommentVoteEnum.
COMMENT_VOTES = [DraftVoteChoice.FOR.value]


def _viewer(serializer):
    """Whom the comment is shown to: the request's user, or nobody (the public) without a request."""
    request = serializer.context.get("request")
    return request.user if request is not None else None


class CommentSerializer(serializers.ModelSerializer):
    """A comment, reply or remark as the caller may see it. `text` is plain text: never render it as HTML.
    `author` is "A citizen" for one published without a name (`anonymous`), except to its author, moderators
    and the draft's drafters. A `hidden` comment keeps its place with the moderator's public reason in
    `moderation_reason`; its `text` and files are empty except for them. `parent`: the comment a reply answers."""

    version = serializers.IntegerField(source="version.number", read_only=True)
    article = ArticleRefSerializer(read_only=True, allow_null=True)
    author = serializers.SerializerMethodField()
    # A rejection's reason is for the author; a note made when publishing stays with the moderators.
    moderation_reason = serializers.SerializerMethodField()
    group = serializers.CharField(source="group.name", read_only=True, allow_null=True, default=None)
    # A comment without an answer has no response row: DRF's AttributeError path gives the default.
    response = ResponseSerializer(read_only=True, allow_null=True, default=None)
    attachments = CommentAttachmentSerializer(many=True, read_only=True)
    # Counted by comments.selectors.with_comment_votes; `against` is always 0: a comment is only supported.
    votes = VoteCountsSerializer(source="*", read_only=True)
    my_vote = serializers.ChoiceField(
        choices=COMMENT_VOTES,
        allow_null=True,
        read_only=True,
        help_text="`for` when you support it; null when you do not or are not logged in",
    )

    class Meta:
        model = Comment
        fields = [
            "id",
            "draft",
            "kind",
            "status",
            "version",
            "article",
            "text",
            "author",
            "respondent_type",
            "organisation",
            "anonymous",
            "parent",
            # The id of the form-letter campaign it was grouped into (comments.grouping), or null; grouping runs
            # moments after the intake commits, so the answer to the POST that sends a comment always says null.
            "campaign",
            "group",
            "channel",
            "created_at",
            "edited_at",
            "moderation_reason",
            "response",
            "attachments",
            "votes",
            "my_vote",
        ]

    def get_moderation_reason(self, comment) -> str:
        # A rejection's reason is for its author; a hiding's reason is shown to everyone in the text's place.
        return comment.moderation_reason if comment.status in (Status.REJECTED, Status.HIDDEN) else ""

    def get_author(self, comment) -> str:
        return str(public_author_name(comment, _viewer(self), self.context.get("draft")))

    def to_representation(self, comment):
        data = super().to_representation(comment)
        if comment.status == Status.HIDDEN:
            viewer = _viewer(self)
            draft = self.context.get("draft") or comment.draft
            if viewer is None or not can_read_hidden(viewer, comment, draft):
                data["text"], data["attachments"] = "", []
        return data


# DRF's own formatting of a moment (the zone in force, ISO 8601 with Z), applied without a serializer.
_MOMENT = serializers.DateTimeField()


def written_comment(comment: Comment, author) -> dict:
    """What CommentSerializer shows `author` of the comment they have just written (comments.selectors.as_written:
    no votes, no answer, its files as just stored), as plain data, built directly: DRF's steps per field cost about 2 ms a comment,
    a fifth of an intake's whole work (tests/comments/test_written_answer.py holds the two equal)."""
    article, files = comment.article, list(comment.attachments.all())
    return {
        "id": comment.pk,
        "draft": comment.draft_id,
        "kind": comment.kind,
        "status": comment.status,
        "version": comment.version.number,
        "article": None
        if article is None
        else {"id": article.pk, "key": article.key, "label": article.label, "heading": article.heading},
        "text": comment.text,
        "author": str(public_author_name(comment, author, comment.draft)),
        "respondent_type": comment.respondent_type,
        "organisation": comment.organisation,
        "anonymous": comment.anonymous,
        "parent": comment.parent_id,
        "campaign": comment.campaign_id,
        "group": None if comment.group is None else comment.group.name,
        "channel": comment.channel,
        "created_at": _MOMENT.to_representation(comment.created_at),
        "edited_at": None if comment.edited_at is None else _MOMENT.to_representation(comment.edited_at),
        "moderation_reason": comment.moderation_reason if comment.status in (Status.REJECTED, Status.HIDDEN) else "",
        "response": None,
        "attachments": CommentAttachmentSerializer(files, many=True).data if files else [],
        "votes": {"for": 0, "against": 0},
        "my_vote": None,
    }


class CommentInputSerializer(StrictInputSerializer):
    """A comment: plain text, on the whole draft or on one article (its id or key) of the current version."""

    text = serializers.CharField(max_length=5000)
    article = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=64)
    group = IdField(required=False, help_text="experts in several assigned groups: which one")
    channel = serializers.ChoiceField(choices=Channel.choices, required=False, help_text="moderators only")
    submitted_for = serializers.CharField(required=False, max_length=300, help_text="moderators only")
    respondent_type = serializers.ChoiceField(
        choices=RespondentType.choices, required=False, help_text="whom you speak for; `individual` when left out"
    )
    organisation = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=ORGANISATION_MAX_LENGTH,
        help_text="the organisation's name: required for every type but `individual`, refused for it; always public",
    )
    anonymous = serializers.BooleanField(
        required=False,
        help_text="publish without your name (shown as “A citizen”; moderators and drafters still see it)",
    )


class ReplyInputSerializer(StrictInputSerializer):
    """A reply to a published public comment: plain text, and who is speaking, as for a comment."""

    text = serializers.CharField(max_length=5000)
    respondent_type = serializers.ChoiceField(choices=RespondentType.choices, required=False)
    organisation = serializers.CharField(required=False, allow_blank=True, max_length=ORGANISATION_MAX_LENGTH)
    anonymous = serializers.BooleanField(required=False)


class FlagInputSerializer(StrictInputSerializer):
    """Why the comment should come down, and optionally more words for the moderators."""

    reason = serializers.ChoiceField(choices=FlagReason.choices)
    text = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class FlagSerializer(serializers.ModelSerializer):
    """A flag as the moderators (and its author, when made) read it."""

    user = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = Flag
        fields = ["id", "comment", "reason", "text", "user", "created_at", "resolution", "resolved_at"]


class HideInputSerializer(StrictInputSerializer):
    """The public reason, shown to everyone in the hidden comment's place."""

    reason = serializers.CharField(max_length=2000)


class ModerationItemSerializer(CommentSerializer):
    """An item of the moderation queue: a pending comment or reply, or a published one with its open `flags`
    (those come first)."""

    flags = FlagSerializer(many=True, read_only=True, source="open_flags")

    class Meta(CommentSerializer.Meta):
        fields = [*CommentSerializer.Meta.fields, "flags"]


class DismissInputSerializer(StrictInputSerializer):
    """Nothing: dismissing takes no input, and refuses any it is sent."""


class DismissedSerializer(serializers.Serializer):
    """How many open flags were dismissed."""

    dismissed = serializers.IntegerField()


class CommentWithFilesInputSerializer(CommentInputSerializer):
    """A public comment with up to three files (PDF, office documents, pictures), as multipart."""

    files = FlatListField(
        child=serializers.FileField(allow_empty_file=True),
        required=False,
        max_length=MAX_COMMENT_FILES,
        help_text="public comments only: up to three documents or pictures",
    )


class ModerationInputSerializer(StrictInputSerializer):
    """A moderator's decision."""

    decision = serializers.ChoiceField(choices=["publish", "reject"])
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ModerationBatchInputSerializer(StrictInputSerializer):
    """One decision, with one reason, for several pending comments."""

    ids = FlatListField(child=IdField(), min_length=1, max_length=MODERATION_BATCH_MAX)
    decision = serializers.ChoiceField(choices=["publish", "reject"])
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ModerationOutcomeSerializer(serializers.Serializer):
    """What became of one comment of a batch: `published`, `rejected`, or `refused` with the reason."""

    id = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=["published", "rejected", "refused"])
    status = serializers.ChoiceField(choices=Status.choices, allow_null=True)
    detail = serializers.CharField(allow_blank=True)


class ModerationBatchSerializer(serializers.Serializer):
    """The outcome of each comment of a batch, in the order sent."""

    results = ModerationOutcomeSerializer(many=True)


class ModerationQueueQuerySerializer(serializers.Serializer):
    """Filters of the moderation queue."""

    draft = IdField(required=False, help_text="only comments on this draft")
    older_than = serializers.ChoiceField(
        choices=[str(days) for days in QUEUE_AGES], required=False, help_text="days since the comment arrived"
    )
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    order = serializers.ChoiceField(choices=["oldest", "newest"], required=False, default="oldest")

    def to_internal_value(self, data):
        # A query string reads `?order=` as "use the default"; the schema says an empty value is no value.
        empty = [name for name in self.fields if name in data and data.get(name) == ""]
        if empty:
            raise serializers.ValidationError({name: [_("Give a value or leave the parameter out.")] for name in empty})
        return super().to_internal_value(data)


class CommentEditInputSerializer(StrictInputSerializer):
    """The author's new text, or article (id or key; empty for the whole draft), or both."""

    text = serializers.CharField(required=False, max_length=5000)
    article = serializers.CharField(required=False, allow_blank=True, max_length=64)


class ResponseInputSerializer(StrictInputSerializer):
    """The drafters' answer to a comment."""

    decision = serializers.ChoiceField(choices=Decision.choices)
    text = serializers.CharField(max_length=20000)


class SummaryCommentSerializer(CommentSerializer):
    """A line of the summary of proposals; `votes.for`: how many supported it during the discussion; `author`
    as the public reads it, whoever asks (the summary is published)."""

    author = serializers.CharField(source="public_author", read_only=True)
    signatories = serializers.IntegerField(
        read_only=True,
        help_text="1, or for a campaign's line (`campaign` set) how many published comments it stands for",
    )

    class Meta(CommentSerializer.Meta):
        fields = [
            "id",
            "kind",
            "version",
            "text",
            "author",
            "respondent_type",
            "organisation",
            "group",
            "channel",
            "created_at",
            "response",
            "votes",
            "campaign",
            "signatories",
        ]


class RespondentTypeCountSerializer(serializers.Serializer):
    """How many published public comments came from one type of respondent."""

    respondent_type = serializers.ChoiceField(choices=RespondentType.choices)
    label = serializers.CharField()
    count = serializers.IntegerField()


class SummaryCountsSerializer(serializers.Serializer):
    """How many comments, by kind and by decision."""

    comments = serializers.IntegerField(help_text="lines: a campaign counts once")
    signatories = serializers.IntegerField(help_text="comments: a campaign counts as many as it has published")
    public = serializers.IntegerField()
    expert = serializers.IntegerField()
    accepted = serializers.IntegerField()
    partially_accepted = serializers.IntegerField()
    not_accepted = serializers.IntegerField()
    unanswered = serializers.IntegerField()


class SummaryArticleSerializer(serializers.Serializer):
    """The comments on one article (key null: on the draft as a whole)."""

    key = serializers.CharField(allow_null=True)
    label = serializers.CharField()
    heading = serializers.CharField()
    counts = SummaryCountsSerializer()
    comments = SummaryCommentSerializer(many=True)


class SummarySerializer(serializers.Serializer):
    """The summary of proposals of a draft."""

    draft = serializers.IntegerField(source="draft.pk")
    title = serializers.CharField(source="draft.title")
    status = serializers.CharField(source="draft.status")
    version = serializers.IntegerField(source="draft.version")
    includes_expert_remarks = serializers.BooleanField()
    counts = SummaryCountsSerializer()
    votes = VoteCountsSerializer(
        help_text="support and opposition of the draft as a whole, final once the discussion closed"
    )
    articles = SummaryArticleSerializer(many=True)
    respondent_types = RespondentTypeCountSerializer(many=True, help_text="public comments by whom they speak for")
    sections = serializers.SerializerMethodField(
        help_text="what other parts of the service add, by key: `survey` (its results), `statistics` (the figures)"
    )

    def get_sections(self, summary) -> dict[str, dict]:
        return {section.key: section.data for section in summary.get("sections", [])}


class VoteInputSerializer(StrictInputSerializer):
    """Your vote on a draft: `for` (support) or `against` (oppose)."""

    vote = serializers.ChoiceField(choices=DraftVoteChoice.values)


class CommentVoteInputSerializer(StrictInputSerializer):
    """Your support of a comment: `for` (a comment is supported or not; there is no vote against it)."""

    vote = serializers.ChoiceField(choices=COMMENT_VOTES)


class DraftVotesSerializer(serializers.Serializer):
    """The draft's counts after your vote, and your own vote (null once withdrawn)."""

    votes = VoteCountsSerializer(source="*")
    my_vote = serializers.ChoiceField(choices=DraftVoteChoice.values, allow_null=True)


class CommentVotesSerializer(serializers.Serializer):
    """The comment's supporters after your vote (`against` is always 0), and your own (null once withdrawn)."""

    votes = VoteCountsSerializer(source="*")
    my_vote = serializers.ChoiceField(choices=COMMENT_VOTES, allow_null=True)
