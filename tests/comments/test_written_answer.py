"""The answer to a POST that writes a comment is built without DRF's serializer (comments.serializers.written_comment):
it must be exactly what reading the comment back shows its writer, in the shape the API's schema documents."""

import json

import pytest

from tests.files import makers

pytestmark = pytest.mark.django_db


def written_then_read(api, user, draft, data, *, multipart=False):
    client = api(user)
    created = client.post(f"/api/v1/drafts/{draft.pk}/comments/", data, format="multipart" if multipart else "json")
    assert created.status_code == 201, created.content
    read = client.get(f"/api/v1/comments/{created.json()['id']}/")
    assert read.status_code == 200
    return created, read


@pytest.mark.parametrize(
    "username,state,data",
    [
        ("citizen", "public_discussion", {"text": "Butun loyihaga taklif."}),
        ("citizen", "public_discussion", {"text": "2-bandga: muddatni uzaytiring.", "article": "p-2"}),
        (
            "citizen",
            "public_discussion",
            {"text": "Biznes nomidan.", "respondent_type": "business", "organisation": "Olmos MChJ", "anonymous": True},
        ),
        ("citizen", "public_discussion", {"text": "Аноним taklif.", "anonymous": True}),
        ("moderator", "public_discussion", {"text": "Telefon orqali.", "channel": "phone", "submitted_for": "Olimova"}),
        ("expert", "expert_review", {"text": "Ekspert izohi.", "article": "p-1"}),
    ],
)
def test_the_answer_is_the_comment_as_its_writer_reads_it_back(world, api, username, state, data):
    created, read = written_then_read(api, world.users[username], world.drafts[state], data)
    assert created.json() == read.json()
    assert list(created.json()) == list(read.json())  # the same keys in the same order
    assert created.json()["campaign"] is None and created.json()["votes"] == {"for": 0, "against": 0}


def test_in_another_language_the_expert_groups_name_is_the_same_as_read_back(world, api):
    client = api(world.users["expert"])
    created = client.post(
        f"/api/v1/drafts/{world.drafts['expert_review'].pk}/comments/",
        {"text": "Izoh rus tilida."},
        format="json",
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    read = client.get(f"/api/v1/comments/{created.json()['id']}/", HTTP_ACCEPT_LANGUAGE="ru")
    assert created.status_code == 201 and created.json() == read.json()
    assert created.json()["group"] != "Legal review group"  # the group's Russian name, not its English one


def test_a_comment_with_files_is_answered_with_its_files_as_read_back(world, api):
    data = {
        "text": "Ilovadagi jadvalni ko‘ring.",
        "files": [makers.upload("taklif.pdf", makers.pdf()), makers.upload("joy.png", makers.png())],
    }
    created, read = written_then_read(
        api, world.users["citizen"], world.drafts["public_discussion"], data, multipart=True
    )
    assert [f["name"] for f in created.json()["attachments"]] == ["taklif.pdf", "joy.png"]
    assert json.dumps(created.json()) == json.dumps(read.json())
