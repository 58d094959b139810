"""Expert remarks and conclusions, public comments, and the drafters' responses (brief §4)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Verdict(models.TextChoices):
    """An expert group's overall opinion of a draft."""

    POSITIVE = "positive", _("Positive")
    POSITIVE_WITH_REMARKS = "positive_with_remarks", _("Positive with remarks")
    NEGATIVE = "negative", _("Negative")


class Conclusion(models.Model):
    """One expert group's conclusion on one review round of a draft."""

    draft = models.ForeignKey("drafts.Draft", on_delete=models.CASCADE, related_name="conclusions")
    group = models.ForeignKey("drafts.ExpertGroup", on_delete=models.PROTECT, related_name="conclusions")
    review_round = models.PositiveIntegerField()
    version = models.ForeignKey("drafts.DraftVersion", on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(_("verdict"), max_length=32, choices=Verdict.choices)
    text = models.TextField(_("text"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["draft", "review_round", "group__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "group", "review_round"], name="one_conclusion_per_group_and_round"
            )
        ]


class Kind(models.TextChoices):
    """Who wrote the comment and where it may be seen."""

    EXPERT = "expert", _("Expert remark")
    PUBLIC = "public", _("Public comment")


class Status(models.TextChoices):
    """Moderation status; expert remarks are published when written."""

    PENDING = "pending", _("Pending moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    # Kept, not deleted: the record shows what was sent and that its author took it back.
    WITHDRAWN = "withdrawn", _("Withdrawn by its author")
    # Published, then taken down after a flag; the public reason stays in moderation_reason.
    HIDDEN = "hidden", _("Hidden by a moderator")


class Channel(models.TextChoices):
    """How a proposal reached the office."""

    WEB = "web", _("Website")
    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter")
    IN_PERSON = "in_person", _("In person")


class RespondentType(models.TextChoices):
    """Whom a public comment speaks for: the summary and statistics break down by it."""

    INDIVIDUAL = "individual", _("Individual")
    BUSINESS = "business", _("Business")
    NGO = "ngo", _("Non-governmental organisation")
    STATE_BODY = "state_body", _("State body")
    ACADEMIC = "academic", _("Academic or research body")


class Campaign(models.Model):
    """Near-identical public comments (a form letter) grouped at intake and moderated as one."""

    draft = models.ForeignKey("drafts.Draft", on_delete=models.CASCADE, related_name="campaigns")
    # The first comment of the group: its text is what the moderator reads and the summary quotes.
    canonical = models.ForeignKey("Comment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    text = models.TextField()
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["draft", "created_at", "id"]


class Comment(models.Model):
    """A remark or a proposal on a draft, on the whole text or on one article of one version."""

    # Every intake writes each index of this table: the draft's and the author's own are left out, as the
    # indexes below lead with them and serve their lookups.
    draft = models.ForeignKey("drafts.Draft", on_delete=models.CASCADE, related_name="comments", db_index=False)
    version = models.ForeignKey("drafts.DraftVersion", on_delete=models.PROTECT, related_name="comments")
    article = models.ForeignKey(
        "drafts.Article", on_delete=models.PROTECT, null=True, blank=True, related_name="comments"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    # For an expert remark: the assigned group its author wrote for.
    group = models.ForeignKey(
        "drafts.ExpertGroup", on_delete=models.PROTECT, null=True, blank=True, related_name="remarks"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments", db_index=False
    )
    text = models.TextField(_("text"))
    # SHA-256 of the text with case, spacing and apostrophes folded: finds resends and form letters.
    # Indexed for equality only (Meta): no pattern-matching index beside it.
    fingerprint = models.CharField(max_length=64)
    # When the request arrived: the discussion deadline is judged against this moment.
    created_at = models.DateTimeField()
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.WEB)
    # For a proposal a moderator entered on a citizen's behalf: who made it, as they gave it.
    submitted_for = models.CharField(_("on behalf of"), max_length=300, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_reason = models.TextField(blank=True)
    # When its author last changed the text or the article, while it waited for moderation.
    edited_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    respondent_type = models.CharField(
        _("speaking as"), max_length=16, choices=RespondentType.choices, default=RespondentType.INDIVIDUAL
    )
    # For a business, NGO, state body or academic respondent: the organisation's name, always public.
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    # Published as "A citizen": the name stays visible to moderators and drafters only.
    anonymous = models.BooleanField(_("publish without my name"), default=False)
    # A participant's reply to a published public comment; one level deep, never a proposal to answer.
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="replies")
    campaign = models.ForeignKey(Campaign, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments")
    # Received and not yet compared with the draft's other comments: campaigns are found after the intake
    # commits, in batches (comments.grouping.group_waiting), so that intake never waits for them.
    campaign_pending = models.BooleanField(default=False)

    class Meta:
        ordering = ["draft", "created_at", "id"]
        indexes = [
            models.Index(fields=["draft", "kind", "status"]),
            models.Index(fields=["author", "created_at"]),
            models.Index(fields=["fingerprint"], name="comments_comment_fingerprint"),
            # Small: a comment leaves it within moments of its intake.
            models.Index(
                fields=["draft", "id"], condition=models.Q(campaign_pending=True), name="comment_campaign_pending"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(respondent_type__in=RespondentType.values), name="comment_respondent_type_is_known"
            ),
        ]

    def is_pending(self) -> bool:
        """Still waiting for a moderator: its author may edit or withdraw it."""
        return self.kind == Kind.PUBLIC and self.status == Status.PENDING


class CommentAttachment(models.Model):
    """A file a citizen sent with a public comment; moderated with it, seen by whoever may see the comment."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="attachments")
    stored_file = models.OneToOneField("files.StoredFile", on_delete=models.PROTECT, related_name="comment_attachment")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["comment", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["comment", "position"], name="unique_comment_file_position")]


class FlagReason(models.TextChoices):
    """Why a participant thinks a published comment or reply should come down."""

    INSULT = "insult", _("Insult")
    SPAM = "spam", _("Spam")
    PERSONAL_DATA = "personal_data", _("Personal data")
    OFF_TOPIC = "off_topic", _("Off topic")


class FlagResolution(models.TextChoices):
    """What a moderator made of a flag."""

    HIDDEN = "hidden", _("Hidden")
    DISMISSED = "dismissed", _("Dismissed")


class Flag(models.Model):
    """One user's report of a published comment or reply; resolved by a moderator."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="flags")
    reason = models.CharField(_("reason"), max_length=16, choices=FlagReason.choices)
    text = models.TextField(_("details"), blank=True)
    created_at = models.DateTimeField()
    resolution = models.CharField(max_length=16, choices=FlagResolution.choices, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["comment", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="one_flag_per_user_and_comment"),
            models.CheckConstraint(condition=models.Q(reason__in=FlagReason.values), name="flag_reason_is_known"),
        ]
        # The moderation queue asks for the unresolved flags first.
        indexes = [models.Index(fields=["resolution", "created_at"], name="comments_flag_open")]


class Decision(models.TextChoices):
    """How the drafters took a proposal."""

    ACCEPTED = "accepted", _("Accepted")
    PARTIALLY_ACCEPTED = "partially_accepted", _("Partially accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


class Response(models.Model):
    """The drafters' answer to one comment or remark."""

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="response")
    decision = models.CharField(_("decision"), max_length=32, choices=Decision.choices)
    text = models.TextField(_("reasoning"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(auto_now=True)


class Follow(models.Model):
    """A user who wants to hear when a draft changes state."""

    draft = models.ForeignKey("drafts.Draft", on_delete=models.CASCADE, related_name="followers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["draft", "user"], name="follow_once")]


class DraftVoteChoice(models.TextChoices):
    """Where a participant stands on a draft as a whole."""

    FOR = "for", _("Support")
    AGAINST = "against", _("Oppose")


class DraftVote(models.Model):
    """One user's support of or opposition to a draft, cast during its public discussion (comments.votes)."""

    draft = models.ForeignKey("drafts.Draft", on_delete=models.CASCADE, related_name="votes")
    # PROTECT, like a comment's author: a vote counted in a closed discussion stays counted.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="draft_votes")
    vote = models.CharField(max_length=8, choices=DraftVoteChoice.choices)
    # When the user last cast or changed it.
    cast_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["draft", "user"], name="one_vote_per_user_and_draft"),
            models.CheckConstraint(condition=models.Q(vote__in=DraftVoteChoice.values), name="draft_vote_is_known"),
        ]
        # The counts shown with every draft are read from this index alone.
        indexes = [models.Index(fields=["draft", "vote"], name="comments_draftvote_counts")]


class CommentVote(models.Model):
    """One user's support of a published public comment, given during the draft's public discussion."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comment_votes")
    cast_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="one_support_per_user_and_comment")]


class CampaignBand(models.Model):
    """One LSH band of a public comment's MinHash signature (comments.grouping): comments of a draft that
    share a band are near-duplicate candidates. A campaign keeps each distinct band of its members once."""

    # Bands are an index of comments, written by the thousand: the database does not check their references
    # (each checked reference cost a query at commit, three per band), deletes cascade to them as the ORM does
    # (Django's collector), and a stale band only names a candidate that grouping then does not find. The
    # draft is the lookup index's first column, so it needs no index of its own.
    draft = models.ForeignKey(
        "drafts.Draft", on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    # The band's number and its rows of the signature hashed together into one signed 64-bit key.
    key = models.BigIntegerField()
    # The comment whose signature brought this band in.
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, null=True, blank=True, related_name="+", db_constraint=False
    )

    class Meta:
        # Intake asks "which comments of this draft share one of these bands?": one index range per band.
        indexes = [models.Index(fields=["draft", "key"], name="comments_campaignband_lookup")]
