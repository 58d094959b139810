"""Shared fixtures of the hostile-input corpus: the world's ids and logged-in clients."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from comments.models import Comment
from surveys.models import Answer


@pytest.fixture(scope="module")
def ids(demo_world, django_db_blocker):
    """Ids that paths and bodies of the corpus name, read once per module."""
    world = demo_world  # the session's world: a module-scoped fixture cannot take the per-test copy
    with django_db_blocker.unblock():
        drafts = world.drafts
        pending = (
            Comment.objects.filter(draft=drafts["public_discussion"], kind="public", status="pending")
            .order_by("pk")
            .first()
        )
        published = (
            Comment.objects.filter(
                draft=drafts["finalization"], kind="public", status="published", response__isnull=True
            )
            .order_by("pk")
            .first()
        )
        # A published comment of another author, under discussion: the moderator may support it.
        supportable = (
            Comment.objects.filter(
                draft=drafts["public_discussion"], kind="public", status="published", author__username="citizen"
            )
            .order_by("pk")
            .first()
        )
        return {
            **{state: draft.pk for state, draft in drafts.items()},
            "pending_comment": pending.pk,
            "published_comment": published.pk,
            "discussion_comment": supportable.pk,
            "act_type": world.act_types["qaror"].pk,
            "issuing_body": world.issuing_body.pk,
            "group_legal": world.expert_groups["legal"].pk,
            "group_economic": world.expert_groups["economic"].pk,
            "material": world.materials["hearing_photo"].pk,
            "audio_material": world.materials["radio_interview"].pk,
            # A resident's written survey answer that waits for a moderator (workflow.demo.world._survey).
            "survey_text_answer": Answer.objects.filter(status="pending").order_by("pk").first().pk,
        }


@pytest.fixture
def client_as(world, db):
    """`client_as(username, api=True)`: an API client authenticated as the user, or a logged-in page client."""

    def make(username, api=True):
        if api:
            client = APIClient()
            if username:
                client.force_authenticate(world.users[username])
            return client
        client = Client()
        if username:
            client.force_login(world.users[username])
        return client

    return make
