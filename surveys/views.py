"""HTTP endpoints of surveys: the definition, answers, results and the moderation of free text."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.errors import Forbidden
from kernel.schema import refusals
from surveys import services
from surveys.models import Answer
from surveys.permissions import can_moderate_answers
from surveys.presentation import results_data
from surveys.selectors import access_survey, pending_text_answers, survey_results, survey_state
from surveys.serializers import (
    AnswerInputSerializer,
    PendingTextSerializer,
    ResponseReceiptSerializer,
    SurveyInputSerializer,
    SurveyResultsSerializer,
    SurveySerializer,
    TextModerationInputSerializer,
)


class SurveyView(APIView):
    """GET a draft's survey (404 if it has none); PUT defines or replaces it whole (its drafters, before
    the discussion or until the first answer; 409 after); DELETE removes it under the same rule."""

    permission_classes = [IsAuthenticatedOrReadOnly]
    # Questions are nested objects: JSON only (a form cannot carry them).
    parser_classes = [JSONParser]

    @extend_schema(responses=SurveySerializer)
    def get(self, request, draft_id: int):
        survey = access_survey(request.user, draft_id)
        return Response(SurveySerializer(survey_state(request.user, survey)).data)

    @extend_schema(request=SurveyInputSerializer, responses=SurveySerializer)
    def put(self, request, draft_id: int):
        data = SurveyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        survey = services.survey_define(user=request.user, draft_id=draft_id, **data.validated_data)
        return Response(SurveySerializer(survey_state(request.user, access_survey(request.user, survey.draft_id))).data)

    @extend_schema(responses={204: None})
    def delete(self, request, draft_id: int):
        services.survey_remove(user=request.user, draft_id=draft_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SurveyAnswersView(APIView):
    """POST your one response to the survey, only while the draft is under public discussion (409 before
    and after, and for a second response)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    @extend_schema(request=AnswerInputSerializer, responses={201: ResponseReceiptSerializer})
    def post(self, request, draft_id: int):
        received_at = timezone.now()
        data = AnswerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        response = services.survey_answer_submit(
            user=request.user, draft_id=draft_id, answers=data.validated_data["answers"], received_at=received_at
        )
        return Response(ResponseReceiptSerializer(response).data, status=status.HTTP_201_CREATED)


class SurveyResultsView(APIView):
    """The survey's results: during the discussion if its drafters chose live results, always after it."""

    @extend_schema(responses={200: SurveyResultsSerializer, **refusals(409)})
    def get(self, request, draft_id: int):
        return Response(SurveyResultsSerializer(results_data(survey_results(request.user, draft_id))).data)


class PendingTextAnswersView(generics.ListAPIView):
    """Free-text survey answers waiting for a moderator, the oldest 200 (moderators only); deciding on them
    brings the next ones."""

    permission_classes = [IsAuthenticated]
    serializer_class = PendingTextSerializer
    pagination_class = None

    @extend_schema(responses={200: PendingTextSerializer(many=True), **refusals(403)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Answer.objects.none()
        if not can_moderate_answers(self.request.user):
            raise Forbidden(_("Only moderators decide on survey answers."))
        return pending_text_answers(self.request.user)[:200]


class TextAnswerModerationView(APIView):
    """POST `{"decision": "approve" | "reject"}` on a free-text answer (moderators; 409 once decided)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=TextModerationInputSerializer, responses=PendingTextSerializer)
    def post(self, request, answer_id: int):
        data = TextModerationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answer = services.survey_text_moderate(
            user=request.user, answer_id=answer_id, decision=data.validated_data["decision"]
        )
        return Response(PendingTextSerializer(answer).data)
