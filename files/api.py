"""What every endpoint that serves a stored file says in the API schema, and the one query parameter they share.

Draft attachments, comment attachments and library materials each check their reader, then hand
the file to files.serving; their answers are the same, so they are described once here.
"""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from files.serving import VARIANTS
from kernel.errors import InvalidArguments
from kernel.schema import refusals

# Its bytes (whole, or the range asked for), "not modified", or a signed address on an
# S3-compatible store; its type is the one sniffed from its content.
FILE_RESPONSES = {
    (200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY, description="the file (documents as downloads)"),
    (206, "*/*"): OpenApiResponse(OpenApiTypes.BINARY, description="the byte range asked for (`Range`)"),
    302: OpenApiResponse(description="a short-lived signed address on the file store"),
    304: OpenApiResponse(description="not modified since the `ETag` sent in `If-None-Match`"),
    416: OpenApiResponse(description="the range asked for lies past the end (`Content-Range: bytes */size`)"),
    **refusals(409),
}
VARIANT_PARAMETER = OpenApiParameter(
    "variant",
    str,
    enum=list(VARIANTS),
    description="pictures: `web` (at most 1600 px) or `thumbnail` (320 px), both WebP; `file` (the default) for the file",
)


def requested_variant(request) -> str:
    """The `variant` asked for, or 400."""
    variant = request.query_params.get("variant") or "file"
    if variant not in VARIANTS:
        raise InvalidArguments({"variant": _("Choose file, web or thumbnail.")})
    return variant
