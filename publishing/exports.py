"""What the Word and Akoma Ntoso exports give out: a text of a draft the reader may see, cut into blocks.

`?version=N` names a frozen version (the same visibility as `versions/{n}/`: 404 for one the
reader may not read); without it, the draft's text as `drafts/{id}/` shows it now. Only the
approved version of an approved act carries its number and date.
"""

from dataclasses import dataclass

from django.utils import timezone

from drafts.models import Draft, DraftVersion
from drafts.scripts import printed_in_script
from drafts.selectors import access_draft, version_of
from drafts.services import text_checksum
from drafts.structure import parse
from drafts.transliteration import Script
from kernel.integers import bounded_int
from kernel.states import State


@dataclass(frozen=True)
class ExportedBlock:
    """A block of the text as exported: its kind, its lines (a table: its rows of cells) and its provision key."""

    kind: str
    lines: list[str]
    key: str = ""
    rows: list[list[str]] | None = None


@dataclass(frozen=True)
class ExportedText:
    """A draft's text as an export gives it out: the draft, the version (frozen, or the working text) and its blocks."""

    draft: Draft
    version: DraftVersion
    approved: bool
    blocks: list[ExportedBlock]

    @property
    def day(self):
        """The date of this text: the approval date of an approved act, else the day its version was made."""
        if self.approved and self.draft.approved_on:
            return self.draft.approved_on
        return timezone.localdate(self.version.created_at) if self.version.created_at else timezone.localdate()


def requested_version(value: str | None) -> int | None:
    """The version number `?version=` names; None when none; 400 for anything but a number from 1 up."""
    return bounded_int(value, field="version")


def exported_text(user, draft_id: int, number: int | None = None, script: Script | None = None) -> ExportedText:
    """The text the reader asked for, as they may see it (NotVisible otherwise), in `script` when asked."""
    draft = access_draft(user, draft_id)
    if number is not None:
        version = version_of(draft, number, user)
    else:
        latest = draft.versions.order_by("-number").first()
        if latest is not None and (latest.title, latest.checksum) == (draft.title, text_checksum(draft.body)):
            version = latest
        else:
            # The working text, ahead of the frozen versions: what it becomes when frozen.
            version = DraftVersion(
                draft=draft,
                number=draft.version + 1,
                title=draft.title,
                body=draft.body,
                explanatory_note=draft.explanatory_note,
                checksum=text_checksum(draft.body),
                created_at=draft.updated_at,
            )
    approved = draft.status == State.APPROVED and version.number == draft.version
    draft, version = printed_in_script(draft, version, script)
    return ExportedText(draft=draft, version=version, approved=approved, blocks=exported_blocks(version.body))


def exported_blocks(body: str) -> list[ExportedBlock]:
    """The text's blocks, each a kind and its lines; consecutive tab-separated lines are one table."""
    blocks: list[ExportedBlock] = []
    for block in parse(body).blocks:
        is_table = block.kind == "table" or (block.kind == "paragraph" and "\t" in block.text)
        if is_table:
            rows = [line.split("\t") for line in block.text.split("\n")]
            if blocks and blocks[-1].kind == "table":
                blocks[-1].rows.extend(rows)
                blocks[-1].lines.extend(block.text.split("\n"))
                continue
            blocks.append(ExportedBlock("table", block.text.split("\n"), rows=rows))
            continue
        blocks.append(ExportedBlock(block.kind, [line for line in block.text.split("\n") if line.strip()], block.key))
    return blocks
