"""The demo world that `make run` seeds shows a form-letter campaign to its moderator (issue 13)."""

import io

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from workflow.demo.world import FORM_LETTER, FORM_LETTER_EDITS

pytestmark = pytest.mark.django_db


def test_the_seeded_demo_holds_one_campaign_of_the_residents_letter_waiting_for_the_moderator():
    call_command("seed_demo", stdout=io.StringIO())
    moderator = APIClient()
    token = moderator.post("/api/v1/auth/token/", {"username": "moderator", "password": "demo"}, format="json")
    moderator.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    drafts = moderator.get("/api/v1/drafts/", {"status": "public_discussion"}).json()["results"]
    listed = moderator.get(f"/api/v1/drafts/{drafts[0]['id']}/campaigns/").json()
    campaigns = listed["results"] if isinstance(listed, dict) else listed
    assert [(c["size"], c["text"]) for c in campaigns] == [(len(FORM_LETTER_EDITS), FORM_LETTER)]
    campaign = moderator.get(f"/api/v1/campaigns/{campaigns[0]['id']}/").json()
    assert campaign["counts"] == {"pending": len(FORM_LETTER_EDITS), "published": 0, "rejected": 0}
    # Each resident's own edit is shown against the letter, for the moderator to read before deciding.
    assert len(campaign["variants"]) == len(FORM_LETTER_EDITS) - 1
