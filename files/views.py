"""The chunked upload API (files.chunked): declare, send chunks, ask how far it got, complete, cancel."""

import re

from django.conf import settings
from django.core.validators import RegexValidator
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from files import chunked
from files.kinds import TYPES
from files.models import ChunkedUpload
from kernel.schema import TEXT_PATTERN, refusals
from kernel.strict_input import StrictInputSerializer

_CONTENT_RANGE = re.compile(r"^bytes (\d{1,15})-(\d{1,15})/(\d{1,15})$")


def _any_case(extension: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in extension)


# A name the uploader could see (no control characters) ending in an extension we take, in any case.
NAME_PATTERN = TEXT_PATTERN + r"[\s\S]*[^\s./\\]\.(?:" + "|".join(_any_case(e) for e in sorted(TYPES)) + r")$"


def _type_refusal() -> str:
    return _("Files of this type are not accepted here. Accepted: %(list)s.") % {"list": ", ".join(sorted(TYPES))}


@extend_schema_field({"type": "string", "maxLength": 255, "pattern": NAME_PATTERN})
class FileNameField(serializers.CharField):
    """A file's name as the schema tells it: the extension, which the service checks too, is part of the rule."""


class UploadStartInput(StrictInputSerializer):
    name = FileNameField(
        max_length=255,
        validators=[
            RegexValidator(
                NAME_PATTERN,
                message=lazy(_type_refusal, str)(),
            )
        ],
        help_text="The file's name; its extension decides the kind and so the size limit.",
    )
    size = serializers.IntegerField(min_value=1, max_value=max(settings.FILE_LIMITS.values()), help_text="Bytes.")


class UploadOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField()
    chunk_size = serializers.IntegerField(
        help_text="Send the bytes in chunks of exactly this size, the last one shorter."
    )
    received = serializers.IntegerField(help_text="Bytes stored so far: the next chunk starts here.")
    status = serializers.ChoiceField(choices=ChunkedUpload.Status.choices)
    file_id = serializers.IntegerField(allow_null=True, help_text="The stored file, once complete.")


class UploadCompleteOutput(serializers.Serializer):
    file_id = serializers.IntegerField(help_text="Give it as `file_id` where the file is to be attached.")
    status = serializers.CharField(help_text="`processing` until checked (virus scan, pictures, media), then `ready`.")
    name = serializers.CharField()
    kind = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()


def _upload(upload: ChunkedUpload) -> dict:
    return UploadOutput(
        {
            "id": upload.pk,
            "name": upload.name,
            "size": upload.size,
            "chunk_size": chunked.chunk_bytes(),
            "received": upload.received,
            "status": upload.status,
            "file_id": upload.file_id,
        }
    ).data


class UploadStartView(APIView):
    """Declares a file to send in chunks: `{"name", "size"}` -> the upload, with `id`, `chunk_size` and `received`.

    Refused at once (413) when the size exceeds the limit of the file's kind, which its extension decides.
    """

    permission_classes = [IsAuthenticated]

    @extend_schema(request=UploadStartInput, responses={201: UploadOutput, **refusals(409)})
    def post(self, request):
        data = UploadStartInput(data=request.data)
        data.is_valid(raise_exception=True)
        upload = chunked.chunked_upload_start(user=request.user, **data.validated_data)
        return Response(_upload(upload), status=status.HTTP_201_CREATED)


CONTENT_RANGE = OpenApiParameter(
    "Content-Range",
    str,
    OpenApiParameter.HEADER,
    required=True,
    pattern=_CONTENT_RANGE.pattern,
    description="`bytes <first>-<last>/<size>`: the chunk's first and last byte (inclusive) and the file's size.",
)


class UploadView(APIView):
    """One upload of yours: `GET` tells how far it got (resume from `received`), `PUT` sends the next chunk, `DELETE` cancels it."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: UploadOutput})
    def get(self, request, upload_id: int):
        return Response(_upload(chunked.chunked_upload_access(user=request.user, upload_id=upload_id)))

    @extend_schema(
        parameters=[CONTENT_RANGE],
        request={"application/octet-stream": OpenApiTypes.BINARY},
        responses={200: UploadOutput},
        description="The raw bytes of the next chunk. It must start at `received` and hold `chunk_size` bytes "
        "(the last chunk: the rest); otherwise 409 answers with the `received` offset to go on from.",
    )
    def put(self, request, upload_id: int):
        match = _CONTENT_RANGE.match(request.headers.get("Content-Range", ""))
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        upload = chunked.chunked_upload_receive(
            user=request.user,
            upload_id=upload_id,
            content_range=tuple(int(n) for n in match.groups()) if match else None,
            # Django's request reads the body as a stream, bounded by Content-Length; never request.body.
            body=request._request,
            length=length,
        )
        return Response(_upload(upload))

    @extend_schema(responses={204: None})
    def delete(self, request, upload_id: int):
        chunked.chunked_upload_cancel(user=request.user, upload_id=upload_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class UploadCompleteView(APIView):
    """Joins the chunks and judges the whole file like any upload; the answer's `file_id` attaches it (asked again, the same answer)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: UploadCompleteOutput})
    def post(self, request, upload_id: int):
        stored = chunked.chunked_upload_complete(user=request.user, upload_id=upload_id)
        return Response(
            UploadCompleteOutput(
                {
                    "file_id": stored.pk,
                    "status": stored.status,
                    "name": stored.name,
                    "kind": stored.kind,
                    "content_type": stored.content_type,
                    "size": stored.size,
                    "sha256": stored.sha256,
                }
            ).data
        )
