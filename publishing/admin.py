"""Official copies in the admin: read-only, with the log of every rendering."""

from django.contrib import admin

from drafts.admin import ReadOnlyInline
from publishing.models import OfficialCopy, RenderAttempt


class RenderAttemptInline(ReadOnlyInline):
    model = RenderAttempt
    fields = ["at", "actor", "reason", "succeeded", "error", "seconds"]
    readonly_fields = fields


@admin.register(OfficialCopy)
class OfficialCopyAdmin(admin.ModelAdmin):
    """Official PDFs; a failed rendering shows here with its error (re-render with `manage.py render_pdf`;
    `manage.py catch_up` renders those left pending by a stopped process)."""

    # `render_started_at`: a rendering under way; older than PDF_RENDER_STALE_MINUTES, one that died.
    list_display = ["draft", "status", "attempts", "rendered_at", "render_started_at", "size", "text_checksum"]
    list_filter = ["status"]
    inlines = [RenderAttemptInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in OfficialCopy._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
