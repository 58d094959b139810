"""Catching up with what a stopped process left undone: safe at any time, twice, or at once.

A process killed after a commit but before its after-commit jobs ran (or during one) leaves
work that nothing else would finish: an official copy pending with no live attempt, search
updates waiting in the outbox, a discussion past its deadline. `catch_up` finishes all three;
`manage.py catch_up` and the recurring `workflow.tasks.catch_up_job` call it.

It orchestrates publishing, search and the workflow, so it lives in the top-most of them.
"""

from dataclasses import dataclass

from drafts.official_copies import CopiesCaughtUp, official_copies_catch_up
from search.indexing import apply_pending_updates
from search.models import PendingIndexUpdate
from workflow.services import close_expired_discussions


@dataclass(frozen=True)
class CatchUpReport:
    """What one catch-up did; each list holds draft ids."""

    discussions_closed: list[int]
    copies: CopiesCaughtUp
    index_updates_applied: int
    index_updates_waiting: int

    def lines(self) -> list[str]:
        """The report as a person reads it, one line per kind of work."""
        ids = _draft_ids
        lines = [
            f"Discussions closed: {len(self.discussions_closed)}{ids(self.discussions_closed)}.",
            f"Official copies rendered: {len(self.copies.rendered)}{ids(self.copies.rendered)}.",
        ]
        if self.copies.failed:
            lines.append(
                f"Official copies that failed again: {len(self.copies.failed)}{ids(self.copies.failed)};"
                " see Official copies in the admin."
            )
        if self.copies.busy:
            lines.append(
                f"Official copies being rendered by another process: {len(self.copies.busy)}{ids(self.copies.busy)}."
            )
        lines.append(
            f"Search updates applied: {self.index_updates_applied}; still waiting: {self.index_updates_waiting}."
        )
        return lines

    def as_dict(self) -> dict:
        """The report as JSON for the job's result."""
        return {
            "discussions_closed": self.discussions_closed,
            "copies_rendered": self.copies.rendered,
            "copies_failed": self.copies.failed,
            "copies_busy": self.copies.busy,
            "index_updates_applied": self.index_updates_applied,
            "index_updates_waiting": self.index_updates_waiting,
        }


def _draft_ids(drafts: list[int]) -> str:
    return f" (drafts {', '.join(map(str, drafts))})" if drafts else ""


def catch_up() -> CatchUpReport:
    """Closes expired discussions, renders stranded official copies, then applies every waiting search update.

    In that order, so that the closings reach the index in the same run. Each step is safe to run
    twice or at once with another process, so catch-up needs no lock of its own.
    """
    closed = close_expired_discussions()
    copies = official_copies_catch_up()
    applied = apply_pending_updates()
    return CatchUpReport(
        discussions_closed=closed,
        copies=copies,
        index_updates_applied=applied,
        index_updates_waiting=PendingIndexUpdate.objects.count(),
    )
