"""Hostile requests rather than hostile fields: ids no row has, strings in paths, JSON nested thousands
deep, bodies over the limit, bodies of the wrong type, and `next` addresses of other sites."""

import json
from urllib.parse import quote

import pytest
from django.conf import settings

from tests.security.endpoints import ENDPOINTS
from tests.security.shapes import (
    DEEP_BODIES,
    ID_PATHS,
    NEXT_TARGETS,
    NEXT_VALUES,
    PATH_STRINGS,
    STR_PATHS,
    WRONG_BODIES,
    deep_cases,
    id_cases,
    next_cases,
    str_path_cases,
    wrong_body_cases,
)
from tests.security.support import ALLOWED, assert_local, assert_sane, encode_form, send, typed, where

pytestmark = pytest.mark.django_db


def _fill(value, ids: dict, **more):
    return {k: str(v).format(**ids, **more) for k, v in value.items()} if value else None


def _body(api: bool, fields: dict | None):
    if fields is None:
        return None, None
    if api:
        return json.dumps({k: typed(v) for k, v in fields.items()}), "application/json"
    return encode_form(fields), "application/x-www-form-urlencoded"


@pytest.mark.parametrize(
    "index,hostile", id_cases(), ids=[f"{ID_PATHS[i][1]} {ID_PATHS[i][2]}:{h[:24]}" for i, h in id_cases()]
)
def test_ids_that_name_nothing_are_404(world, ids, client_as, index, hostile):
    """Huge, zero and negative ids: 404 (a secondary id, such as a group to remove, may be 400)."""
    route, method, template, user, fields, primary = ID_PATHS[index]
    api = template.startswith("/api/")
    path = template.format(**ids, id=hostile)
    body, content_type = _body(api, _fill(fields, ids, id=hostile))
    response = send(client_as(user, api=api), method, path, body, content_type)
    # A page refuses a secondary id as it refuses any bad field: back to the page with the reason.
    assert_sane(response, api=api, expected={404} if primary else ({400, 404} if api else {302, 400, 404}))


@pytest.mark.parametrize(
    "index,value",
    str_path_cases(),
    ids=[f"{STR_PATHS[i][0]}:{v}" for i, v in str_path_cases()],
)
def test_hostile_strings_in_paths(world, ids, client_as, index, value):
    route, method, template, user, api, fields = STR_PATHS[index]
    hostile = next(v for v in PATH_STRINGS if v.name == value)
    segment = hostile.form_raw or quote(hostile.py, safe="")
    path = template.format(**ids, s=segment)
    body, content_type = _body(api, _fill(fields, ids))
    response = send(client_as(user, api=api), method, path, body, content_type)
    # Django's own password reset page says "invalid link" with 200.
    expected = {"confirm-malformed": {400, 404}, "password_reset_confirm": ALLOWED}.get(route, {400, 404})
    assert_sane(response, api=api, expected=expected)


@pytest.mark.parametrize("target,shape", deep_cases(), ids=[f"{t}:{s}" for t, s in deep_cases()])
def test_deep_json_is_refused_with_400(world, ids, client_as, target, shape):
    endpoint = ENDPOINTS[target]
    response = send(
        client_as(endpoint.user), endpoint.method, endpoint.path.format(**ids), DEEP_BODIES[shape], "application/json"
    )
    # Past the limit of nesting: refused before parsing. Within it: the fields' own 400. Inside a string: text.
    assert_sane(response, api=True, expected=ALLOWED if shape == "brackets_in_a_string" else {400})


def _huge_text() -> str:
    return "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024)


OVERSIZE = [
    ("token_json", "token", "json"),
    ("drafts_create_json", "drafts_create", "json"),
    ("draft_patch_json", "draft_patch", "json"),
    ("comment_json", "comment", "json"),
    ("comment_form", "comment", "form"),
    ("comment_multipart", "comment", "multipart"),
    ("page_comment_form", "page_comment", "form"),
    ("page_comment_multipart", "page_comment", "multipart"),
    ("page_draft_new_form", "page_draft_new", "form"),
    ("login_form", "login", "form"),
]


@pytest.mark.parametrize("target,encoding", [o[1:] for o in OVERSIZE], ids=[o[0] for o in OVERSIZE])
def test_bodies_over_the_limit_are_413(world, ids, client_as, target, encoding):
    endpoint = ENDPOINTS[target]
    client = client_as(endpoint.user, api=endpoint.api)
    path = endpoint.path.format(**ids)
    field = "text" if "comment" in target else ("title" if "draft" in target else "username")
    if encoding == "json":
        response = send(client, endpoint.method, path, json.dumps({field: _huge_text()}), "application/json")
    elif encoding == "form":
        response = send(
            client, endpoint.method, path, encode_form({field: _huge_text()}), "application/x-www-form-urlencoded"
        )
    else:
        try:
            response = (
                client.post(path, {field: _huge_text()})
                if not endpoint.api
                else client.post(path, {field: _huge_text()}, format="multipart")
            )
        except Exception as error:  # noqa: BLE001
            pytest.fail(f"500: {type(error).__name__}: {str(error)[:200]!r} at {where(error)}", pytrace=False)
    assert_sane(response, api=endpoint.api, expected={413})


@pytest.mark.parametrize("length", ["abc", "-5", "1e9", "99999999999999999999", " 12"])
def test_a_content_length_that_is_not_a_size(world, ids, client_as, length):
    endpoint = ENDPOINTS["comment"]
    response = send(
        client_as(endpoint.user),
        "POST",
        endpoint.path.format(**ids),
        '{"text": "salom"}',
        "application/json",
        CONTENT_LENGTH=length,
    )
    assert_sane(response, api=True, expected={400, 413})


API_EXPECTED = {
    "text_plain": {415},
    "xml": {415},
    "no_content_type": {415},
    "multipart_without_boundary": {400, 415},
    "multipart_bad_boundary": {400, 415},
    "json_invalid_utf8": {400},
    "json_utf16": {400},
    "json_list": {400},
    "json_string": {400},
    "json_number": {400},
    "json_null": {400},
    "json_duplicate_keys": {400},
    "json_trailing_garbage": {400},
}


@pytest.mark.parametrize("target,name", wrong_body_cases(), ids=[f"{t}:{n}" for t, n in wrong_body_cases()])
def test_bodies_of_the_wrong_type(world, ids, client_as, target, name):
    endpoint = ENDPOINTS[target]
    _name, content_type, body = next(b for b in WRONG_BODIES if b[0] == name)
    client = client_as(endpoint.user, api=endpoint.api)
    response = send(client, endpoint.method, endpoint.path.format(**ids), body, content_type)
    # The API refuses what it cannot read (400, 415) but reads forms too; a page answers as to a form
    # with missing fields.
    expected = API_EXPECTED.get(name, ALLOWED) if endpoint.api else ALLOWED
    assert_sane(response, api=endpoint.api, expected=expected)


@pytest.mark.parametrize("target,index", next_cases(), ids=[f"{t}:{NEXT_VALUES[i][:30]!r}" for t, i in next_cases()])
def test_next_never_leaves_the_site(world, ids, client_as, target, index):
    name, template, user, fields, where = next(t for t in NEXT_TARGETS if t[0] == target)
    path = template.format(**ids)
    form = dict(_fill(fields, ids))
    nxt = NEXT_VALUES[index]
    if where == "query":
        path = f"{path}?next={quote(nxt, safe='')}"
    else:
        form["next"] = nxt
    response = send(client_as(user, api=False), "POST", path, encode_form(form), "application/x-www-form-urlencoded")
    assert_sane(response, api=False, expected={302, 400, 404})
    if response.status_code == 302:
        assert_local(response["Location"])


# The findings named in the issue, with the exact answer each must get.
BIG = "99999999999999999999"
FINDINGS = [
    ("search_api_act_type", "GET", f"/api/v1/search/?q=a&act_type={BIG}", None, None, {400}),
    ("search_api_year", "GET", f"/api/v1/search/?q=a&year={BIG}", None, None, {400}),
    ("search_api_page", "GET", f"/api/v1/search/?q=a&page={BIG}", None, None, {400}),
    ("search_page_page", "GET", f"/search/?q=x&page={BIG}", None, None, {200, 400}),
    ("search_page_year", "GET", f"/search/?q=x&year={BIG}", None, None, {200, 400}),
    ("search_page_act_type", "GET", f"/search/?q=x&act_type={BIG}", None, None, {200, 400}),
    ("token_3000_brackets", "POST", "/api/v1/auth/token/", None, "[" * 3000, {400}),
    ("patch_drafters_out_of_range", "PATCH", "/api/v1/drafts/{draft}/", "drafter", f'{{"drafters": [{BIG}]}}', {400}),
    ("drafts_list_act_type", "GET", f"/api/v1/drafts/?act_type={BIG}", None, None, {400}),
]


@pytest.mark.parametrize("method,path,user,body,expected", [f[1:] for f in FINDINGS], ids=[f[0] for f in FINDINGS])
def test_findings_of_the_issue(world, ids, client_as, method, path, user, body, expected):
    api = path.startswith("/api/")
    client = client_as(user, api=api)
    response = send(client, method, path.format(**ids), body, "application/json" if body else None)
    assert_sane(response, api=api, expected=expected)
