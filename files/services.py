"""Storing an upload: judged first (files.inspection), then written under our own name, checked by a job after commit."""

from functools import partial

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from files.inspection import Inspection, inspect_upload
from files.models import StoredFile
from files.names import clean_name
from files.tasks import process_stored_file
from kernel.errors import InvalidArguments, TooLarge


def stored_file_create(upload, *, user, kinds, field: str = "file", attached: bool = True) -> StoredFile:
    """Stores an accepted upload as PROCESSING and schedules its processing job on commit.

    Call it inside the owner's transaction, after the owner's own checks, so that a refusal
    stores nothing. (Django has no hook for a rollback: should the owner's transaction fail after
    this, the bytes stay in storage with no row, unreachable; the owners call this last.)
    """
    return _store(upload, inspect_upload(upload, kinds=kinds, field=field), user=user, attached=attached)


def stored_files_create(uploads, *, user, kinds, field: str = "files") -> list[StoredFile]:
    """Several uploads, all judged before any is written: one refused (named in the reason) stores none."""
    inspections = [_named_refusal(upload, kinds, field) for upload in uploads]
    return [_store(upload, inspection, user=user) for upload, inspection in zip(uploads, inspections, strict=True)]


def _named_refusal(upload, kinds, field: str) -> Inspection:
    """The upload's inspection; a refusal starts with the file's name, since the request carried several."""
    try:
        return inspect_upload(upload, kinds=kinds, field=field)
    except InvalidArguments as refusal:
        name = clean_name(getattr(upload, "name", ""))[0]
        raise InvalidArguments(
            {field: [f"{name}: {reason}" for reasons in refusal.details.values() for reason in reasons]}
        ) from None
    except TooLarge as refusal:
        raise TooLarge(f"{clean_name(getattr(upload, 'name', ''))[0]}: {refusal.message}") from None


def _store(upload, inspection: Inspection, *, user, attached: bool = True) -> StoredFile:
    stored = StoredFile(
        name=inspection.name,
        extension=inspection.extension,
        kind=inspection.type.kind,
        content_type=inspection.type.served_as,
        size=inspection.size,
        sha256=inspection.sha256,
        uploaded_by=user,
        created_at=timezone.now(),
    )
    stored.attached_at = stored.created_at if attached else None
    upload.seek(0)
    # An upload Django spooled to disk is moved, not copied, into a local storage.
    stored.file.save(str(stored.key), upload if isinstance(upload, File) else File(upload), save=False)
    stored.save()
    transaction.on_commit(partial(process_stored_file.enqueue, stored.pk))
    return stored


def stored_file_claim(*, user, file_id, kinds, field: str = "file") -> StoredFile:
    """Takes a file the user uploaded earlier (a chunked upload) and no owner holds yet, for a new owner.

    Call it inside the owner's transaction: the row is locked, so two owners never take one file.
    """
    stored = (
        StoredFile.objects.select_for_update()
        .filter(pk=file_id, uploaded_by=user, attached_at__isnull=True)
        .exclude(status=StoredFile.Status.REFUSED)
        .first()
    )
    if stored is None:
        raise InvalidArguments({field: _("No upload of yours with this id is waiting to be attached.")})
    if stored.kind not in kinds:
        raise InvalidArguments({field: _("Files of this kind are not accepted here.")})
    stored.attached_at = timezone.now()
    stored.save(update_fields=["attached_at"])
    return stored


def stored_file_delete(stored: StoredFile) -> None:
    """Deletes the row now and its bytes (with their web size and thumbnail) once the deletion commits."""
    names = [f.name for f in (stored.file, stored.web, stored.thumbnail) if f.name]
    storage = stored.file.storage
    stored.delete()
    for name in names:
        transaction.on_commit(partial(storage.delete, name))
