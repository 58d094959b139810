"""Every integer the API takes is checked against its range: out of range is a 400 (a 404 for an id in
the path) with the API's error body, never a 500 from a database overflow, on either database."""

import pytest
import yaml

from kernel.integers import MAX_ID

pytestmark = pytest.mark.django_db

HUGE = 99999999999999999999  # past any 64-bit integer


def assert_refused(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["detail"] and body["code"]
    if field:
        # `errors` maps each field to plain messages, as the schema's Error says.
        assert isinstance(body["errors"][field], list)
        assert all(isinstance(message, str) for message in body["errors"][field]), body
    return body


@pytest.mark.parametrize(
    "query,field",
    [
        (f"q=a&act_type={HUGE}", "act_type"),
        (f"q=a&issuing_body={HUGE}", "issuing_body"),
        ("q=a&year=3000", "year"),
    ],
)
def test_search_filters_out_of_range(world, api, query, field):
    body = assert_refused(api(None).get(f"/api/v1/search/?{query}"), 400, field)
    assert body["errors"][field][0].startswith("#1: ")


@pytest.mark.parametrize(
    "query,field",
    [
        (f"year={HUGE}", "year"),
        ("year=1066", "year"),
        (f"page_size={HUGE}", "page_size"),
        ("page_size=0", "page_size"),
        ("page=0", "page"),
        ("page=last", "page"),
    ],
)
def test_draft_list_parameters_out_of_range(world, api, query, field):
    assert_refused(api(None).get(f"/api/v1/drafts/?{query}"), 400, field)


def test_draft_list_filter_by_an_id_that_names_nothing_finds_nothing(world, api):
    response = api(None).get("/api/v1/drafts/?act_type=999999&issuing_body=999999")
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_co_drafter_id_out_of_range(world, api):
    draft = world.drafts["draft"]
    response = api(world.users["drafter"]).patch(f"/api/v1/drafts/{draft.pk}/", {"drafters": [HUGE]}, format="json")
    body = assert_refused(response, 400, "drafters")
    assert body["errors"]["drafters"][0].startswith("#1: ")


def test_expert_group_id_out_of_range(world, api):
    draft = world.drafts["draft"]
    client = api(world.users["drafter"])
    assert_refused(
        client.post(f"/api/v1/drafts/{draft.pk}/expert-groups/", {"group": HUGE}, format="json"), 400, "group"
    )
    assert_refused(client.delete(f"/api/v1/drafts/{draft.pk}/expert-groups/{HUGE}/"), 404)


def test_an_integer_must_be_sent_as_a_json_number(world, api):
    draft = world.drafts["draft"]
    group = world.expert_groups[next(iter(world.expert_groups))]
    response = api(world.users["drafter"]).post(
        f"/api/v1/drafts/{draft.pk}/expert-groups/", {"group": str(group.pk)}, format="json"
    )
    body = assert_refused(response, 400, "group")
    assert body["errors"]["group"] == ["Wrong type: send a JSON integer."]


def test_the_schema_states_the_ranges_and_the_refusals(client):
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    paths = schema["paths"]

    def parameters(path, method="get"):
        return {p["name"]: p["schema"] for p in paths[path][method]["parameters"]}

    assert parameters("/api/v1/search/")["act_type"]["items"]["maximum"] == MAX_ID
    assert parameters("/api/v1/drafts/")["year"] == {"type": "integer", "minimum": 1900, "maximum": 2200}
    assert parameters("/api/v1/drafts/")["page_size"]["maximum"] == 200
    assert parameters("/api/v1/drafts/{draft_id}/")["draft_id"] == {"type": "integer", "minimum": 1, "maximum": MAX_ID}
    drafters = schema["components"]["schemas"]["DraftInputRequest"]["properties"]["drafters"]
    assert drafters["items"]["maximum"] == MAX_ID

    refusals = paths["/api/v1/drafts/{draft_id}/"]["patch"]["responses"]
    assert {"400", "401", "403", "404", "409", "413", "415"} <= set(refusals)
    assert refusals["409"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert schema["components"]["schemas"]["Error"]["required"] == ["code", "detail"]
