"""`GET /api/v1/drafts/{id}/?script=latn|cyrl`: an Uzbek draft in either script, the official one named."""

import pytest
import yaml

from drafts.models import Draft
from drafts.scripts import shown_in_script
from drafts.transliteration import Script, to_cyrillic, to_latin

pytestmark = pytest.mark.django_db


def detail(api, draft, user=None, **params):
    return api(user).get(f"/api/v1/drafts/{draft.pk}/", params)


def test_a_latin_draft_is_shown_in_cyrillic_with_the_official_script_named(world, api):
    draft = world.drafts["public_discussion"]
    official = detail(api, draft).json()
    shown = detail(api, draft, script="cyrl").json()

    assert official["script"] == {"official": "latn", "shown": "latn"}
    assert shown["script"] == {"official": "latn", "shown": "cyrl"}
    assert shown["title"] == to_cyrillic(draft.title) and "тўғрисида" in shown["title"]
    assert shown["body"] == to_cyrillic(draft.body)
    assert shown["explanatory_note"] == to_cyrillic(draft.explanatory_note)
    # The same fields, the same provisions by key and number; only the texts change script.
    assert set(shown) == set(official)
    assert [(p["key"], p["number"], p["kind"]) for p in shown["structure"]] == [
        (p["key"], p["number"], p["kind"]) for p in official["structure"]
    ]
    assert shown["structure"][0]["text"] == to_cyrillic(official["structure"][0]["text"])
    for field in ("language", "status", "version", "act_type_name", "drafters", "updated_at"):
        assert shown[field] == official[field]
    assert shown["language"] == "uz-latn"


def test_a_cyrillic_draft_is_shown_in_latin(world, api):
    draft = world.drafts["approval"]
    user = world.users["drafter"]
    shown = detail(api, draft, user, script="latn").json()
    assert shown["script"] == {"official": "cyrl", "shown": "latn"}
    assert shown["title"] == to_latin(draft.title) == "Ijtimoiy sheriklik toʻgʻrisida"
    assert shown["body"] == to_latin(draft.body)
    # Asking for the official script changes nothing.
    assert detail(api, draft, user, script="cyrl").json()["body"] == draft.body


def test_russian_is_never_transliterated(world, api):
    draft = world.drafts["expert_review"]
    response = detail(api, draft, world.users["drafter"], script="latn")
    assert response.status_code == 200
    assert response.json()["body"] == Draft.objects.get(pk=draft.pk).body
    assert response.json()["script"] == {"official": "cyrl", "shown": "cyrl"}


def test_the_shown_script_is_never_stored(world, api):
    draft = world.drafts["public_discussion"]
    detail(api, draft, script="cyrl")
    assert Draft.objects.get(pk=draft.pk).body == draft.body


@pytest.mark.parametrize("value", ["Cyrl", "cyrillic", "uz-cyrl", "latn,cyrl", "x" * 5000, "кирилл"])
def test_an_unknown_script_is_refused_with_a_reason(world, api, value):
    response = detail(api, world.drafts["public_discussion"], script=value)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and "latn" in body["errors"]["script"][0]


def test_an_invisible_draft_stays_not_found_whatever_the_script(world, api):
    response = detail(api, world.drafts["draft"], script="cyrl")
    assert response.status_code == 404


def test_the_parameter_is_documented(client):
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    for path in ("/api/v1/drafts/{draft_id}/", "/api/v1/drafts/{draft_id}/print/"):
        parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        assert set(parameters["script"]["schema"]["enum"]) == {"latn", "cyrl"}
    script = schema["components"]["schemas"]["DraftDetail"]["properties"]["script"]
    assert script["readOnly"] is True


def test_a_text_shown_in_another_script_cannot_be_saved_over_the_official_one(world):
    shown = shown_in_script(Draft.objects.get(pk=world.drafts["public_discussion"].pk), Script.CYRL)
    with pytest.raises(TypeError, match="for reading"):
        shown.save()
