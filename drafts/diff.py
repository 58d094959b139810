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
    # The keys of the sub-points added, removed or changed inside it, so a reader can jump to them; their
    # words are already in `words`, because an article's text holds its sub-points.
    subpoints: list[str] = field(default_factory=list)

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


def _changed_subpoints(key: str, before: dict, after: dict) -> list[str]:
    """Keys of the sub-points under `key` that were added, removed or changed, in document order."""
    inside = [k for k in [*after, *(k for k in before if k not in after)] if k.startswith(f"{key}.")]
    return [k for k in inside if k not in before or k not in after or _full_text(before[k]) != _full_text(after[k])]


def compare_texts(old: str, new: str) -> dict:
    """Articles and points added, removed and changed, plus a unified line diff of the whole text.

    Each change is shown once: a sub-point is part of its article's or point's text, so a changed
    sub-point shows in the redline of the article that holds it (listed in its `subpoints`), never as
    a second entry of its own.
    """
    before, after = parse(old), parse(new)
    old_subs = {p.key: p for p in before.provisions if p.kind == "subpoint"}
    new_subs = {p.key: p for p in after.provisions if p.kind == "subpoint"}
    old_by_key = {p.key: p for p in before.provisions if p.kind != "subpoint"}
    new_by_key = {p.key: p for p in after.provisions if p.kind != "subpoint"}
    changes: list[ArticleChange] = []
    for p in new_by_key.values():
        previous = old_by_key.get(p.key)
        subpoints = _changed_subpoints(p.key, old_subs, new_subs)
        if previous is None:
            changes.append(ArticleChange(p.key, p.label, "added", p.heading, [("insert", _full_text(p))], subpoints))
        elif _full_text(previous) != _full_text(p):
            words = word_diff(_full_text(previous), _full_text(p))
            changes.append(ArticleChange(p.key, p.label, "changed", p.heading, words, subpoints))
    for p in old_by_key.values():
        if p.key not in new_by_key:
            subpoints = _changed_subpoints(p.key, old_subs, new_subs)
            changes.append(ArticleChange(p.key, p.label, "removed", p.heading, [("delete", _full_text(p))], subpoints))
    unified = "".join(
        difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), "before", "after", n=1)
    )
    return {"articles": changes, "unified": unified}
