"""HTTP endpoints for conclusions, comments, moderation, responses, follows and the summary."""

from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from comments import flags, replies, services, votes
from comments.models import Comment, Status
from comments.selectors import (
    access_comment,
    access_comment_attachment,
    comment_list_visible_to,
    conclusion_list_visible_to,
    moderation_queue,
    reply_list_visible_to,
)
from comments.serializers import (
    CommentEditInputSerializer,
    CommentInputSerializer,
    CommentSerializer,
    CommentVoteInputSerializer,
    CommentVotesSerializer,
    CommentWithFilesInputSerializer,
    ConclusionInputSerializer,
    ConclusionSerializer,
    DismissedSerializer,
    DismissInputSerializer,
    DraftVotesSerializer,
    FlagInputSerializer,
    FlagSerializer,
    HideInputSerializer,
    ModerationBatchInputSerializer,
    ModerationBatchSerializer,
    ModerationInputSerializer,
    ModerationItemSerializer,
    ModerationQueueQuerySerializer,
    ReplyInputSerializer,
    ResponseInputSerializer,
    ResponseSerializer,
    SummarySerializer,
    VoteInputSerializer,
    written_comment,
)
from comments.summary import build_summary
from comments.summary_stream import stream_summary, summary_is_large
from drafts.selectors import access_draft
from files.api import FILE_RESPONSES, VARIANT_PARAMETER, requested_variant
from files.serving import stored_file_response
from kernel.schema import refusals

COMMENT_INPUT = {
    "application/json": CommentInputSerializer,
    "application/x-www-form-urlencoded": CommentInputSerializer,
    "multipart/form-data": CommentWithFilesInputSerializer,
}


class ConclusionListCreateView(APIView):
    """Expert groups' conclusions (drafters, approvers, assigned experts); POST submits your group's."""

    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses=ConclusionSerializer(many=True))
    def get(self, request, draft_id: int):
        draft = access_draft(request.user, draft_id)
        return Response(ConclusionSerializer(conclusion_list_visible_to(request.user, draft), many=True).data)

    @extend_schema(request=ConclusionInputSerializer, responses={201: ConclusionSerializer})
    def post(self, request, draft_id: int):
        data = ConclusionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        conclusion = services.conclusion_submit(
            user=request.user, draft_id=draft_id, group_id=fields.pop("group", None), **fields
        )
        return Response(ConclusionSerializer(conclusion).data, status=status.HTTP_201_CREATED)


class CommentListCreateView(generics.ListAPIView):
    """The comments on a draft you may see (paginated); POST writes one (`kind` follows the draft's state)."""

    serializer_class = CommentSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no draft
            return Comment.objects.none()
        self.draft = access_draft(self.request.user, self.kwargs["draft_id"])
        return comment_list_visible_to(self.request.user, self.draft)

    def get_serializer_context(self):
        # The draft read once: who may read anonymous authors' names is decided on it, not per comment.
        return {**super().get_serializer_context(), "draft": getattr(self, "draft", None)}

    @extend_schema(request=COMMENT_INPUT, responses={201: CommentSerializer, **refusals(429)})
    def post(self, request, draft_id: int):
        """Writes a comment (`kind` follows the draft's state); as multipart, a public comment may carry up to
        three `files` (documents, pictures), checked before anything is stored."""
        received_at = timezone.now()
        multipart = (request.content_type or "").startswith("multipart/")
        data = (CommentWithFilesInputSerializer if multipart else CommentInputSerializer)(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        comment = services.comment_submit(
            user=request.user,
            draft_id=draft_id,
            received_at=received_at,
            group_id=fields.pop("group", None),
            **fields,
        )
        return Response(written_comment(comment, request.user), status=status.HTTP_201_CREATED)


class CommentDetailView(APIView):
    """One comment, if you may see it; PATCH lets its author change it while it waits for moderation."""

    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses=CommentSerializer)
    def get(self, request, comment_id: int):
        return Response(CommentSerializer(access_comment(request.user, comment_id), context={"request": request}).data)

    @extend_schema(request=CommentEditInputSerializer, responses=CommentSerializer)
    def patch(self, request, comment_id: int):
        data = CommentEditInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = services.comment_edit(user=request.user, comment_id=comment_id, **data.validated_data)
        return Response(CommentSerializer(comment, context={"request": request}).data)


class CommentWithdrawView(APIView):
    """The author takes back a comment still waiting for moderation; it is kept, marked withdrawn."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=CommentSerializer)
    def post(self, request, comment_id: int):
        comment = services.comment_withdraw(user=request.user, comment_id=comment_id)
        return Response(CommentSerializer(comment, context={"request": request}).data)


class CommentModerationView(APIView):
    """A moderator publishes or rejects (with a reason) a pending public comment."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=ModerationInputSerializer, responses=CommentSerializer)
    def post(self, request, comment_id: int):
        data = ModerationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.comment_moderate(user=request.user, comment_id=comment_id, **data.validated_data)
        return Response(CommentSerializer(access_comment(request.user, comment_id), context={"request": request}).data)


class CommentModerationBatchView(APIView):
    """A moderator publishes or rejects several pending comments with one reason; each gets its outcome."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="comments_moderation_batch",
        request=ModerationBatchInputSerializer,
        responses=ModerationBatchSerializer,
    )
    def post(self, request):
        data = ModerationBatchInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        results = services.comment_moderate_many(user=request.user, comment_ids=fields.pop("ids"), **fields)
        return Response(ModerationBatchSerializer({"results": results}).data)


class CommentResponseView(APIView):
    """A drafter answers a published comment or expert remark (again, to revise the answer)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=ResponseInputSerializer, responses={201: ResponseSerializer, 200: ResponseSerializer})
    def post(self, request, comment_id: int):
        data = ResponseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        response, created = services.comment_respond(user=request.user, comment_id=comment_id, **data.validated_data)
        return Response(ResponseSerializer(response).data, status=status.HTTP_201_CREATED if created else 200)


class ModerationQueueView(generics.ListAPIView):
    """Flagged published comments and replies first, with their open `flags`; then pending public comments and
    replies on every draft, oldest first (moderators); filter by draft, age, channel."""

    serializer_class = ModerationItemSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[ModerationQueueQuerySerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Comment.objects.none()
        query = ModerationQueueQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        filters = query.validated_data
        return moderation_queue(
            self.request.user,
            draft_id=filters.get("draft"),
            older_than_days=int(filters["older_than"]) if filters.get("older_than") else None,
            channel=filters.get("channel"),
            newest_first=filters["order"] == "newest",
        )


class SummaryView(APIView):
    """The summary of proposals: published comments and remarks with their responses, by article."""

    @extend_schema(responses={200: SummarySerializer, **refusals(409)})
    def get(self, request, draft_id: int):
        draft = access_draft(request.user, draft_id)
        if summary_is_large(request.user, draft):
            # A consultation's hundred thousand lines: the same JSON, written as it is read (comments.summary_stream).
            return StreamingHttpResponse(stream_summary(request.user, draft), content_type="application/json")
        return Response(SummarySerializer(build_summary(request.user, draft)).data)


FOLLOWING = inline_serializer("Following", {"following": serializers.BooleanField()})


class FollowView(APIView):
    """POST to be told by e-mail when the draft changes state; DELETE to stop."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=FOLLOWING)
    def post(self, request, draft_id: int):
        return Response({"following": services.draft_follow(user=request.user, draft_id=draft_id)})

    @extend_schema(responses={200: FOLLOWING})
    def delete(self, request, draft_id: int):
        return Response({"following": services.draft_follow(user=request.user, draft_id=draft_id, follow=False)})


class CommentAttachmentFileView(APIView):
    """A file sent with a comment, to whoever may see the comment: while it waits for moderation, its author
    and the moderators only. Documents as downloads, pictures inline; 409 while the file is being checked."""

    @extend_schema(parameters=[VARIANT_PARAMETER], responses=FILE_RESPONSES)
    def get(self, request, comment_id: int, attachment_id: int):
        attachment = access_comment_attachment(request.user, comment_id, attachment_id)
        variant = requested_variant(request)
        comment = attachment.comment
        public = comment.status == Status.PUBLISHED and comment.draft.is_public
        return stored_file_response(request, attachment.stored_file, variant=variant, public=public)


class DraftVoteView(APIView):
    """PUT your vote on a draft under public discussion (`for` or `against`, in place of your earlier one);
    DELETE to withdraw it. 409 before the discussion opens and once it has closed: the counts are final then."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=VoteInputSerializer, responses=DraftVotesSerializer)
    def put(self, request, draft_id: int):
        received_at = timezone.now()
        data = VoteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = votes.draft_vote_cast(
            user=request.user, draft_id=draft_id, vote=data.validated_data["vote"], received_at=received_at
        )
        return Response(DraftVotesSerializer(result).data)

    @extend_schema(responses={200: DraftVotesSerializer})
    def delete(self, request, draft_id: int):
        result = votes.draft_vote_withdraw(user=request.user, draft_id=draft_id, received_at=timezone.now())
        return Response(DraftVotesSerializer(result).data)


class CommentVoteView(APIView):
    """PUT `{"vote": "for"}` to support a published public comment (not your own) during the draft's public
    discussion; DELETE to withdraw your support. 409 outside the discussion: the counts are final then."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=CommentVoteInputSerializer, responses=CommentVotesSerializer)
    def put(self, request, comment_id: int):
        received_at = timezone.now()
        data = CommentVoteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = votes.comment_vote_cast(
            user=request.user, comment_id=comment_id, vote=data.validated_data["vote"], received_at=received_at
        )
        return Response(CommentVotesSerializer(result).data)

    @extend_schema(responses={200: CommentVotesSerializer})
    def delete(self, request, comment_id: int):
        result = votes.comment_vote_withdraw(user=request.user, comment_id=comment_id, received_at=timezone.now())
        return Response(CommentVotesSerializer(result).data)


class CommentReplyListCreateView(generics.ListAPIView):
    """The replies to a comment that you may see (paginated); POST replies to a published public comment during
    the public discussion (pending until a moderator publishes it). A reply takes no reply (409)."""

    serializer_class = CommentSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Comment.objects.none()
        self.comment = access_comment(self.request.user, self.kwargs["comment_id"])
        return reply_list_visible_to(self.request.user, self.comment)

    def get_serializer_context(self):
        comment = getattr(self, "comment", None)
        return {**super().get_serializer_context(), "draft": comment.draft if comment else None}

    @extend_schema(request=ReplyInputSerializer, responses={201: CommentSerializer, **refusals(429)})
    def post(self, request, comment_id: int):
        received_at = timezone.now()
        data = ReplyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reply = replies.reply_submit(
            user=request.user, comment_id=comment_id, received_at=received_at, **data.validated_data
        )
        reply = access_comment(request.user, reply.pk)
        return Response(CommentSerializer(reply, context={"request": request}).data, status=status.HTTP_201_CREATED)


class CommentFlagView(APIView):
    """Flag a published public comment or reply of someone else, once, during the public discussion
    (`reason`: insult, spam, personal_data, off_topic; `text` optional); a second flag is refused (409)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=FlagInputSerializer, responses={201: FlagSerializer})
    def post(self, request, comment_id: int):
        received_at = timezone.now()
        data = FlagInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        flag = flags.flag_create(
            user=request.user, comment_id=comment_id, received_at=received_at, **data.validated_data
        )
        return Response(FlagSerializer(flag).data, status=status.HTTP_201_CREATED)


class CommentHideView(APIView):
    """A moderator hides a published comment or reply with a public reason, shown in its place; its open flags
    are resolved. It stays in the record: moderators, the drafters and its author still read it."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=HideInputSerializer, responses=CommentSerializer)
    def post(self, request, comment_id: int):
        data = HideInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        flags.comment_hide(user=request.user, comment_id=comment_id, reason=data.validated_data["reason"])
        return Response(CommentSerializer(access_comment(request.user, comment_id), context={"request": request}).data)


class CommentFlagsDismissView(APIView):
    """A moderator dismisses every open flag of a comment or reply, which stays published (409 when none is open)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=DismissedSerializer)
    def post(self, request, comment_id: int):
        DismissInputSerializer(data=request.data).is_valid(raise_exception=True)
        return Response({"dismissed": flags.flags_dismiss(user=request.user, comment_id=comment_id)})
