"""HTTP endpoints for transitions and history: input, one call, output."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from drafts.selectors import access_draft, access_draft_as_shown, draft_with_details
from drafts.serializers import DraftDetailSerializer
from workflow.graph import transition_specs
from workflow.selectors import history_visible_to
from workflow.serializers import TransitionInputSerializer, TransitionRecordSerializer, TransitionSerializer
from workflow.services import available_transitions, draft_transition


class TransitionListView(APIView):
    """The transitions you may perform on this draft now, each with `name` and `target`."""

    @extend_schema(responses=TransitionSerializer(many=True))
    def get(self, request, draft_id: int):
        draft = access_draft(request.user, draft_id)
        user = request.user if request.user.is_authenticated else None
        return Response(TransitionSerializer(available_transitions(user=user, draft=draft), many=True).data)


class TransitionPerformView(APIView):
    """Performs one transition; 409 with the reasons when the state or a condition does not allow it."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("name", str, OpenApiParameter.PATH, enum=list(transition_specs()))],
        request=TransitionInputSerializer,
        responses=DraftDetailSerializer,
    )
    def post(self, request, draft_id: int, name: str):
        data = TransitionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        arguments = dict(data.validated_data)
        expected_status = arguments.pop("expected_status", None)
        draft_transition(
            user=request.user, draft_id=draft_id, name=name, arguments=arguments, expected_status=expected_status
        )
        draft = access_draft_as_shown(request.user, draft_id)
        return Response(DraftDetailSerializer(draft_with_details(draft)).data)


class HistoryView(APIView):
    """Every transition of the draft, oldest first."""

    @extend_schema(responses=TransitionRecordSerializer(many=True))
    def get(self, request, draft_id: int):
        draft = access_draft(request.user, draft_id)
        return Response(TransitionRecordSerializer(history_visible_to(request.user, draft), many=True).data)
