"""Comment intake reads the draft and the token's user, and writes the comment, as plain SQL rows (kernel.rows):
each must be what the ORM reads and writes, value for value and type for type, on both databases (SQLite keeps
datetimes as text and booleans as integers, so a missed conversion shows there)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.services import api_token_issue, api_token_user
from comments.models import Comment
from comments.services import comment_submit
from drafts.models import Draft
from drafts.selectors import lock_draft_shared

pytestmark = pytest.mark.django_db


def _values(instance, names):
    return {name: getattr(instance, name) for name in names}


def _same(read, expected, names):
    for name in names:
        got, want = getattr(read, name), getattr(expected, name)
        assert got == want and type(got) is type(want), (name, got, want)


def test_the_locked_draft_is_the_drafts_row_with_its_current_version(world):
    for draft in Draft.objects.all():
        with transaction.atomic():
            locked = lock_draft_shared(draft.pk)
        fields = [f.attname for f in Draft._meta.concrete_fields if f.name not in ("body", "explanatory_note")]
        _same(locked, draft, fields)
        assert locked.current_version_id == (draft.versions.get(number=draft.version).pk if draft.version else None)
        # Its texts are not read with the lock, but are there when asked for.
        assert "body" not in locked.__dict__
        assert locked.body == draft.body and locked.explanatory_note == draft.explanatory_note


def test_a_missing_draft_is_absent():
    with pytest.raises(Draft.DoesNotExist), transaction.atomic():
        lock_draft_shared(2**31 - 1)


def test_the_tokens_user_is_the_users_row(world):
    user = world.users["citizen"]
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    key, _token = api_token_issue(user=user)
    found = api_token_user(key)
    expected = get_user_model().objects.get(pk=user.pk)
    _same(found, expected, [f.attname for f in get_user_model()._meta.concrete_fields])
    assert isinstance(found.last_login, datetime.datetime) and found.is_active is True


def test_a_written_comment_reads_back_as_it_was_written(world):
    received = timezone.now().replace(microsecond=123456)
    written = comment_submit(
        user=world.users["citizen"],
        draft_id=world.drafts["public_discussion"].pk,
        text="Ushbu loyihaning 2-bandi aniqroq yozilishi kerak.",
        article="p-2",
        received_at=received,
        respondent_type="business",
        organisation="Olmos MChJ",
        anonymous=True,
    )
    read = Comment.objects.get(pk=written.pk)
    fields = [f.attname for f in Comment._meta.concrete_fields]
    assert _values(read, fields) == {name: getattr(written, name) for name in fields}
    assert read.created_at == received and read.anonymous is True and read.status == "pending"
    assert read.version_id == world.drafts["public_discussion"].versions.latest("number").pk
