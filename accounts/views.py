"""The API's log-in (a password for an expiring token) and the caller's own account."""

from django.conf import settings
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.selectors import preferred_language
from accounts.services import account_set_language, api_token_log_in
from kernel.strict_input import StrictInputSerializer


class TokenInput(StrictInputSerializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


class TokenView(APIView):
    """`{"username", "password"}` -> `{"token", "expires_at"}`; send it as `Authorization: Token <token>`."""

    authentication_classes = []
    permission_classes = []
    throttle_scope = "login"

    @extend_schema(
        request=TokenInput,
        responses={
            200: inline_serializer(
                "Token", {"token": serializers.CharField(), "expires_at": serializers.DateTimeField()}
            )
        },
    )
    def post(self, request):
        data = TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        key, token = api_token_log_in(request=request._request, **data.validated_data)
        return Response({"token": key, "expires_at": token.expires_at})


class MeInput(StrictInputSerializer):
    language = serializers.ChoiceField(choices=settings.LANGUAGES)


class MeOutput(serializers.Serializer):
    username = serializers.CharField()
    email = serializers.EmailField()
    language = serializers.ChoiceField(choices=settings.LANGUAGES, help_text="The language of e-mails and notices.")


def _me(user) -> dict:
    return {"username": user.get_username(), "email": user.email, "language": preferred_language(user)}


class MeView(APIView):
    """The caller's account; `PATCH {"language": "ru"}` sets the language of their e-mails and notices."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: MeOutput})
    def get(self, request):
        return Response(MeOutput(_me(request.user)).data)

    @extend_schema(request=MeInput, responses={200: MeOutput})
    def patch(self, request):
        data = MeInput(data=request.data)
        data.is_valid(raise_exception=True)
        account_set_language(user=request.user, language=data.validated_data["language"])
        return Response(MeOutput(_me(request.user)).data)
