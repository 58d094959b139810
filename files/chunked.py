"""Chunked, resumable uploads for big files (video up to 2 GB): declared, sent in chunks, joined, then stored.

A client declares the name and size (refused at once when the kind's limit is exceeded), sends
the bytes in chunks of FILE_UPLOAD_CHUNK_BYTES, each starting where the last one ended, and asks
for completion. After a broken connection it asks how much arrived and goes on from there. Each
chunk is kept in the storage (local or S3), so any app machine can take the next one; completion
joins them into one temporary file, streaming, judges it like any upload (files.inspection) and
stores it unattached (files.services.stored_file_create), for an owner to take with
stored_file_claim. Only the uploader ever sees an upload.
"""

import datetime
import secrets
import shutil
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from files.inspection import CHUNK, check_size
from files.kinds import TYPES, Kind, extensions_of
from files.models import ChunkedUpload, StoredFile
from files.names import clean_name
from files.services import stored_file_create, stored_file_delete
from kernel.errors import InvalidArguments, NotVisible, ServiceError, StateConflict
from kernel.integers import MAX_ID

PARTS_FOLDER = "uploads"


class ChunkRefused(StateConflict):
    """The chunk does not fit the upload as it stands (409); the body says where to go on from."""

    code = "chunk_refused"

    def __init__(self, message: str, upload: ChunkedUpload):
        super().__init__(message, details={"received": upload.received, "size": upload.size})


def chunk_bytes() -> int:
    return settings.FILE_UPLOAD_CHUNK_BYTES


def chunked_upload_start(*, user, name: str, size: int) -> ChunkedUpload:
    """Opens an upload of `size` bytes named `name`, refused now if its kind may not be that large."""
    name, extension = clean_name(name)
    file_type = TYPES.get(extension)
    if file_type is None:
        raise InvalidArguments(
            {
                "name": _("Files of this type are not accepted here. Accepted: %(list)s.")
                % {"list": ", ".join(extensions_of(set(Kind)))}
            }
        )
    check_size(file_type, size)
    now = timezone.now()
    with transaction.atomic():
        # The user's row is the lock that keeps two requests from both taking the last free place.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        open_uploads = ChunkedUpload.objects.filter(
            uploaded_by=user, status__in=(ChunkedUpload.Status.OPEN, ChunkedUpload.Status.ASSEMBLING)
        ).count()
        if open_uploads >= settings.FILE_UPLOADS_OPEN_PER_USER:
            raise StateConflict(
                _("You have %(n)d uploads in progress; finish or cancel one before starting another.")
                % {"n": open_uploads}
            )
        return ChunkedUpload.objects.create(
            uploaded_by=user,
            name=name,
            extension=extension,
            kind=file_type.kind,
            size=size,
            created_at=now,
            updated_at=now,
        )


def chunked_upload_access(*, user, upload_id: int) -> ChunkedUpload:
    """The user's own upload, or NotVisible: nobody else learns that it exists."""
    if not user.is_authenticated or not 1 <= upload_id <= MAX_ID:
        raise NotVisible(_("No upload of yours with this id."))
    upload = ChunkedUpload.objects.filter(pk=upload_id, uploaded_by_id=user.pk).first()
    if upload is None:
        raise NotVisible(_("No upload of yours with this id."))
    return upload


def chunked_upload_receive(*, user, upload_id: int, content_range: tuple[int, int, int] | None, body, length: int):
    """Stores bytes `first`..`last` (`content_range`: inclusive, of `total`) read from `body` as the next chunk.

    The chunk must start at the received offset and hold FILE_UPLOAD_CHUNK_BYTES (the last one:
    the rest); anything else is refused with 409 and the offset to go on from, storing nothing.
    Of requests racing for one offset exactly one is counted.
    """
    upload = chunked_upload_access(user=user, upload_id=upload_id)
    if content_range is None:
        raise InvalidArguments({"Content-Range": _("Send the header Content-Range: bytes <first>-<last>/<size>.")})
    first, last, total = content_range
    if upload.status != ChunkedUpload.Status.OPEN:
        raise ChunkRefused(
            _("This upload takes no more chunks: it is %(status)s.") % {"status": upload.get_status_display()}, upload
        )
    if total != upload.size:
        raise ChunkRefused(
            _("This upload was declared with %(size)d bytes, not %(total)d.") % {"size": upload.size, "total": total},
            upload,
        )
    if first != upload.received:
        raise ChunkRefused(_("The next chunk starts at byte %(received)d.") % {"received": upload.received}, upload)
    expected = min(chunk_bytes(), upload.size - first)
    if last - first + 1 != expected:  # a range running backwards included
        raise ChunkRefused(
            _("Send the next %(n)d bytes (bytes %(first)d-%(last)d) in this chunk.")
            % {"n": expected, "first": first, "last": first + expected - 1},
            upload,
        )
    if length != expected:
        raise InvalidArguments(
            {
                "Content-Range": _("The body holds %(length)d bytes, the range %(n)d.")
                % {"length": length, "n": expected}
            }
        )
    with TemporaryUploadedFile("chunk", "application/octet-stream", expected, None) as spool:
        received = _copy(body, spool, expected)
        if received != expected:
            raise InvalidArguments(
                {
                    "Content-Range": _("The chunk ended after %(got)d of %(n)d bytes; send it again.")
                    % {"got": received, "n": expected}
                }
            )
        spool.seek(0)
        # A local storage moves the spooled file into place; S3 uploads it.
        name = default_storage.save(_part_name(upload, first), spool)
    counted = ChunkedUpload.objects.filter(pk=upload.pk, status=ChunkedUpload.Status.OPEN, received=first).update(
        received=first + expected, parts=[*upload.parts, name], updated_at=timezone.now()
    )
    if not counted:
        # Another request took this offset first (or the upload was cancelled); ours was never counted.
        default_storage.delete(name)
        upload.refresh_from_db()
        raise ChunkRefused(
            _("Another request sent this chunk first. The next chunk starts at byte %(received)d.")
            % {"received": upload.received},
            upload,
        )
    upload.refresh_from_db()
    return upload


def chunked_upload_complete(*, user, upload_id: int) -> StoredFile:
    """Joins the chunks and stores the file unattached (PROCESSING until its job ran); asked again, answers the same file.

    A file refused by inspection ends the upload: its chunks are deleted and the refusal raised.
    """
    upload = chunked_upload_access(user=user, upload_id=upload_id)
    if upload.status == ChunkedUpload.Status.COMPLETE:
        return upload.file
    taken = ChunkedUpload.objects.filter(pk=upload.pk, status=ChunkedUpload.Status.OPEN, received=F("size")).update(
        status=ChunkedUpload.Status.ASSEMBLING, updated_at=timezone.now()
    )
    if not taken:
        upload.refresh_from_db()
        if upload.status == ChunkedUpload.Status.COMPLETE:
            return upload.file
        if upload.status == ChunkedUpload.Status.ASSEMBLING:
            raise StateConflict(_("The upload is being assembled; ask again in a moment."))
        raise ChunkRefused(
            _("%(received)d of %(size)d bytes arrived; send the rest first.")
            % {"received": upload.received, "size": upload.size},
            upload,
        )
    try:
        with _assembled(upload) as whole:
            # Not inside one transaction: judging and storing 2 GB takes seconds, and on SQLite a
            # transaction holds the write lock of the whole database. Should this process die before
            # the upload is marked complete, the unattached file expires like an unclaimed one.
            stored = stored_file_create(whole, user=user, kinds=set(Kind), field="file", attached=False)
    except ServiceError:
        _discard(upload)
        raise
    except BaseException:
        ChunkedUpload.objects.filter(pk=upload.pk).update(status=ChunkedUpload.Status.OPEN, updated_at=timezone.now())
        raise
    ChunkedUpload.objects.filter(pk=upload.pk).update(
        status=ChunkedUpload.Status.COMPLETE, file=stored, parts=[], updated_at=timezone.now()
    )
    _delete_parts(upload.parts)
    return stored


def chunked_upload_cancel(*, user, upload_id: int) -> None:
    """Deletes an upload still receiving, with its chunks; a complete one's file waits for its owner or expiry."""
    upload = chunked_upload_access(user=user, upload_id=upload_id)
    with transaction.atomic():
        # Locked, so that no chunk is counted between reading the parts and deleting the row.
        upload = (
            ChunkedUpload.objects.select_for_update().filter(pk=upload.pk, status=ChunkedUpload.Status.OPEN).first()
        )
        if upload is None:
            raise StateConflict(_("Only an upload still receiving chunks can be cancelled."))
        upload.delete()
        transaction.on_commit(partial(_delete_parts, upload.parts))


@dataclass(frozen=True)
class UploadsExpired:
    """What one expiry run deleted."""

    abandoned: int
    unclaimed: int

    def lines(self) -> list[str]:
        lines = []
        if self.abandoned:
            lines.append(f"files: {self.abandoned} abandoned chunked uploads deleted with their chunks")
        if self.unclaimed:
            lines.append(f"files: {self.unclaimed} uploaded files no owner took deleted")
        return lines

    def as_dict(self) -> dict:
        return {"abandoned": self.abandoned, "unclaimed": self.unclaimed}


def chunked_uploads_expire() -> UploadsExpired:
    """Deletes uploads left alone for FILE_UPLOAD_EXPIRE_HOURS (with their chunks) and files uploaded unattached that no owner took since.

    Run by catch_up (kernel.outbox subscription in files.apps); safe twice or at once.
    """
    cutoff = timezone.now() - datetime.timedelta(hours=settings.FILE_UPLOAD_EXPIRE_HOURS)
    abandoned = 0
    stale = ChunkedUpload.objects.filter(
        status__in=(ChunkedUpload.Status.OPEN, ChunkedUpload.Status.ASSEMBLING), updated_at__lt=cutoff
    )
    for upload in stale.iterator():
        if ChunkedUpload.objects.filter(pk=upload.pk, updated_at=upload.updated_at).delete()[0]:
            _delete_parts(upload.parts)
            abandoned += 1
    unclaimed = 0
    for stored in StoredFile.objects.filter(attached_at__isnull=True, created_at__lt=cutoff).iterator():
        with transaction.atomic():
            # Locked as stored_file_claim locks it: an owner taking it now wins, or finds it gone.
            still = StoredFile.objects.select_for_update().filter(pk=stored.pk, attached_at__isnull=True).first()
            if still is not None:
                stored_file_delete(still)
                unclaimed += 1
    # A complete upload whose file an owner took has nothing left to say.
    ChunkedUpload.objects.filter(status=ChunkedUpload.Status.COMPLETE, file__attached_at__isnull=False).delete()
    return UploadsExpired(abandoned=abandoned, unclaimed=unclaimed)


def _part_name(upload: ChunkedUpload, first: int) -> str:
    # Our own name, never the uploader's; the random tail keeps racing requests apart.
    return f"{PARTS_FOLDER}/{upload.pk}/{first:013d}-{secrets.token_hex(4)}"


def _copy(source, target, limit: int) -> int:
    """Copies at most `limit` bytes in CHUNK pieces (never the whole body in memory); the count copied."""
    copied = 0
    while copied < limit:
        piece = source.read(min(CHUNK, limit - copied))
        if not piece:
            break
        target.write(piece)
        copied += len(piece)
    return copied


class _assembled:
    """The chunks joined into one temporary file on disk, named as the upload; removed on exit unless a local storage moved it."""

    def __init__(self, upload: ChunkedUpload):
        self.upload = upload
        self.whole = None

    def __enter__(self) -> TemporaryUploadedFile:
        self.whole = TemporaryUploadedFile(self.upload.name, "application/octet-stream", self.upload.size, None)
        try:
            for part in self.upload.parts:
                with default_storage.open(part, "rb") as source:
                    shutil.copyfileobj(source, self.whole, CHUNK)
            self.whole.flush()
            if self.whole.tell() != self.upload.size:
                raise StateConflict(_("Some chunks of this upload are missing from storage; start it again."))
        except BaseException:
            self.whole.close()
            raise
        self.whole.seek(0)
        return self.whole

    def __exit__(self, *exc):
        # Django's temporary upload ignores a file a local storage already moved away.
        self.whole.close()
        return False


def _discard(upload: ChunkedUpload) -> None:
    ChunkedUpload.objects.filter(pk=upload.pk).delete()
    _delete_parts(upload.parts)


def _delete_parts(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)
