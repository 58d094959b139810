"""Markup stored through any form or API field is shown as text on every page that shows it.

Each scenario stores a payload where a person can put text (a comment, the name of whom a proposal
was received from, a rejection reason, an answer, a transition's reason, a conclusion, a draft's
title, body and note), then opens the pages that show it: the payload must be there, escaped, and
never as live markup. Pages that echo the request (search, forms shown again, verify, log-in) too.
"""

from urllib.parse import quote

import pytest
from django.utils.html import escape

from tests.security.corpus import XSS_MARKERS
from tests.security.support import assert_sane, encode_form, send

pytestmark = pytest.mark.django_db

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "img": '"><img src=x onerror=alert(1)>',
    "svg": "'><svg/onload=alert(1)>",
}
FORM = "application/x-www-form-urlencoded"


def post_form(client, path, fields, expected=(200, 302)):
    response = send(client, "POST", path, encode_form(fields), FORM)
    assert_sane(response, api=False)
    assert response.status_code in expected, response.status_code
    return response


def post_json(client, path, fields, method="POST"):
    import json

    response = send(client, method, path, json.dumps(fields), "application/json")
    assert response.status_code in (200, 201), response.content[:300]
    return response


def shown_as_text(pages: list, payload: str):
    """Every page opens, none has live markup, and at least one shows the payload escaped."""
    bodies = []
    for client, path in pages:
        response = send(client, "GET", path)
        assert_sane(response, api=False)
        # The verification page answers 404 for a checksum it does not know, showing it.
        assert response.status_code in (200, 404), (path, response.status_code)
        bodies.append(response.content.decode())
    for body in bodies:
        for marker in XSS_MARKERS:
            assert marker not in body
    assert any(escape(payload) in body for body in bodies), "the payload is not shown at all"


def comment_by_form(w, ids, c, payload):
    post_form(c("citizen", api=False), f"/drafts/{ids['public_discussion']}/comments/", {"text": payload})
    return [
        (c("citizen", api=False), f"/drafts/{ids['public_discussion']}/"),
        (c("citizen", api=False), "/me/"),
        (c("moderator", api=False), "/work/moderation/"),
        (c("moderator", api=False), "/work/"),
    ]


def comment_published(w, ids, c, payload):
    created = post_json(c("citizen"), f"/api/v1/drafts/{ids['public_discussion']}/comments/", {"text": payload})
    post_json(c("moderator"), f"/api/v1/comments/{created.json()['id']}/moderation/", {"decision": "publish"})
    return [(c(None, api=False), f"/drafts/{ids['public_discussion']}/")]


def on_behalf_name(w, ids, c, payload):
    post_form(
        c("moderator", api=False),
        f"/drafts/{ids['public_discussion']}/comments/",
        {"text": "Telefon orqali taklif.", "channel": "phone", "submitted_for": payload},
    )
    return [
        (c("moderator", api=False), f"/drafts/{ids['public_discussion']}/"),
        (c("moderator", api=False), "/work/moderation/"),
    ]


def rejection_reason(w, ids, c, payload):
    post_form(
        c("moderator", api=False),
        f"/comments/{ids['pending_comment']}/moderation/",
        {"decision": "reject", "reason": payload},
    )
    return [(c("citizen", api=False), "/me/"), (c("citizen", api=False), f"/drafts/{ids['public_discussion']}/")]


def answer(w, ids, c, payload):
    post_form(
        c("drafter", api=False),
        f"/comments/{ids['published_comment']}/response/",
        {"decision": "accepted", "text": payload},
    )
    return [
        (c(None, api=False), f"/drafts/{ids['finalization']}/"),
        (c(None, api=False), f"/drafts/{ids['finalization']}/summary/"),
        (c("drafter", api=False), "/work/"),
    ]


def transition_reason(w, ids, c, payload):
    post_form(c("approver", api=False), f"/drafts/{ids['approval']}/transitions/reject/", {"reason": payload})
    return [(c("approver", api=False), f"/drafts/{ids['approval']}/")]


def conclusion(w, ids, c, payload):
    post_form(
        c("expert", api=False), f"/drafts/{ids['expert_review']}/conclusion/", {"verdict": "positive", "text": payload}
    )
    return [
        (c("drafter", api=False), f"/drafts/{ids['expert_review']}/"),
        (c("expert", api=False), f"/drafts/{ids['expert_review']}/"),
    ]


def draft_texts(w, ids, c, payload):
    post_json(
        c("drafter"),
        f"/api/v1/drafts/{ids['draft']}/",
        {"title": payload, "body": f"1-modda. {payload}\n\n2-modda. Matn.", "explanatory_note": payload},
        method="PATCH",
    )
    drafter = c("drafter", api=False)
    return [
        (drafter, f"/drafts/{ids['draft']}/"),
        (drafter, "/work/"),
        (drafter, f"/work/drafts/{ids['draft']}/edit/"),
        (drafter, f"/drafts/{ids['draft']}/versions/"),
        (drafter, "/me/"),
    ]


def draft_form_shown_again(w, ids, c, payload):
    drafter = c("drafter", api=False)
    fields = {
        "title": payload,
        "act_type": "",
        "issuing_body": str(ids["issuing_body"]),
        "language": "uz-latn",
        "body": f"1-modda. {payload}",
        "explanatory_note": payload,
    }
    shown = post_form(drafter, "/work/drafts/new/", fields)
    preview = post_form(drafter, "/work/drafts/new/", {**fields, "act_type": str(ids["act_type"]), "preview": "1"})
    for response in (shown, preview):
        for marker in XSS_MARKERS:
            assert marker not in response.content.decode()
    return [(drafter, f"/search/?q={quote(payload)}")]


def search(w, ids, c, payload, capture):
    with capture(execute=True):
        post_json(
            c("drafter"),
            f"/api/v1/drafts/{ids['finalization']}/",
            {"title": f"Soliq alert {payload}", "body": f"1-modda. Soliq alert {payload}"},
            method="PATCH",
        )
    anonymous = c(None, api=False)
    return [
        (anonymous, "/search/?q=alert"),
        (anonymous, "/search/?q=soliq+alert+script+img+svg"),
        (anonymous, f"/search/?q={quote(payload)}"),
        (anonymous, f"/drafts/{ids['finalization']}/"),
    ]


def signup_shown_again(w, ids, c, payload):
    response = post_form(
        c(None, api=False),
        "/accounts/signup/",
        {"username": "yangi", "full_name": payload, "email": "not an e-mail", "password": "x"},
        expected=(400,),
    )
    for marker in XSS_MARKERS:
        assert marker not in response.content.decode()
    return [
        (c(None, api=False), f"/accounts/login/?next={quote(payload)}"),
        (c(None, api=False), f"/verify/?checksum={quote(payload)}"),
    ]


SCENARIOS = {
    f.__name__: f
    for f in (
        comment_by_form,
        comment_published,
        on_behalf_name,
        rejection_reason,
        answer,
        transition_reason,
        conclusion,
        draft_texts,
        draft_form_shown_again,
        search,
        signup_shown_again,
    )
}


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_stored_markup_is_shown_as_text(world, ids, client_as, django_capture_on_commit_callbacks, scenario, payload):
    text = PAYLOADS[payload]
    store = SCENARIOS[scenario]
    if scenario == "search":
        pages = store(world, ids, client_as, text, django_capture_on_commit_callbacks)
    else:
        pages = store(world, ids, client_as, text)
    shown_as_text(pages, text)
