"""Shared helpers of the participation tests: fresh citizens, and the demo world's published comment.
The browser test uses the portal's Chromium and live demo world."""

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from comments.models import Comment
from kernel.roles import Role
from tests.portal.conftest import browser, world_live  # noqa: F401 - fixtures, found by name

SERIAL = itertools.count()


def citizen(name: str | None = None, full_name: str = ""):
    first, _, last = full_name.partition(" ")
    user = get_user_model().objects.create_user(
        name or f"ishtirokchi{next(SERIAL)}",
        password="x",
        email=f"{name or 'someone'}{next(SERIAL)}@example.uz",
        first_name=first,
        last_name=last,
    )
    user.groups.add(Group.objects.get(name=Role.CITIZENS))
    return user


def published_by_citizen(draft) -> Comment:
    """Aziz Olimov's published comment on the first article (the demo world's)."""
    return (
        Comment.objects.filter(
            draft=draft, kind="public", status="published", author__username="citizen", submitted_for=""
        )
        .order_by("pk")
        .first()
    )


@pytest.fixture
def relaxed_rate(settings):
    settings.COMMENT_RATE_LIMIT = (1000, 600)
