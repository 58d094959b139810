"""Catching up with what a stopped process left undone: safe at any time, twice, or at once.

A process killed after a commit but before its after-commit jobs ran (or during one) leaves work
that nothing else would finish: a discussion past its deadline, search updates waiting, an
official copy pending with no live attempt. Each app that reacts to the outbox names, when it
subscribes, the catch-up that finishes its own part (kernel.outbox); this runs them all, in the
order the apps were installed (workflow's closings before search indexes them).
"""

from dataclasses import dataclass

from kernel import outbox


@dataclass(frozen=True)
class CatchUpReport:
    """What one catch-up did: each part is a subscriber's own report, with `lines()` and `as_dict()`."""

    parts: dict[str, object]

    def lines(self) -> list[str]:
        """The report as a person reads it, one line per kind of work."""
        return [line for part in self.parts.values() for line in part.lines()]

    def as_dict(self) -> dict:
        """The report as JSON for the job's result."""
        return {name: part.as_dict() for name, part in self.parts.items()}


def catch_up() -> CatchUpReport:
    """Runs every subscriber's catch-up; each is safe to run twice or at once with another process."""
    return CatchUpReport(parts={name: run() for name, run in outbox.catch_ups()})


def draft_ids(drafts: list[int]) -> str:
    """` (drafts 3, 5)` for a report line, or nothing."""
    return f" (drafts {', '.join(map(str, drafts))})" if drafts else ""
