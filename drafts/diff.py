"""A readable comparison of two versions: by article, with word-level changes."""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from drafts.structure import parse

_TOKEN = re.compile(r"\s+|[^\s]+")

# The redline's badge for each kind of change, in the reader's language.
CHANGE_LABELS = {"added": _("added"), "removed": _("removed"), "changed": _("changed")}


@dataclass
class ArticleChange:
    """How one article or point differs between the two versions."""

    key: str
    label: str
    change: str  # "added", "removed" or "changed"
    heading: str
    # A list of (op, text) pairs: op is "equal", "delete" or "insert".
    words: list[tuple[str, str]] = field(default_factory=list)

    @property
    def change_label(self) -> str:
        """The kind of change as the reader's language names it."""
        return str(CHANGE_LABELS[self.change])


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The new text against the old as runs of kept, deleted and inserted words."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    runs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append(("equal", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                runs.append(("delete", "".join(a[i1:i2])))
            if j2 > j1:
                runs.append(("insert", "".join(b[j1:j2])))
    return runs


def _full_text(provision) -> str:
    return f"{provision.heading}\n{provision.text}".strip()


def compare_texts(old: str, new: str) -> dict:
    """Articles added, removed and changed, plus a unified line diff of the whole text."""
    before, after = parse(old), parse(new)
    old_by_key = {p.key: p for p in before.provisions}
    new_by_key = {p.key: p for p in after.provisions}
    changes: list[ArticleChange] = []
    for p in after.provisions:
        previous = old_by_key.get(p.key)
        if previous is None:
            changes.append(ArticleChange(p.key, p.label, "added", p.heading, [("insert", _full_text(p))]))
        elif _full_text(previous) != _full_text(p):
            changes.append(
                ArticleChange(p.key, p.label, "changed", p.heading, word_diff(_full_text(previous), _full_text(p)))
            )
    for p in before.provisions:
        if p.key not in new_by_key:
            changes.append(ArticleChange(p.key, p.label, "removed", p.heading, [("delete", _full_text(p))]))
    unified = "".join(
        difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), "before", "after", n=1)
    )
    return {"articles": changes, "unified": unified}
