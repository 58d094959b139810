"""Admin for reference data; drafts are read-only here, their changes go through the services.

Reference data is edited with its name in each language (uz, uz-Cyrl, ru, en), all required:
the form refuses a row that would leave a reader without a name in their language.
"""

from django.contrib import admin
from guardian.admin import GuardedModelAdmin
from modeltranslation.admin import TranslationAdmin

from drafts.models import ActType, Draft, DraftVersion, ExpertGroup, IssuingBody


@admin.register(ActType)
class ActTypeAdmin(TranslationAdmin):
    list_display = ["name", "code", "min_discussion_days"]
    prepopulated_fields = {"code": ["name_uz"]}


@admin.register(IssuingBody)
class IssuingBodyAdmin(TranslationAdmin):
    list_display = ["name", "place", "signatory_title", "signatory_name"]


@admin.register(ExpertGroup)
class ExpertGroupAdmin(TranslationAdmin):
    list_display = ["name", "group"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class VersionInline(ReadOnlyInline):
    model = DraftVersion
    fields = ["number", "title", "checksum", "created_at", "created_by"]
    readonly_fields = fields


@admin.register(Draft)
class DraftAdmin(GuardedModelAdmin):
    """Administrators look and manage object permissions; text and state change only through the workflow."""

    list_display = ["id", "title", "status", "act_type", "issuing_body", "number", "approved_on", "updated_at"]
    list_filter = ["status", "act_type", "issuing_body", "language"]
    search_fields = ["title", "number"]
    inlines = [VersionInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Draft._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
