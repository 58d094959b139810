"""The media library's pages: browsing by kind, tag and date, the gallery, the player, and the editors' forms.

The same selectors and services as /api/v1/media/; files are served by its file endpoint after its check.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kernel.errors import NotVisible, ServiceError
from kernel.states import State
from library import services
from library.forms import MaterialFilterForm, MaterialForm
from library.models import Kind, Material
from library.permissions import can_edit_materials
from library.selectors import (
    access_material,
    material_filter,
    material_list_visible_to,
    material_years,
    tags_in_use,
    with_details,
)
from library.serializers import file_url
from portal.refusals import acting, refusal_text

PAGE_SIZE = 24
FIELDS = ("kind", "title", "description", "date", "author_or_source", "language", "text")


def library_page(request):
    """Materials by kind, tag, date, language and words; photos as a gallery with a larger view."""
    filters = MaterialFilterForm(request.GET)
    filters.is_valid()  # a value that is not valid is left out; the form shows why
    chosen = {name: value for name, value in filters.cleaned_data.items() if value and name != "page"}
    user = request.user
    materials = material_filter(with_details(material_list_visible_to(user).defer("text"), user), **chosen)
    page = Paginator(materials, PAGE_SIZE).get_page(filters.cleaned_data.get("page") or 1)
    kept = {name: str(value) for name, value in chosen.items()}
    context = {
        "filters": filters,
        "shown_filters": [filters[name] for name in ("q", "date_from", "date_to", "language")],
        "page": page,
        "items": [_shown(m) for m in page],
        "chosen": kept,
        "kept": urlencode(kept),
        "kinds": [(value, label, _with(kept, kind=value)) for value, label in Kind.choices],
        "all_kinds": _with(kept, kind=None),
        "tags": [(tag, _with(kept, tag=tag.name)) for tag in tags_in_use(user)],
        "all_tags": _with(kept, tag=None),
        "years": [
            (year, _with(kept, date_from=f"{year}-01-01", date_to=f"{year}-12-31")) for year in material_years(user)
        ],
        "all_dates": _with(kept, date_from=None, date_to=None),
        "can_edit": can_edit_materials(user),
    }
    return render(request, "library/list.html", context)


def _with(kept: dict, **changes) -> str:
    """The current filters with these changed (None: removed), as a query string for a link."""
    query = {**kept, **changes}
    return "?" + urlencode({k: v for k, v in query.items() if v})


def _shown(material: Material) -> dict:
    """What a page shows of a material: its file's addresses and state."""
    stored = material.file
    ready = stored is not None and stored.is_ready()
    return {
        "m": material,
        "file": stored,
        "ready": ready,
        "url": file_url(material) if stored else None,
        "web": file_url(material, "web") if ready and stored.web else None,
        "thumbnail": file_url(material, "thumbnail") if ready and stored.thumbnail else None,
        "duration": (stored.metadata or {}).get("duration") if stored else None,
    }


def material_page(request, material_id: int):
    """One material: the photo, the player or the text; its download, tags and the drafts it concerns."""
    user = request.user
    try:
        access_material(user, material_id)
    except NotVisible:
        raise Http404 from None
    material = with_details(material_list_visible_to(user), user).get(pk=material_id)
    context = {
        **_shown(material),
        "drafts": [(d, State(d.status).label) for d in material.visible_drafts],
        "can_edit": can_edit_materials(user),
    }
    return render(request, "library/material.html", context)


@login_required
def material_new(request):
    """A media editor adds a material: its fields, file and drafts; saved unpublished, or published at once."""
    if not can_edit_materials(request.user):
        return _only_editors(request)
    return _material_form(request, None)


@login_required
def material_edit(request, material_id: int):
    """A media editor changes a material; a new file replaces the old one."""
    try:
        material = access_material(request.user, material_id)
    except NotVisible:
        raise Http404 from None
    if not can_edit_materials(request.user):
        return _only_editors(request)
    return _material_form(request, material)


def _only_editors(request):
    message = _("Only the information service's media editors can add, change or publish materials.")
    return render(request, "refusal.html", {"message": message}, status=403)


def _material_form(request, material: Material | None):
    user = request.user
    initial = None
    if material is not None:
        initial = {name: getattr(material, name) for name in FIELDS}
        initial["tags"] = ", ".join(t.name for t in material.tags.all())
        initial["drafts"] = [str(pk) for pk in material.drafts.values_list("pk", flat=True)]
    posted = request.method == "POST"
    form = MaterialForm(request.POST if posted else None, request.FILES if posted else None, initial=initial, user=user)
    if posted and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        draft_ids = data.pop("drafts")
        try:
            if material is None:
                material = services.material_create(user=user, upload=upload, draft_ids=draft_ids, **data)
            else:
                services.material_update(
                    user=user, material_id=material.pk, upload=upload, changes={**data, "drafts": draft_ids}
                )
            if "publish" in request.POST:
                services.material_publish(user=user, material_id=material.pk)
                messages.success(request, _("The material was saved and published."))
            else:
                messages.success(request, _("The material was saved."))
            return redirect(f"/media-library/{material.pk}/")
        except ServiceError as error:
            for field, reasons in (getattr(error, "details", None) or {}).items():
                if field in form.fields:
                    for reason in reasons:
                        form.add_error(field, reason)
            if not form.errors:
                messages.error(request, refusal_text(error))
    return render(request, "library/form.html", {"form": form, "material": material})


@require_POST
@login_required
@acting
def material_publish(request, material_id: int):
    services.material_publish(user=request.user, material_id=material_id)
    messages.success(request, _("The material is published."))
    return redirect(f"/media-library/{material_id}/")


@require_POST
@login_required
@acting
def material_unpublish(request, material_id: int):
    services.material_unpublish(user=request.user, material_id=material_id)
    messages.success(request, _("The material is no longer published."))
    return redirect(f"/media-library/{material_id}/")


@require_POST
@login_required
@acting
def material_delete(request, material_id: int):
    services.material_delete(user=request.user, material_id=material_id)
    messages.success(request, _("The material was deleted."))
    return redirect("/media-library/")
