"""Versions are frozen when a draft leaves an editable state, never change, and compare readably."""

import pytest

from drafts.diff import compare_texts
from drafts.models import DraftVersion
from drafts.services import draft_assign_expert_group, draft_create
from workflow.services import draft_transition

pytestmark = pytest.mark.django_db

V1 = """1-BOB. UMUMIY QOIDALAR

1-modda. Maqsad
Ushbu qarorning maqsadi O'zbekiston fuqarolariga qulaylik yaratishdir.

2-modda. Asosiy tushunchalar
Ushbu qarorda quyidagi tushunchalar qo‘llaniladi.

3-modda. Yakuniy qoida
Qaror e'lon qilingan kundan kuchga kiradi.
"""
V2 = (
    V1.replace("qulaylik yaratishdir", "keng qulaylik yaratishdan iborat").replace(
        "3-modda. Yakuniy qoida\nQaror e'lon qilingan kundan kuchga kiradi.\n", ""
    )
    + "\n4-modda. Nazorat\nNazorat viloyat hokimi o‘rinbosariga yuklanadi.\n"
)


@pytest.fixture
def draft(world):
    drafter = world.users["drafter"]
    draft = draft_create(
        user=drafter, title="Sinov", act_type=world.act_types["qaror"], issuing_body=world.issuing_body, body=V1
    )
    draft_assign_expert_group(user=drafter, draft_id=draft.pk, group_id=world.expert_groups["legal"].pk)
    return draft


def test_revisions_make_new_versions_only_when_the_text_changed(world, api, draft):
    drafter = world.users["drafter"]
    client = api(drafter)
    base = f"/api/v1/drafts/{draft.pk}"
    assert client.get(f"{base}/versions/").json() == []

    draft_transition(user=drafter, draft_id=draft.pk, name="submit_for_review")
    draft_transition(user=drafter, draft_id=draft.pk, name="return_to_draft", arguments={"reason": "Tahrir"})
    draft_transition(user=drafter, draft_id=draft.pk, name="submit_for_review")
    assert [v["number"] for v in client.get(f"{base}/versions/").json()] == [1]

    draft_transition(user=drafter, draft_id=draft.pk, name="return_to_draft", arguments={"reason": "Tahrir"})
    assert client.patch(f"{base}/", {"body": V2}, format="json").status_code == 200
    draft_transition(user=drafter, draft_id=draft.pk, name="submit_for_review")
    versions = client.get(f"{base}/versions/").json()
    assert [v["number"] for v in versions] == [1, 2]
    assert client.get(f"{base}/versions/1/").json()["body"] == V1
    assert client.get(f"{base}/versions/2/").json()["body"] == V2
    assert [a["key"] for a in client.get(f"{base}/versions/1/").json()["articles"]] == ["art-1", "art-2", "art-3"]

    diff = client.get(f"{base}/versions/diff/", {"from": 1, "to": 2}).json()
    changes = {a["key"]: a for a in diff["articles"]}
    assert {k: a["change"] for k, a in changes.items()} == {"art-1": "changed", "art-3": "removed", "art-4": "added"}
    words = changes["art-1"]["words"]
    assert ["delete", "yaratishdir."] in words
    assert ["insert", "keng "] in words or any(op == "insert" and "keng" in text for op, text in words)


def test_versions_of_a_draft_are_not_editable_through_the_api(world, api, draft):
    drafter = world.users["drafter"]
    draft_transition(user=drafter, draft_id=draft.pk, name="submit_for_review")
    client = api(drafter)
    response = client.patch(f"/api/v1/drafts/{draft.pk}/versions/1/", {"body": "x"}, format="json")
    assert response.status_code == 405
    assert DraftVersion.objects.get(draft=draft, number=1).body == V1


def test_diff_refusals(world, api, draft):
    client = api(world.users["drafter"])
    response = client.get(f"/api/v1/drafts/{draft.pk}/versions/diff/", {"from": 1})
    assert response.status_code == 400
    assert "to" in response.json()["errors"]
    response = client.get(f"/api/v1/drafts/{draft.pk}/versions/diff/", {"from": 1, "to": 7})
    assert response.status_code == 404


def test_compare_texts_keeps_apostrophe_variants_as_written():
    result = compare_texts("1. O'zbekiston.\n", "1. O‘zbekiston Respublikasi.\n")
    assert [c.change for c in result["articles"]] == ["changed"]
