"""Helpers of the format tests: a Word document sent to the API as a named demo user, and what lies in storage."""

import pytest

from drafts.models import Draft
from files.models import StoredFile
from tests.attachments.conftest import stored_names
from tests.files import makers as file_makers


@pytest.fixture
def send_word(api, world, django_capture_on_commit_callbacks):
    """`send_word(data, name=..., draft=None, user="drafter", **fields)`: POST a new draft (or PATCH a draft's
    text) as multipart with `file`; the API's answer, the after-commit jobs run."""

    def send(data: bytes, *, name="qaror.docx", draft=None, user="drafter", **fields):
        client = api(world.users[user] if user else None)
        upload = file_makers.upload(name, data)
        with django_capture_on_commit_callbacks(execute=True):
            if draft is None:
                fields = {
                    "act_type": world.act_types["qaror"].pk,
                    "issuing_body": world.issuing_body.pk,
                    **fields,
                }
                return client.post("/api/v1/drafts/", {"file": upload, **fields}, format="multipart")
            return client.patch(f"/api/v1/drafts/{draft.pk}/", {"file": upload, **fields}, format="multipart")

    return send


@pytest.fixture
def nothing_stored():
    """`with nothing_stored():` fails unless the block leaves no stored file, no new bytes and no new draft."""

    class Check:
        def __enter__(self):
            self.state = StoredFile.objects.count(), Draft.objects.count(), stored_names()

        def __exit__(self, *exc):
            if exc[0] is None:
                assert (StoredFile.objects.count(), Draft.objects.count(), stored_names()) == self.state

    return Check
