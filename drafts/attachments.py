"""Every write of a draft's attachments: attaching a file (or an earlier upload), removing one.

Only the draft's own drafters, only while the draft is editable: once it leaves editing its
attachments go with it as they are, and an approved act's stay frozen with it (409).
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from drafts.models import INTERFACE_LANGUAGE, AttachmentKind, Draft, DraftAttachment
from drafts.permissions import is_drafter_of
from drafts.selectors import access_draft
from files.kinds import Kind
from files.services import stored_file_claim, stored_file_create, stored_file_delete
from kernel.errors import Forbidden, InvalidArguments, NotVisible, StateConflict
from kernel.integers import MAX_ID
from kernel.text import text_refusal

TITLE_MAX_LENGTH = 300
# The kinds of file each kind of attachment may be: a photo is a picture, a hearing's audio is sound.
FILE_KINDS = {
    AttachmentKind.EXPLANATORY_NOTE: {Kind.DOCUMENT},
    AttachmentKind.IMPACT_ASSESSMENT: {Kind.DOCUMENT},
    AttachmentKind.ANNEX: {Kind.DOCUMENT, Kind.IMAGE},
    AttachmentKind.TABLE: {Kind.DOCUMENT},
    AttachmentKind.PHOTO: {Kind.IMAGE},
    AttachmentKind.AUDIO: {Kind.AUDIO},
    AttachmentKind.VIDEO: {Kind.VIDEO},
    AttachmentKind.OTHER: set(Kind),
}


def _title(value, field: str, *, required: bool) -> str:
    text = (value or "").strip() if isinstance(value, str) else ""
    if not text:
        if required:
            raise InvalidArguments({field: _("Give the attachment a title.")})
        return ""
    if len(text) > TITLE_MAX_LENGTH:
        raise InvalidArguments({field: _("The title is too long: at most %(n)d characters.") % {"n": TITLE_MAX_LENGTH}})
    if reason := text_refusal(text):
        raise InvalidArguments({field: reason})
    return text


def _other_titles(titles: dict | None, draft: Draft) -> dict[str, str]:
    """Titles in the interface languages other than the draft's own (that one is `title`)."""
    own = INTERFACE_LANGUAGE.get(draft.language, "uz")
    languages = [code for code, _name in settings.LANGUAGES]
    cleaned = {}
    for language, value in (titles or {}).items():
        if language not in languages:
            raise InvalidArguments({"titles": _("Titles are given in %(list)s.") % {"list": ", ".join(languages)}})
        text = _title(value, f"title_{language.replace('-', '_')}", required=False)
        if text and language != own:
            cleaned[language] = text
    return cleaned


def _editable_draft_of(user, draft_id: int, not_a_drafter: str) -> Draft:
    """The draft, row-locked, if the user drafts it and it is being written; 403 or 409 otherwise."""
    draft = Draft.objects.select_for_update().get(pk=draft_id)
    if not is_drafter_of(draft, user):
        raise Forbidden(not_a_drafter)
    if not draft.is_editable():
        raise StateConflict(
            _(
                "Attachments change only while the draft is written ('draft' and 'finalization'); it is in '%(state)s', "
                "and an approved act's attachments stay as they were approved."
            )
            % {"state": draft.get_status_display()},
            details={"status": draft.status},
        )
    return draft


def draft_attachment_add(
    *, user, draft_id: int, kind: str, title: str, titles: dict | None = None, upload=None, file_id=None
) -> DraftAttachment:
    """Attaches an upload (or the user's earlier chunked upload, `file_id`) to an editable draft.

    The file is judged and stored last, after every other check, so a refusal stores nothing;
    it is READY once its processing job has run after commit.
    """
    access_draft(user, draft_id)
    if kind not in AttachmentKind.values:
        raise InvalidArguments({"kind": _("Choose one of: %(v)s.") % {"v": ", ".join(AttachmentKind.values)}})
    title = _title(title, "title", required=True)
    if (upload is None) == (file_id is None):
        raise InvalidArguments({"file": _("Send the file, or the id of your earlier upload as file_id (not both).")})
    with transaction.atomic():
        draft = _editable_draft_of(user, draft_id, _("Only the draft's own drafters attach files to it."))
        others = _other_titles(titles, draft)
        position = (draft.attachments.aggregate(last=Max("position"))["last"] or 0) + 1
        kinds = FILE_KINDS[AttachmentKind(kind)]
        if file_id is not None:
            stored = stored_file_claim(user=user, file_id=file_id, kinds=kinds, field="file_id")
        else:
            stored = stored_file_create(upload, user=user, kinds=kinds, field="file")
        return DraftAttachment.objects.create(
            draft=draft,
            stored_file=stored,
            kind=kind,
            title=title,
            titles=others,
            version=draft.version,
            added_by=user,
            added_at=stored.attached_at or timezone.now(),
            position=position,
        )


def draft_attachment_remove(*, user, draft_id: int, attachment_id: int) -> None:
    """Removes an attachment of an editable draft; its bytes are deleted once the removal commits."""
    access_draft(user, draft_id)
    if not 0 < attachment_id <= MAX_ID:
        raise NotVisible(_("The draft has no attachment %(id)s.") % {"id": attachment_id})
    with transaction.atomic():
        attachment = (
            DraftAttachment.objects.select_related("stored_file").filter(draft_id=draft_id, pk=attachment_id).first()
        )
        if attachment is None:
            raise NotVisible(_("The draft has no attachment %(id)s.") % {"id": attachment_id})
        _editable_draft_of(user, draft_id, _("Only the draft's own drafters remove its attachments."))
        attachment.delete()
        stored_file_delete(attachment.stored_file)
