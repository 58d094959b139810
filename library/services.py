"""Every write to the media library: only media editors write; each change reaches search through the outbox.

A material's file is stored last in the service's transaction (files.services), after every check
of the material, so that a refused material leaves no file behind.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from drafts.selectors import draft_list_visible_to
from files.models import StoredFile
from files.services import stored_file_claim, stored_file_create, stored_file_delete
from kernel import outbox
from kernel.errors import Forbidden, InvalidArguments, StateConflict
from library.models import FILE_KIND, NEEDS_FILE, Kind, Material, Tag
from library.permissions import can_edit_materials
from library.selectors import access_material, tag_key

MAX_TAGS = 20
TAG_LENGTH = 60
EDITABLE = ("kind", "title", "description", "date", "author_or_source", "language", "text")


def _ensure_editor(user) -> None:
    if not can_edit_materials(user):
        raise Forbidden(_("Only the information service's media editors can add, change or publish materials."))


def _tags(names) -> list[Tag]:
    """The tags of these names, made when new; the same words in other case or spacing are one tag."""
    cleaned = {}
    for name in names:
        words = " ".join(str(name).split())
        if not words:
            continue
        key = tag_key(words)
        # Folding may lengthen a word (ß -> ss): both must fit.
        if max(len(words), len(key)) > TAG_LENGTH:
            raise InvalidArguments(
                {"tags": _("A tag holds at most %(n)d characters: shorten %(tag)s.") % {"n": TAG_LENGTH, "tag": words}}
            )
        cleaned.setdefault(key, words)
    if len(cleaned) > MAX_TAGS:
        raise InvalidArguments({"tags": _("At most %(n)d tags per material.") % {"n": MAX_TAGS}})
    found = {t.key: t for t in Tag.objects.filter(key__in=list(cleaned))}
    for key, name in cleaned.items():
        if key not in found:
            found[key] = Tag.objects.create(key=key, name=name)
    return list(found.values())


def _linked_drafts(user, draft_ids) -> list[int]:
    """The drafts named, each one the editor can see; an id they cannot see is refused like one that does not exist."""
    wanted = {int(pk) for pk in draft_ids}
    seen = set(draft_list_visible_to(user).filter(pk__in=wanted).values_list("pk", flat=True))
    if missing := sorted(wanted - seen):
        raise InvalidArguments(
            {
                "drafts": _("No draft %(ids)s that you can see; link drafts by the ids on their pages.")
                % {"ids": ", ".join(map(str, missing))}
            }
        )
    return sorted(seen)


def _new_file(user, kind: str, upload, file_id) -> StoredFile | None:
    """The upload stored (or an earlier chunked upload claimed) as this kind of material's file."""
    if upload is not None and file_id is not None:
        raise InvalidArguments({"file_id": _("Send either a file or the id of an earlier upload, not both.")})
    kinds = {FILE_KIND[kind]}
    if upload is not None:
        return stored_file_create(upload, user=user, kinds=kinds, field="file")
    if file_id is not None:
        return stored_file_claim(user=user, file_id=file_id, kinds=kinds, field="file_id")
    return None


def _check_content(kind: str, text: str, has_file: bool) -> None:
    if kind in NEEDS_FILE and not has_file:
        raise InvalidArguments(
            {
                "file": _("A %(kind)s needs its file: upload it as `file`, or give an earlier upload's `file_id`.")
                % {"kind": Kind(kind).label}
            }
        )
    if kind == Kind.TEXT and not text.strip() and not has_file:
        raise InvalidArguments({"text": _("A text material needs its text, or a document.")})


def material_create(
    *,
    user,
    kind: str,
    title: str,
    date: datetime.date,
    description: str = "",
    tags=(),
    author_or_source: str = "",
    language: str = "uz-latn",
    text: str = "",
    draft_ids=(),
    upload=None,
    file_id: int | None = None,
) -> Material:
    """A new, unpublished material with its file (stored last, so a refusal stores nothing)."""
    _ensure_editor(user)
    _check_content(kind, text, upload is not None or file_id is not None)
    linked = _linked_drafts(user, draft_ids)
    with transaction.atomic():
        tag_rows = _tags(tags)
        material = Material(
            kind=kind,
            title=title,
            description=description,
            date=date,
            author_or_source=author_or_source,
            language=language,
            text=text,
            created_by=user,
        )
        material.file = _new_file(user, kind, upload, file_id)
        material.save()
        material.tags.set(tag_rows)
        material.drafts.set(linked)
        outbox.publish(outbox.MATERIAL_CHANGED, material.pk)
    return material


def material_update(
    *, user, material_id: int, changes: dict, upload=None, file_id: int | None = None, remove_file: bool = False
) -> Material:
    """Changes the material's fields, tags, linked drafts or file; a replaced file is deleted with its bytes."""
    access_material(user, material_id)
    _ensure_editor(user)
    changes = dict(changes)
    draft_ids = changes.pop("drafts", None)
    tags = changes.pop("tags", None)
    if unknown := set(changes) - set(EDITABLE):
        raise InvalidArguments({name: _("This field cannot be changed.") for name in sorted(unknown)})
    linked = _linked_drafts(user, draft_ids) if draft_ids is not None else None
    with transaction.atomic():
        material = Material.objects.select_for_update().get(pk=material_id)
        for name, value in changes.items():
            setattr(material, name, value)
        old = material.file
        replaced = upload is not None or file_id is not None
        if remove_file and (replaced or material.kind != Kind.TEXT):
            raise InvalidArguments({"remove_file": _("Only a text material can be left without a file.")})
        if not replaced and old is not None and old.kind != FILE_KIND[material.kind] and not remove_file:
            raise InvalidArguments(
                {
                    "kind": _("The material's file is not a %(kind)s: send a new file with the change.")
                    % {"kind": Kind(material.kind).label}
                }
            )
        _check_content(material.kind, material.text, replaced or (old is not None and not remove_file))
        if tags is not None:
            material.tags.set(_tags(tags))
        if linked is not None:
            # Links to drafts the editor cannot see (a draft withdrawn since) stay as they were.
            hidden = material.drafts.exclude(pk__in=draft_list_visible_to(user).values("pk")).values_list(
                "pk", flat=True
            )
            material.drafts.set([*linked, *hidden])
        if replaced or remove_file:
            material.file = _new_file(user, material.kind, upload, file_id)
        material.save()
        if old is not None and material.file_id != old.pk:
            stored_file_delete(old)
        outbox.publish(outbox.MATERIAL_CHANGED, material.pk)
    return material


def material_publish(*, user, material_id: int) -> Material:
    """Makes the material public (and findable); publishing a published material changes nothing."""
    return _set_status(user, material_id, Material.Status.PUBLISHED)


def material_unpublish(*, user, material_id: int) -> Material:
    """Takes the material back from the public (and out of search)."""
    return _set_status(user, material_id, Material.Status.DRAFT)


def _set_status(user, material_id: int, status: str) -> Material:
    access_material(user, material_id)
    _ensure_editor(user)
    with transaction.atomic():
        material = Material.objects.select_for_update().get(pk=material_id)
        if material.status == status:
            return material
        if status == Material.Status.PUBLISHED and material.file and material.file.status == StoredFile.Status.REFUSED:
            raise StateConflict(
                _("The material's file was refused (%(why)s); replace it before publishing.")
                % {"why": material.file.refusal}
            )
        material.status = status
        material.published_at = timezone.now() if status == Material.Status.PUBLISHED else None
        material.save(update_fields=["status", "published_at", "updated_at"])
        outbox.publish(outbox.MATERIAL_CHANGED, material.pk)
    return material


def material_delete(*, user, material_id: int) -> None:
    """Deletes the material and its file (the bytes once the deletion commits)."""
    access_material(user, material_id)
    _ensure_editor(user)
    with transaction.atomic():
        material = Material.objects.select_for_update().get(pk=material_id)
        stored = material.file
        material.delete()
        if stored is not None:
            stored_file_delete(stored)
        outbox.publish(outbox.MATERIAL_CHANGED, material_id)
