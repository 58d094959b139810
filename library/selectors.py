"""Reads of the media library that encode who may see what: the public sees published materials only,
and of a material's linked drafts only those the reader may open."""

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet

from drafts.selectors import draft_list_visible_to
from kernel.errors import NotVisible
from library.models import Material, Tag
from library.permissions import sees_unpublished_materials


def material_list_visible_to(user) -> QuerySet[Material]:
    """Every material the user may open: the published ones, or all of them for the staff who keep them."""
    materials = Material.objects.select_related("file")
    if sees_unpublished_materials(user):
        return materials
    return materials.filter(status=Material.Status.PUBLISHED)


def access_material(user, material_id) -> Material:
    """The material if the user may open it; NotVisible otherwise, so unpublished ones look absent."""
    try:
        return material_list_visible_to(user).get(pk=material_id)
    except (Material.DoesNotExist, ValueError, TypeError):
        raise NotVisible(f"No material {material_id} that you can see.") from None


def with_details(materials: QuerySet[Material], user) -> QuerySet[Material]:
    """Materials with their tags and the linked drafts the user may open (`visible_drafts`), in two more queries."""
    drafts = draft_list_visible_to(user).only("id", "title", "status", "number", "act_type", "issuing_body")
    return materials.prefetch_related(
        "tags", Prefetch("drafts", queryset=drafts.order_by("-updated_at", "-id"), to_attr="visible_drafts")
    )


def tag_key(name: str) -> str:
    """A tag's identity: its words, folded for case and spacing."""
    return " ".join(name.split()).casefold()


def material_filter(
    materials: QuerySet[Material],
    *,
    kind: str | None = None,
    tag: str | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    language: str | None = None,
    q: str | None = None,
) -> QuerySet[Material]:
    """The materials of this kind, tag, period and language whose title, description or text holds `q`."""
    if kind:
        materials = materials.filter(kind=kind)
    if tag:
        materials = materials.filter(tags__key=tag_key(tag))
    if date_from:
        materials = materials.filter(date__gte=date_from)
    if date_to:
        materials = materials.filter(date__lte=date_to)
    if language:
        materials = materials.filter(language=language)
    for word in (q or "").split()[:10]:
        # A plain substring match; search/ indexes materials with word forms and both scripts.
        materials = materials.filter(
            Q(title__icontains=word) | Q(description__icontains=word) | Q(text__icontains=word)
        )
    return materials


def tags_in_use(user) -> list[Tag]:
    """Tags of the materials the user may open, with how many (`n`), most used first."""
    visible = material_list_visible_to(user).values("pk")
    return list(Tag.objects.filter(materials__in=visible).annotate(n=Count("materials")).order_by("-n", "name")[:40])


def material_years(user) -> list[int]:
    """The years the user's visible materials are dated in, latest first (browsing by date)."""
    dates = material_list_visible_to(user).dates("date", "year", order="DESC")
    return [d.year for d in dates]
