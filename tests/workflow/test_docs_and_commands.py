"""The README's state machine is the code's, and the demo world is what the README promises."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from kernel.states import State
from workflow.graph import mermaid_diagram

ROOT = Path(__file__).resolve().parents[2]


def test_readme_diagram_is_drawn_from_the_code():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"```mermaid\n{mermaid_diagram()}\n```" in readme


@pytest.mark.django_db
def test_seed_demo_builds_every_state_once():
    out = StringIO()
    call_command("seed_demo", "--password", "s3cret", stdout=out)
    from django.contrib.auth import get_user_model

    for username in ["drafter", "expert", "moderator", "approver", "citizen", "admin"]:
        user = get_user_model().objects.get(username=username)
        assert user.is_active and user.check_password("s3cret"), username
    from drafts.models import Draft

    assert set(Draft.objects.values_list("status", flat=True)) == set(State.values)
    again = StringIO()
    call_command("seed_demo", stdout=again)
    assert "already here" in again.getvalue()
    assert Draft.objects.count() == len(State.values)
