"""Helpers of the attachment tests: uploads through the API as a named demo user, and what lies in storage."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from comments.services import conclusion_submit
from files.models import StoredFile
from tests.files import makers
from workflow.services import draft_transition


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def stored_names() -> set[str]:
    """Every file under MEDIA_ROOT, by its path there."""
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def nothing_stored():
    """`with nothing_stored():` fails unless the block leaves no stored-file row and no new bytes."""

    class Check:
        def __enter__(self):
            self.rows, self.names = StoredFile.objects.count(), stored_names()

        def __exit__(self, *exc):
            if exc[0] is None:
                assert StoredFile.objects.count() == self.rows
                assert stored_names() == self.names

    return Check


@pytest.fixture
def attach(api, world, django_capture_on_commit_callbacks):
    """`attach(draft, name, data, kind=..., user="drafter")`: the API's answer; the file is processed after commit."""

    def post(draft, name, data, *, kind="annex", title=None, user="drafter", **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return api(world.users[user]).post(
                f"/api/v1/drafts/{draft.pk}/attachments/",
                {"file": makers.upload(name, data), "title": title or name, "kind": kind, **fields},
                format="multipart",
            )

    return post


def publish(world, draft) -> None:
    """Takes a draft from `draft` to public discussion, as its drafter and experts would."""
    users = world.users
    draft_transition(user=users["drafter"], draft_id=draft.pk, name="submit_for_review", arguments={})
    conclusion_submit(user=users["expert"], draft_id=draft.pk, verdict="positive", text="Ma'qul.")
    draft_transition(
        user=users["drafter"],
        draft_id=draft.pk,
        name="open_discussion",
        arguments={"discussion_ends_at": timezone.now() + datetime.timedelta(days=15)},
    )
