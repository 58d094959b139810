"""Drafts from Word documents: the document's text becomes the draft's, the document its attachment.

The file is judged whole (drafts.word_guard) and read (drafts.word_text) before anything is
written, so a refused document stores nothing; the draft (or its new text) and the attachment
holding the original are written in one transaction.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from drafts.attachments import draft_attachment_add
from drafts.models import ActType, AttachmentKind, Draft, IssuingBody
from drafts.selectors import access_draft
from drafts.services import check_editable_by, draft_create, draft_update
from drafts.word_guard import check_word_document
from drafts.word_text import DangerousField, WordText, word_text
from files.names import clean_name
from kernel.errors import Forbidden, InvalidArguments, TooLarge
from kernel.roles import Role, has_role

# As long as a text the API takes (drafts.serializers.DraftInputSerializer.body).
MAX_TEXT_CHARACTERS = 2_000_000
TITLE_MAX_LENGTH = 500


def word_document_text(upload, *, field: str = "file") -> WordText:
    """The text of an uploaded Word document, or InvalidArguments/TooLarge saying why it cannot be read."""
    check_word_document(upload, field=field)
    try:
        read = word_text(upload)
    except DangerousField as danger:
        raise InvalidArguments(
            {
                field: _(
                    "The document has a %(field)s field, which makes Word fetch data or run a program; "
                    "remove it (or convert it to plain text) and upload the document again."
                )
                % {"field": danger.code}
            }
        ) from None
    except Exception as error:
        # python-docx and lxml signal a malformed package in many ways (a part that is not XML past its
        # prolog, a missing relationship, a bad CRC); each means the same to the uploader.
        raise InvalidArguments({field: _("The file is not a valid Word document.")}) from error
    finally:
        upload.seek(0)
    if len(read.text) > MAX_TEXT_CHARACTERS:
        raise TooLarge(
            _("The document's text is longer than %(n)s characters; split it into several acts.")
            % {"n": f"{MAX_TEXT_CHARACTERS:,}"}
        )
    if not read.text.strip():
        raise InvalidArguments({field: _("The document has no text.")})
    return read


def _file_title(upload) -> str:
    return clean_name(getattr(upload, "name", "") or "")[0][:300] or "document.docx"


def draft_create_from_word(
    *,
    user,
    upload,
    act_type: ActType,
    issuing_body: IssuingBody,
    title: str = "",
    language: str = "uz-latn",
    explanatory_note: str = "",
    co_drafter_ids: list[int] = (),
) -> Draft:
    """A new draft whose text is the Word document's, the document kept as its attachment.

    The title, when not given, is the document's own (its Title paragraph or its properties), else the file's name.
    """
    if not has_role(user, Role.DRAFTERS):
        raise Forbidden(_("Only members of the drafters group can create drafts."))
    read = word_document_text(upload)
    title = (title or read.title or _file_title(upload).rsplit(".", 1)[0])[:TITLE_MAX_LENGTH]
    with transaction.atomic():
        draft = draft_create(
            user=user,
            title=title,
            act_type=act_type,
            issuing_body=issuing_body,
            body=read.text,
            language=language,
            explanatory_note=explanatory_note,
            co_drafter_ids=co_drafter_ids,
        )
        draft_attachment_add(
            user=user, draft_id=draft.pk, kind=AttachmentKind.OTHER, title=_file_title(upload), upload=upload
        )
    return draft


def draft_update_from_word(
    *, user, draft_id: int, upload, changes: dict | None = None, co_drafter_ids: list[int] | None = None
) -> Draft:
    """The Word document's text becomes the editable draft's new text (the next version), the document its attachment.

    Who may and when are checked before the document is read: a refusal costs no parsing.
    """
    changes = dict(changes or {})
    if "body" in changes:
        raise InvalidArguments({"body": _("Send the text or a Word document, not both.")})
    check_editable_by(access_draft(user, draft_id), user)
    read = word_document_text(upload)
    with transaction.atomic():
        draft = draft_update(
            user=user, draft_id=draft_id, changes={**changes, "body": read.text}, co_drafter_ids=co_drafter_ids
        )
        draft_attachment_add(
            user=user, draft_id=draft.pk, kind=AttachmentKind.OTHER, title=_file_title(upload), upload=upload
        )
    return draft
