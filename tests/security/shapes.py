"""Hostile requests rather than hostile fields: ids in paths, strings in paths, deep JSON, bodies of the
wrong type, `next` addresses; and the count of every case of the corpus."""

from tests.security.corpus import FORM_ONLY, HV, ODD, REFUSED
from tests.security.endpoints import D, field_cases

# fmt: off
# Ids in URL paths: none of these names anything, and the route converter takes only digits.
HOSTILE_IDS = ["0", "2147483648", "9223372036854775807", "9223372036854775808", "99999999999999999999",
               "9" * 100, "-1"]
# (route, method, path with {id}, user, JSON or form body, whether {id} is the primary object)
ID_PATHS = [
    ("draft", "GET", f"{D}/{{id}}/", None, None, True),
    ("draft", "PATCH", f"{D}/{{id}}/", "drafter", {"title": "x"}, True),
    ("draft-versions", "GET", f"{D}/{{id}}/versions/", None, None, True),
    ("draft-version-diff", "GET", f"{D}/{{id}}/versions/diff/?from=1&to=1", None, None, True),
    ("draft-version", "GET", f"{D}/{{id}}/versions/1/", None, None, True),
    ("draft-version", "GET", f"{D}/{{finalization}}/versions/{{id}}/", None, None, False),
    ("draft-expert-groups", "GET", f"{D}/{{id}}/expert-groups/", "drafter", None, True),
    ("draft-expert-groups", "POST", f"{D}/{{id}}/expert-groups/", "drafter", {"group": "{group_economic}"}, True),
    ("draft-expert-group", "DELETE", f"{D}/{{id}}/expert-groups/{{group_legal}}/", "drafter", None, True),
    ("draft-expert-group", "DELETE", f"{D}/{{draft}}/expert-groups/{{id}}/", "drafter", None, False),
    ("draft-transitions", "GET", f"{D}/{{id}}/transitions/", "drafter", None, True),
    ("draft-transition", "POST", f"{D}/{{id}}/transitions/withdraw/", "drafter", {"reason": "x"}, True),
    ("draft-history", "GET", f"{D}/{{id}}/history/", None, None, True),
    ("draft-conclusions", "GET", f"{D}/{{id}}/conclusions/", "drafter", None, True),
    ("draft-conclusions", "POST", f"{D}/{{id}}/conclusions/", "expert", {"verdict": "positive", "text": "x"}, True),
    ("draft-comments", "GET", f"{D}/{{id}}/comments/", None, None, True),
    ("draft-comments", "POST", f"{D}/{{id}}/comments/", "citizen", {"text": "x"}, True),
    ("draft-summary", "GET", f"{D}/{{id}}/summary/", None, None, True),
    ("draft-follow", "POST", f"{D}/{{id}}/follow/", "citizen", None, True),
    ("draft-follow", "DELETE", f"{D}/{{id}}/follow/", "citizen", None, True),
    ("draft-vote", "PUT", f"{D}/{{id}}/vote/", "citizen", {"vote": "for"}, True),
    ("draft-vote", "DELETE", f"{D}/{{id}}/vote/", "citizen", None, True),
    ("comment-vote", "PUT", "/api/v1/comments/{id}/vote/", "moderator", {"vote": "for"}, True),
    ("comment-vote", "DELETE", "/api/v1/comments/{id}/vote/", "moderator", None, True),
    ("draft-vote-post", "POST", "/drafts/{id}/vote/", "citizen", {"vote": "for"}, True),
    ("comment-vote-post", "POST", "/comments/{id}/vote/", "moderator", {"vote": "for"}, True),
    ("draft-pdf", "GET", f"{D}/{{id}}/pdf/", None, None, True),
    ("draft-print", "GET", f"{D}/{{id}}/print/", None, None, True),
    ("draft-docx", "GET", f"{D}/{{id}}/docx/", None, None, True),
    ("draft-akn", "GET", f"{D}/{{id}}/akn/", None, None, True),
    ("draft-summary-pdf", "GET", f"{D}/{{id}}/summary/pdf/", None, None, True),
    ("comment", "GET", "/api/v1/comments/{id}/", None, None, True),
    ("comment-moderation", "POST", "/api/v1/comments/{id}/moderation/", "moderator", {"decision": "publish"}, True),
    ("comment", "PATCH", "/api/v1/comments/{id}/", "citizen", {"text": "x"}, True),
    ("comment-withdraw", "POST", "/api/v1/comments/{id}/withdraw/", "citizen", None, True),
    ("comment-edit-page", "GET", "/me/comments/{id}/edit/", "citizen", None, True),
    ("comment-edit-page", "POST", "/me/comments/{id}/edit/", "citizen", {"text": "x"}, True),
    ("comment-withdraw-post", "POST", "/me/comments/{id}/withdraw/", "citizen", {}, True),
    ("on-behalf-post", "POST", "/work/moderation/on-behalf/", "moderator",
     {"behalf-draft": "{id}", "behalf-channel": "phone", "behalf-submitted_for": "x", "behalf-text": "x"}, False),
    ("comment-response", "POST", "/api/v1/comments/{id}/response/", "drafter",
     {"decision": "accepted", "text": "x"}, True),
    ("draft-campaigns", "GET", f"{D}/{{id}}/campaigns/", "moderator", None, True),
    ("campaign", "GET", "/api/v1/campaigns/{id}/", "moderator", None, True),
    ("campaign-moderation", "POST", "/api/v1/campaigns/{id}/moderation/", "moderator", {"decision": "publish"}, True),
    ("campaign-response", "POST", "/api/v1/campaigns/{id}/response/", "drafter",
     {"decision": "accepted", "text": "x"}, True),
    ("campaign-page", "GET", "/work/campaigns/{id}/", "moderator", None, True),
    ("campaign-moderation-post", "POST", "/work/campaigns/{id}/moderation/", "moderator", {"decision": "publish"}, True),
    ("campaign-response-post", "POST", "/work/campaigns/{id}/response/", "drafter",
     {"decision": "accepted", "text": "x"}, True),
    ("upload", "GET", "/api/v1/uploads/{id}/", "citizen", None, True),
    ("upload", "PUT", "/api/v1/uploads/{id}/", "citizen", None, True),
    ("upload", "DELETE", "/api/v1/uploads/{id}/", "citizen", None, True),
    ("upload-complete", "POST", "/api/v1/uploads/{id}/complete/", "citizen", None, True),
    ("draft-page", "GET", "/drafts/{id}/", None, None, True),
    ("versions-page", "GET", "/drafts/{id}/versions/?from=1&to=1", None, None, True),
    ("versions-page", "GET", "/drafts/{finalization}/versions/?from=1&to={id}", None, None, False),
    ("summary-page", "GET", "/drafts/{id}/summary/", None, None, True),
    ("draft-edit", "GET", "/work/drafts/{id}/edit/", "drafter", None, True),
    ("draft-edit", "POST", "/work/drafts/{id}/edit/", "drafter", {"title": "x"}, True),
    ("draft-edit", "POST", "/work/drafts/{draft}/edit/", "drafter", {"assign_group": "1", "group": "{id}"}, False),
    ("comment-post", "POST", "/drafts/{id}/comments/", "citizen", {"text": "x"}, True),
    ("comment-post", "POST", "/drafts/{public_discussion}/comments/", "citizen", {"text": "x", "article": "{id}"},
     False),
    ("follow-post", "POST", "/drafts/{id}/follow/", "citizen", {"follow": "1"}, True),
    ("conclusion-post", "POST", "/drafts/{id}/conclusion/", "expert", {"verdict": "positive", "text": "x"}, True),
    ("conclusion-post", "POST", "/drafts/{expert_review}/conclusion/", "expert",
     {"verdict": "positive", "text": "x", "group": "{id}"}, False),
    ("transition-post", "POST", "/drafts/{id}/transitions/withdraw/", "drafter", {"reason": "x"}, True),
    ("moderation-post", "POST", "/comments/{id}/moderation/", "moderator", {"decision": "publish"}, True),
    ("response-post", "POST", "/comments/{id}/response/", "drafter", {"decision": "accepted", "text": "x"}, True),
    ("draft-attachments", "POST", f"{D}/{{id}}/attachments/", "drafter", {"file_id": "1", "title": "x", "kind": "annex"},
     True),
    ("draft-attachment", "DELETE", f"{D}/{{draft}}/attachments/{{id}}/", "drafter", None, False),
    ("draft-attachment-file", "GET", f"{D}/{{id}}/attachments/1/file/", None, None, True),
    ("draft-attachment-file", "GET", f"{D}/{{public_discussion}}/attachments/{{id}}/file/", None, None, False),
    ("comment-attachment-file", "GET", "/api/v1/comments/{published_comment}/attachments/{id}/file/", None, None,
     False),
    ("attachment-post", "POST", "/drafts/{id}/attachments/", "drafter", {"title": "x", "kind": "annex"}, True),
    ("attachment-remove-post", "POST", "/drafts/{draft}/attachments/{id}/remove/", "drafter", {}, False),
    ("media-detail", "GET", "/api/v1/media/{id}/", None, None, True),
    ("media-detail", "PATCH", "/api/v1/media/{id}/", "media_editor", {"title": "x"}, True),
    ("media-detail", "DELETE", "/api/v1/media/{id}/", "media_editor", None, True),
    ("media-publish", "POST", "/api/v1/media/{id}/publish/", "media_editor", None, True),
    ("media-unpublish", "POST", "/api/v1/media/{id}/unpublish/", "media_editor", None, True),
    ("media-file", "GET", "/api/v1/media/{id}/file/", None, None, True),
    ("material-page", "GET", "/media-library/{id}/", None, None, True),
    ("feed-draft", "GET", "/drafts/{id}/feed.atom", None, None, True),
    ("material-edit", "GET", "/media-library/{id}/edit/", "media_editor", None, True),
    ("material-edit", "POST", "/media-library/{id}/edit/", "media_editor", {"title": "x"}, True),
    ("material-publish-post", "POST", "/media-library/{id}/publish/", "media_editor", {}, True),
    ("material-unpublish-post", "POST", "/media-library/{id}/unpublish/", "media_editor", {}, True),
    ("material-delete-post", "POST", "/media-library/{id}/delete/", "media_editor", {}, True),
]


def id_cases() -> list[tuple[int, str]]:
    return [(index, hostile) for index in range(len(ID_PATHS)) for hostile in HOSTILE_IDS]


# Strings in <str:> path segments: (route, method, path with {s}, user, api, JSON/form body)
STR_PATHS = [
    ("verify", "GET", "/api/v1/verify/{s}/", None, True, None),
    ("verify-checksum", "GET", "/verify/{s}/", None, False, None),
    ("draft-transition", "POST", f"{D}/{{draft}}/transitions/{{s}}/", "drafter", True, {"reason": "x"}),
    ("transition-post", "POST", "/drafts/{draft}/transitions/{s}/", "drafter", False, {"reason": "x"}),
    ("signup-confirm", "GET", "/accounts/confirm/{s}/{s}/", None, False, None),
    ("confirm-malformed", "GET", "/accounts/confirm/{s}/", None, False, None),
    ("password_reset_confirm", "GET", "/accounts/reset/{s}/{s}/", None, False, None),
    ("export-dump-file", "GET", "/api/v1/export/dump/{s}", None, True, None),
]
PATH_STRINGS = [v for v in REFUSED if v.name in ("nul", "bell", "rlo", "lri")] + [
    v for v in ODD if v.name in ("xss_script", "xss_img", "sql_or", "fts_near", "traversal", "emoji", "bom",
                                 "template", "zero_width_space", "crlf_header", "lucene_backslash")
] + [HV("long_5000", "x" * 5000), HV("sha_upper", "A" * 64), HV("sha_unicode", "١" * 64)] + FORM_ONLY[:2]


def str_path_cases() -> list[tuple[int, str]]:
    return [(index, v.name) for index in range(len(STR_PATHS)) for v in PATH_STRINGS]


# JSON nested past any real document (and just around the limit of 32).
DEEP_BODIES = {
    "brackets_3000": "[" * 3000,
    "closed_brackets_3000": "[" * 3000 + "]" * 3000,
    "objects_3000": '{"a":' * 3000 + "1" + "}" * 3000,
    "in_a_field_3000": '{"text": ' + "[" * 3000 + "]" * 3000 + "}",
    "mixed_100k": '[{"a":' * 50_000,
    "depth_33": "[" * 33 + "]" * 33,
    "depth_32_in_field": '{"title": ' + "[" * 31 + "]" * 31 + "}",
    "brackets_in_a_string": '{"text": "' + "[" * 3000 + '"}',
}
DEEP_TARGETS = ["token", "drafts_create", "draft_patch", "comment", "reject", "moderate", "respond", "conclude",
                "assign_group", "draft_vote"]


def deep_cases() -> list[tuple[str, str]]:
    return [(target, shape) for target in DEEP_TARGETS for shape in DEEP_BODIES]


# Bodies that are not what the endpoint reads: (name, content type, bytes)
WRONG_BODIES = [
    ("text_plain", "text/plain", b"text=hello"),
    ("xml", "application/xml", b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>"),
    ("multipart_without_boundary", "multipart/form-data", b'{"text": "hello"}'),
    ("multipart_bad_boundary", "multipart/form-data; boundary=zzz", b'{"text": "hello"}'),
    ("json_invalid_utf8", "application/json", b'{"text": "\xff\xfe\xc0\xaf"}'),
    ("json_utf16", "application/json; charset=utf-16", '{"text": "salom"}'.encode("utf-16")),
    ("json_bogus_charset", "application/json; charset=bogus-8", b'{"text": "salom"}'),
    ("json_bom", "application/json", b'\xef\xbb\xbf{"text": "salom"}'),
    ("json_list", "application/json", b"[]"),
    ("json_string", "application/json", b'"text"'),
    ("json_number", "application/json", b"99999999999999999999"),
    ("json_null", "application/json", b"null"),
    ("json_duplicate_keys", "application/json", b'{"text": "a", "text": "\\u0000"}'),
    ("json_trailing_garbage", "application/json", b'{"text": "a"} {"text": "b"}'),
    ("form_invalid_utf8", "application/x-www-form-urlencoded", b"text=%FF%FE&text=\xff\xfe"),
    ("form_bogus_charset", "application/x-www-form-urlencoded; charset=bogus-8", b"text=salom"),
    ("no_content_type", "", b'{"text": "salom"}'),
    ("form_semicolons", "application/x-www-form-urlencoded", b"text=a;text=b&&&=&=x&%=%"),
]
WRONG_BODY_TARGETS = ["token", "drafts_create", "comment", "reject", "moderate", "page_comment", "page_draft_new",
                      "login", "page_moderate", "draft_vote", "page_draft_vote"]


def wrong_body_cases() -> list[tuple[str, str]]:
    return [(target, name) for target in WRONG_BODY_TARGETS for name, _type, _body in WRONG_BODIES]


# `next` values that must never send the browser to another site.
NEXT_VALUES = [
    "https://evil.example/", "//evil.example/", "///evil.example/", "/\\evil.example/", "\\\\evil.example/",
    "\\/evil.example/", "foo:bar", "javascript:alert(1)", "http:evil.example", "https:/evil.example",
    " https://evil.example/", "\thttps://evil.example/", "/%2F%2Fevil.example/", "/\t/evil.example/",
    "/ok\r\nLocation: https://evil.example/", "data:text/html,<script>alert(1)</script>",
    "http://testserver@evil.example/", "https://evil.example\\@testserver/", "/" + "a" * 10_000,
]
# (name, path, user, form that succeeds or is refused by the service, where `next` goes)
NEXT_TARGETS = [
    ("moderate_done", "/comments/{pending_comment}/moderation/", "moderator", {"decision": "publish"}, "form"),
    ("moderate_refused", "/comments/{pending_comment}/moderation/", "moderator", {"decision": "maybe"}, "form"),
    ("respond_done", "/comments/{published_comment}/response/", "drafter", {"decision": "accepted", "text": "Ha."},
     "form"),
    ("respond_refused", "/comments/{published_comment}/response/", "drafter", {"decision": "accepted"}, "form"),
    ("transition_refused", "/drafts/{approval}/transitions/reject/", "approver", {"reason": ""}, "form"),
    ("transition_refused_query", "/drafts/{approval}/transitions/reject/", "approver", {"reason": ""}, "query"),
    ("comment_refused", "/drafts/{public_discussion}/comments/", "citizen", {"text": ""}, "form"),
    ("conclusion_refused", "/drafts/{expert_review}/conclusion/", "expert", {"verdict": "x", "text": "x"}, "form"),
    ("follow_refused", "/drafts/{approval}/follow/", "drafter2", {"follow": "1"}, "form"),
    ("comment_vote_done", "/comments/{discussion_comment}/vote/", "moderator", {"vote": "for"}, "form"),
    ("comment_vote_refused", "/comments/{discussion_comment}/vote/", "citizen", {"vote": "for"}, "form"),
    ("login", "/accounts/login/", None, {"username": "citizen", "password": "demo"}, "form"),
    ("set_language", "/i18n/setlang/", None, {"language": "ru"}, "form"),
]


def next_cases() -> list[tuple[str, int]]:
    return [(target[0], index) for target in NEXT_TARGETS for index in range(len(NEXT_VALUES))]


# fmt: on


def all_case_count() -> int:
    return sum(
        len(cases)
        for cases in (field_cases(), id_cases(), str_path_cases(), deep_cases(), wrong_body_cases(), next_cases())
    )
