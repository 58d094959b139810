"""The transition history in the admin: read-only, as the record is append-only."""

from django.contrib import admin

from drafts.admin import DraftAdmin, ReadOnlyInline
from drafts.models import Draft
from workflow.models import TransitionRecord


@admin.register(TransitionRecord)
class TransitionRecordAdmin(admin.ModelAdmin):
    list_display = ["at", "draft", "name", "source", "target", "actor", "version"]
    list_filter = ["name", "target"]
    search_fields = ["draft__title", "reason"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in TransitionRecord._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HistoryInline(ReadOnlyInline):
    model = TransitionRecord
    fields = ["at", "name", "source", "target", "actor", "reason", "version"]
    readonly_fields = fields


class DraftWithHistoryAdmin(DraftAdmin):
    """The draft's admin page, with its transition history underneath."""

    inlines = [*DraftAdmin.inlines, HistoryInline]


admin.site.unregister(Draft)
admin.site.register(Draft, DraftWithHistoryAdmin)
