"""The API's log-in: a password for an expiring token."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.services import api_token_log_in
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
