"""HTTP endpoints for drafts, versions and expert group assignment: input, one call, output."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from drafts import services
from drafts.attachments import draft_attachment_add, draft_attachment_remove
from drafts.diff import compare_texts
from drafts.filters import DraftFilter
from drafts.models import ActType, ExpertGroup, IssuingBody
from drafts.scripts import requested_script, shown_in_script
from drafts.selectors import (
    access_draft,
    access_draft_as_shown,
    access_draft_attachment,
    attachment_list_of,
    draft_list_visible_to,
    draft_with_details,
    drafts_as_shown,
    version_list_visible_to,
    version_of,
)
from drafts.serializers import (
    ActTypeSerializer,
    DraftAttachmentClaimSerializer,
    DraftAttachmentInputSerializer,
    DraftAttachmentSerializer,
    DraftDetailSerializer,
    DraftInputSerializer,
    DraftListSerializer,
    DraftWordInputSerializer,
    ExpertAssignmentInputSerializer,
    ExpertAssignmentSerializer,
    ExpertGroupSerializer,
    IssuingBodySerializer,
    VersionDetailSerializer,
    VersionDiffSerializer,
    VersionListSerializer,
)
from drafts.transliteration import Script
from drafts.word_import import draft_create_from_word, draft_update_from_word
from files.api import FILE_RESPONSES, VARIANT_PARAMETER, requested_variant
from files.serving import stored_file_response
from kernel import freshness, shared_cache
from kernel.errors import InvalidArguments, NotVisible
from kernel.integers import MAX_ID

SCRIPT_PARAMETER = OpenApiParameter(
    "script",
    str,
    enum=[s.value for s in Script],
    description="Show an Uzbek draft's texts in this script: `latn` (Latin) or `cyrl` (Cyrillic); "
    "transliterated for reading, the official text stays in the draft's own script (field `script`). "
    "Drafts in Russian or English are shown as written.",
)

# A draft's text comes as JSON (`body`), or as a Word document: multipart with `file`.
DRAFT_INPUT = {
    "application/json": DraftInputSerializer,
    "multipart/form-data": DraftWordInputSerializer,
    "application/x-www-form-urlencoded": DraftInputSerializer,
}


def _sends_word(request) -> bool:
    return (request.content_type or "").startswith("multipart/") and "file" in request.data


class ActTypeListView(generics.ListAPIView):
    """Kinds of acts with their minimum discussion periods."""

    queryset = ActType.objects.all()
    serializer_class = ActTypeSerializer
    pagination_class = None


class IssuingBodyListView(generics.ListAPIView):
    """Offices that issue acts."""

    queryset = IssuingBody.objects.all()
    serializer_class = IssuingBodySerializer
    pagination_class = None


class ExpertGroupListView(generics.ListAPIView):
    """Expert groups that can be assigned to drafts."""

    queryset = ExpertGroup.objects.all()
    serializer_class = ExpertGroupSerializer
    pagination_class = None


class DraftListCreateView(generics.ListCreateAPIView):
    """The drafts you may see (paginated, filterable); POST creates a draft you will draft."""

    permission_classes = [IsAuthenticatedOrReadOnly]
    filterset_class = DraftFilter

    def dispatch(self, request, *args, **kwargs):
        # Anonymous readers share one answer per page, language and stamp (kernel.shared_cache).
        return shared_cache.serve(
            request, [freshness.ALL_DRAFTS], lambda: super(DraftListCreateView, self).dispatch(request, *args, **kwargs)
        )

    def get_queryset(self):
        # Texts can be long; a list shows none of them.
        user = self.request.user
        return drafts_as_shown(draft_list_visible_to(user).defer("body", "explanatory_note"), user)

    def get_serializer_class(self):
        return DraftInputSerializer if self.request.method == "POST" else DraftListSerializer

    @extend_schema(request=DRAFT_INPUT, responses={201: DraftDetailSerializer})
    def post(self, request):
        word = _sends_word(request)
        data = (DraftWordInputSerializer if word else DraftInputSerializer)(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        co_drafters = fields.pop("drafters", [])
        if word:
            upload = fields.pop("file")
            draft = draft_create_from_word(user=request.user, co_drafter_ids=co_drafters, upload=upload, **fields)
        else:
            draft = services.draft_create(user=request.user, co_drafter_ids=co_drafters, **fields)
        draft = access_draft_as_shown(request.user, draft.pk)
        return Response(DraftDetailSerializer(draft_with_details(draft)).data, status=status.HTTP_201_CREATED)


class DraftDetailView(APIView):
    """One draft; PATCH changes it while it is editable (by its drafters)."""

    permission_classes = [IsAuthenticatedOrReadOnly]

    def dispatch(self, request, *args, **kwargs):
        # Anonymous readers share one answer per draft, script, language and stamp (kernel.shared_cache).
        keys = [freshness.draft_key(kwargs["draft_id"])]
        return shared_cache.serve(
            request, keys, lambda: super(DraftDetailView, self).dispatch(request, *args, **kwargs)
        )

    @extend_schema(parameters=[SCRIPT_PARAMETER], responses=DraftDetailSerializer)
    def get(self, request, draft_id: int):
        script = requested_script(request.query_params.get("script"))
        draft = access_draft_as_shown(request.user, draft_id)
        return Response(DraftDetailSerializer(shown_in_script(draft_with_details(draft), script)).data)

    @extend_schema(request=DRAFT_INPUT, responses=DraftDetailSerializer)
    def patch(self, request, draft_id: int):
        word = _sends_word(request)
        data = (DraftWordInputSerializer if word else DraftInputSerializer)(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        co_drafters = changes.pop("drafters", None)
        if word:
            # A new text from a Word document: the draft's next version, the document its attachment.
            upload = changes.pop("file")
            draft_update_from_word(
                user=request.user, draft_id=draft_id, upload=upload, changes=changes, co_drafter_ids=co_drafters
            )
        elif not changes and co_drafters is None:
            raise InvalidArguments({"non_field_errors": _("Send at least one field to change.")})
        else:
            services.draft_update(user=request.user, draft_id=draft_id, changes=changes, co_drafter_ids=co_drafters)
        draft = access_draft_as_shown(request.user, draft_id)
        return Response(DraftDetailSerializer(draft_with_details(draft)).data)


class VersionListView(APIView):
    """The immutable versions of a draft, oldest first."""

    @extend_schema(responses=VersionListSerializer(many=True))
    def get(self, request, draft_id: int):
        draft = access_draft(request.user, draft_id)
        return Response(VersionListSerializer(version_list_visible_to(request.user, draft), many=True).data)


class VersionDetailView(APIView):
    """One version with its text and articles."""

    @extend_schema(responses=VersionDetailSerializer)
    def get(self, request, draft_id: int, number: int):
        version = version_of(access_draft(request.user, draft_id), number, request.user)
        return Response(VersionDetailSerializer(version).data)


class VersionDiffView(APIView):
    """What changed between two versions, article by article (`?from=1&to=2`)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("from", int, required=True, description="the earlier version number"),
            OpenApiParameter("to", int, required=True, description="the later version number"),
        ],
        responses=VersionDiffSerializer,
    )
    def get(self, request, draft_id: int):
        draft = access_draft(request.user, draft_id)
        missing = {p: _("Give a version number.") for p in ("from", "to") if not request.query_params.get(p)}
        if missing:
            raise InvalidArguments(missing)
        old = version_of(draft, request.query_params["from"], request.user)
        new = version_of(draft, request.query_params["to"], request.user)
        comparison = compare_texts(old.body, new.body)
        return Response(
            VersionDiffSerializer({"from_version": old.number, "to_version": new.number, **comparison}).data
        )


class DraftExpertGroupsView(APIView):
    """The expert groups assigned to a draft; POST assigns one (drafters, while in `draft`)."""

    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses=ExpertAssignmentSerializer(many=True))
    def get(self, request, draft_id: int):
        draft = access_draft(request.user, draft_id)
        assignments = draft.expert_assignments.select_related("group")
        return Response(ExpertAssignmentSerializer(assignments, many=True).data)

    @extend_schema(request=ExpertAssignmentInputSerializer, responses={201: ExpertAssignmentSerializer})
    def post(self, request, draft_id: int):
        data = ExpertAssignmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = services.draft_assign_expert_group(
            user=request.user, draft_id=draft_id, group_id=data.validated_data["group"]
        )
        return Response(ExpertAssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)


class DraftExpertGroupView(APIView):
    """DELETE removes an assigned expert group (drafters, while in `draft`)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={204: None})
    def delete(self, request, draft_id: int, group_id: int):
        if group_id > MAX_ID:  # no such group, and the database could not even compare it
            raise NotVisible(_("There is no expert group %(id)s.") % {"id": group_id})
        services.draft_unassign_expert_group(user=request.user, draft_id=draft_id, group_id=group_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


ATTACHMENT_INPUT = {
    "multipart/form-data": DraftAttachmentInputSerializer,
    "application/json": DraftAttachmentClaimSerializer,
    "application/x-www-form-urlencoded": DraftAttachmentClaimSerializer,
}


class DraftAttachmentsView(APIView):
    """A draft's attachments; POST attaches a file (its drafters, while the draft is written).

    Send the file as multipart (`file`, `title`, `kind`), or the `file_id` of your earlier chunked
    upload. The file is checked for what it is before anything is stored (400 or 413 say why);
    its `status` is `processing` until its checks after the upload have run.
    """

    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses=DraftAttachmentSerializer(many=True))
    def get(self, request, draft_id: int):
        draft = access_draft(request.user, draft_id)
        return Response(DraftAttachmentSerializer(attachment_list_of(draft), many=True).data)

    @extend_schema(request=ATTACHMENT_INPUT, responses={201: DraftAttachmentSerializer})
    def post(self, request, draft_id: int):
        multipart = (request.content_type or "").startswith("multipart/")
        data = (DraftAttachmentInputSerializer if multipart else DraftAttachmentClaimSerializer)(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        attachment = draft_attachment_add(
            user=request.user,
            draft_id=draft_id,
            kind=fields["kind"],
            title=fields["title"],
            titles=data.titles(),
            upload=fields.get("file"),
            file_id=fields.get("file_id"),
        )
        attachment = access_draft_attachment(request.user, draft_id, attachment.pk)
        return Response(DraftAttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


class DraftAttachmentView(APIView):
    """One attachment of a draft; DELETE removes it (its drafters, while the draft is written)."""

    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses=DraftAttachmentSerializer)
    def get(self, request, draft_id: int, attachment_id: int):
        return Response(DraftAttachmentSerializer(access_draft_attachment(request.user, draft_id, attachment_id)).data)

    @extend_schema(responses={204: None})
    def delete(self, request, draft_id: int, attachment_id: int):
        draft_attachment_remove(user=request.user, draft_id=draft_id, attachment_id=attachment_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DraftAttachmentFileView(APIView):
    """The attachment's bytes, to whoever may open the draft: documents as downloads, pictures and media
    inline; byte ranges (206) for audio and video players; 409 while the file is still being checked."""

    @extend_schema(parameters=[VARIANT_PARAMETER], responses=FILE_RESPONSES)
    def get(self, request, draft_id: int, attachment_id: int):
        attachment = access_draft_attachment(request.user, draft_id, attachment_id)
        variant = requested_variant(request)
        return stored_file_response(request, attachment.stored_file, variant=variant, public=attachment.draft.is_public)
