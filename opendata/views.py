"""The open-data export under /api/v1/export/: the package descriptor, its files streamed, the daily dump."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import FileResponse, JsonResponse, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.views import APIView

from kernel.errors import NotVisible
from kernel.integers import MAX_ID
from kernel.replica import reads_may_lag
from kernel.schema import refusals
from opendata.dumps import PACKAGE, current_dump, dump_file_open
from opendata.export import FORMATS, encode_cursor, encoded, parse_selection, select
from opendata.package import descriptor
from opendata.tables import BY_NAME, TABLES

EXPORT_SCOPE = "export"

ROWS = {(200, media.split(";")[0]): OpenApiTypes.BINARY for media in FORMATS.values()}
PATH_PARAMETERS = [
    OpenApiParameter("name", str, OpenApiParameter.PATH, enum=[t.name for t in TABLES], description="the table"),
    OpenApiParameter("file_format", str, OpenApiParameter.PATH, enum=list(FORMATS), description="CSV or JSON Lines"),
]


class ExportQuerySerializer(serializers.Serializer):
    """The query of an export file (documentation only: opendata.export parses it, refusing with 400)."""

    since = serializers.DateTimeField(
        required=False, help_text="only rows changed at or after this time (ISO 8601 with its offset)"
    )
    cursor = serializers.RegexField(
        r"^[A-Za-z0-9_-]{1,200}$",
        required=False,
        help_text='where the previous page stopped: the cursor of its `Link: <...>; rel="next"` header',
    )
    limit = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="at most this many rows; the rest follow the Link"
    )


class DataPackageView(APIView):
    """The Frictionless data package describing every file of the export (CSV and JSON Lines, with their schemas)."""

    @extend_schema(operation_id="export_package", responses={(200, "application/json"): OpenApiTypes.OBJECT})
    def get(self, request):
        return JsonResponse(descriptor(), json_dumps_params={"ensure_ascii": False, "indent": 2})


class ExportFileView(APIView):
    """One table of the package, whole and streamed, or the rows changed since a time, or a page after a cursor.

    Rows come in (changed_at, id) order. With `limit`, the `Link` header (rel="next") and
    `X-Next-Cursor` give the next page's cursor; the last page has neither. Throttled per caller.
    """

    throttle_scope = EXPORT_SCOPE

    @extend_schema(operation_id="export_file", parameters=[*PATH_PARAMETERS, ExportQuerySerializer], responses=ROWS)
    # Not `format`: DRF takes a view argument of that name for its own format suffixes.
    def get(self, request, name: str, file_format: str):
        format = file_format
        table = BY_NAME.get(name)
        if table is None or format not in FORMATS:
            raise NotVisible(f"The export has no file {name[:100]}.{format[:10]}; see /api/v1/export/datapackage.json.")
        selection = parse_selection(table, request.query_params)
        with reads_may_lag():
            rows, next_position = select(table, selection)
        response = StreamingHttpResponse(encoded(table, format, rows, settings.SITE_URL), content_type=FORMATS[format])
        response["Content-Disposition"] = f'inline; filename="{table.name}.{format}"'
        if next_position is not None:
            cursor = encode_cursor(table, next_position)
            query = {k: v for k, v in request.query_params.items() if k in ("since", "limit")} | {"cursor": cursor}
            response["Link"] = f'<{request.build_absolute_uri(request.path)}?{urlencode(query)}>; rel="next"'
            response["X-Next-Cursor"] = cursor
        return response


class DumpView(APIView):
    """The current daily dump: when it was written, and each file with its size, SHA-256 and address."""

    @extend_schema(
        operation_id="export_dump",
        responses={
            200: inline_serializer(
                "OpenDataDump",
                {
                    "started_at": serializers.DateTimeField(),
                    "finished_at": serializers.DateTimeField(),
                    "package": serializers.URLField(),
                    "files": serializers.ListField(child=serializers.DictField()),
                },
            ),
            **refusals(404),
        },
    )
    def get(self, request):
        dump = current_dump()
        if dump is None:
            raise NotVisible("No open-data dump has been written yet; the live files are under /api/v1/export/.")
        base = request.build_absolute_uri(request.path)
        return JsonResponse(
            {
                "started_at": dump.started_at.isoformat(),
                "finished_at": dump.finished_at.isoformat(),
                "package": f"{base}{PACKAGE}",
                "files": [{"name": n, **meta, "url": f"{base}{n}"} for n, meta in sorted(dump.files.items())],
            }
        )


class DumpFileView(APIView):
    """A file of the current daily dump, served from the store. Throttled per caller, like the live files."""

    throttle_scope = EXPORT_SCOPE

    @extend_schema(operation_id="export_dump_file", responses={**ROWS, (200, "application/json"): OpenApiTypes.OBJECT})
    def get(self, request, file: str):
        stream, content_type, dump = dump_file_open(file)
        response = FileResponse(stream, content_type=content_type)
        response["Content-Length"] = str(dump.files[file]["bytes"])
        response["ETag"] = f'"{dump.files[file]["sha256"]}"'
        response["Content-Disposition"] = f'inline; filename="{file}"'
        return response
