"""Files sent with a public comment: at most three documents or pictures, stored with the comment or not at all.

They share the comment's fate: while it waits for moderation (or was rejected, or withdrawn)
only its author and the moderators see them; once published, whoever sees the comment. They
are never changed afterwards: a comment's files are what its author sent.
"""

from django.utils.translation import gettext as _

from comments.models import Comment, CommentAttachment
from files.kinds import Kind
from files.services import stored_files_create
from kernel.errors import InvalidArguments

MAX_COMMENT_FILES = 3
COMMENT_FILE_KINDS = frozenset({Kind.DOCUMENT, Kind.IMAGE})
COMMENT_FILE_KIND_CHOICES = [(kind.value, kind.label) for kind in (Kind.DOCUMENT, Kind.IMAGE)]


def check_comment_files(uploads) -> list:
    """The uploads as a list, refused (400) when there are more than the comment may carry."""
    uploads = [upload for upload in uploads or () if upload is not None]
    if len(uploads) > MAX_COMMENT_FILES:
        raise InvalidArguments(
            {
                "files": _("A comment may carry at most %(n)d files; you sent %(m)d.")
                % {"n": MAX_COMMENT_FILES, "m": len(uploads)}
            }
        )
    return uploads


def comment_files_store(comment: Comment, uploads: list, *, user) -> list[CommentAttachment]:
    """Judges every upload, then stores them and attaches them; called last in the comment's transaction."""
    stored = stored_files_create(uploads, user=user, kinds=COMMENT_FILE_KINDS, field="files")
    return CommentAttachment.objects.bulk_create(
        CommentAttachment(comment=comment, stored_file=file, position=position)
        for position, file in enumerate(stored, 1)
    )
