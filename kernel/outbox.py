"""One way up: a lower service says in its transaction that a draft changed; the apps above react.

drafts, comments and workflow call `publish(topic, draft_id)` inside their transaction. Each app
that reacts subscribes once, from its AppConfig.ready(), with up to three callables:

- `record(draft_id)`: runs in the writer's transaction and writes the subscriber's own to-do row
  (search: a PendingIndexUpdate; publishing: the pending OfficialCopy), so the to-do commits or
  rolls back with the change. It writes rows, nothing else: no mail, no job, no engine.
- `after_commit(draft_id)`: enqueues the job that does the work, once the change is committed.
- `record_many(ids)`, `after_commit_many(ids)`: the same for many ids changed together (`publish_many`: a
  campaign's members decided at once), in one statement and one job instead of one per id.
- `catch_up()`: finishes what a process killed between the commit and its jobs left undone
  (`manage.py catch_up`, kernel.tasks.catch_up_job); returns an object with `lines()`.

No writer imports a reader, and no model signal carries the change.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.db import transaction

# Anything a reader of the draft shows: text, metadata, state, published comments (search).
DRAFT_CHANGED = "draft_changed"
# An act was approved: its official copy is due (publishing).
DRAFT_APPROVED = "draft_approved"
# A discussion deadline was set or moved: its closing is due at that time (workflow).
DEADLINE_SET = "deadline_set"
# A library material was created, changed, published, withdrawn or deleted (search); the id is the material's.
MATERIAL_CHANGED = "material_changed"
# A public comment was published, rejected, hidden or changed (search indexes that one comment, not its draft);
# the id is the comment's.
COMMENT_CHANGED = "comment_changed"
# A public comment was received (comments finds its form-letter campaign after the intake commits, in batches);
# the id is the draft's.
COMMENT_RECEIVED = "comment_received"
# An upload was stored (files): nothing is published on it; files subscribes for its catch-up only.
FILE_STORED = "file_stored"


@dataclass(frozen=True)
class Subscriber:
    name: str
    topic: str
    record: Callable[[int], None] | None = None
    after_commit: Callable[[int], None] | None = None
    catch_up: Callable[[], object] | None = None
    record_many: Callable[[list[int]], None] | None = None
    after_commit_many: Callable[[list[int]], None] | None = None


_subscribers: list[Subscriber] = []


def subscribe(
    name: str, topic: str, *, record=None, after_commit=None, catch_up=None, record_many=None, after_commit_many=None
) -> None:
    """Called once per subscriber from its AppConfig.ready() (so in INSTALLED_APPS order)."""
    if not any(s.name == name for s in _subscribers):
        _subscribers.append(Subscriber(name, topic, record, after_commit, catch_up, record_many, after_commit_many))


def publish(topic: str, draft_id: int) -> None:
    """Inside the writer's transaction: each subscriber records its to-do now and starts its job on commit."""
    for subscriber in _subscribers:
        if subscriber.topic != topic:
            continue
        if subscriber.record:
            subscriber.record(draft_id)
        if subscriber.after_commit:
            transaction.on_commit(partial(subscriber.after_commit, draft_id))


def publish_many(topic: str, ids: list[int]) -> None:
    """`publish` for many ids changed in one transaction: a subscriber with `record_many` / `after_commit_many`
    takes them all at once, any other one id at a time."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return
    for subscriber in _subscribers:
        if subscriber.topic != topic:
            continue
        if subscriber.record_many:
            subscriber.record_many(ids)
        elif subscriber.record:
            for one in ids:
                subscriber.record(one)
        if subscriber.after_commit_many:
            transaction.on_commit(partial(subscriber.after_commit_many, ids))
        elif subscriber.after_commit:
            for one in ids:
                transaction.on_commit(partial(subscriber.after_commit, one))


def catch_ups() -> list[tuple[str, Callable[[], object]]]:
    """Every subscriber's catch-up, lower apps first (INSTALLED_APPS order)."""
    return [(s.name, s.catch_up) for s in _subscribers if s.catch_up]
