"""HTTP endpoints for expert conclusions: input, one call, output."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from comments.selectors import conclusion_list_visible_to
from comments.serializers import ConclusionInputSerializer, ConclusionSerializer
from comments.services import conclusion_submit
from drafts.selectors import access_draft


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
        conclusion = conclusion_submit(
            user=request.user, draft_id=draft_id, group_id=fields.pop("group", None), **fields
        )
        return Response(ConclusionSerializer(conclusion).data, status=status.HTTP_201_CREATED)
