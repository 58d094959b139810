"""The endpoints of the corpus: every API and form endpoint, its fields and the kind of each field.

`path` and `base` (valid values of the other fields) are formatted with the world's ids; `user` is
the demo user for whom the handler gets as far as the service (a draft in the right state).
"""

from dataclasses import dataclass, field

from tests.security.corpus import KINDS


@dataclass(frozen=True)
class Endpoint:
    """Where hostile values go: `path` and `base` are formatted with the world's ids."""

    name: str
    route: str  # the URL name, to check that every route is covered
    method: str
    path: str
    user: str | None
    fields: dict  # field -> kind
    base: dict = field(default_factory=dict)  # valid values of the other fields
    api: bool = True

    @property
    def encoding(self) -> str:
        return "query" if self.method == "GET" else ("json" if self.api else "form")


# fmt: off
D = "/api/v1/drafts"
API = [
    Endpoint("token", "api-token", "POST", "/api/v1/auth/token/", None, {"username": "prose", "password": "short"},
             {"username": "drafter", "password": "demo"}),
    Endpoint("me_get", "me", "GET", "/api/v1/me/", "citizen", {"x": "tiny"}),
    Endpoint("me_patch", "me", "PATCH", "/api/v1/me/", "citizen", {"language": "choice"}),
    Endpoint("drafts_list", "drafts", "GET", f"{D}/", "drafter",
             {"status": "short", "act_type": "int", "issuing_body": "short", "language": "tiny", "year": "int",
              "page": "int", "page_size": "short"}),
    Endpoint("drafts_create", "drafts", "POST", f"{D}/", "drafter",
             {"title": "text", "act_type": "int", "issuing_body": "int", "language": "choice", "body": "prose",
              "explanatory_note": "short", "drafters": "ints"},
             {"title": "Yangi", "act_type": "{act_type}", "issuing_body": "{issuing_body}", "body": "1. Matn."}),
    Endpoint("draft_patch", "draft", "PATCH", f"{D}/{{draft}}/", "drafter",
             {"title": "prose", "act_type": "int", "issuing_body": "short", "language": "short", "body": "text",
              "explanatory_note": "prose", "drafters": "ints"}),
    Endpoint("version_diff", "draft-version-diff", "GET", f"{D}/{{finalization}}/versions/diff/", "drafter",
             {"from": "int", "to": "short"}, {"from": "1", "to": "1"}),
    Endpoint("assign_group", "draft-expert-groups", "POST", f"{D}/{{draft}}/expert-groups/", "drafter",
             {"group": "int"}),
    Endpoint("reject", "draft-transition", "POST", f"{D}/{{approval}}/transitions/reject/", "approver",
             {"reason": "prose", "expected_status": "short"}),
    Endpoint("approve", "draft-transition", "POST", f"{D}/{{approval}}/transitions/approve/", "approver",
             {"number": "prose", "approved_on": "date"}, {"number": "77", "approved_on": "2026-01-05"}),
    Endpoint("extend", "draft-transition", "POST", f"{D}/{{public_discussion}}/transitions/extend_discussion/",
             "moderator", {"discussion_ends_at": "date", "reason": "short"}),
    Endpoint("conclude", "draft-conclusions", "POST", f"{D}/{{expert_review}}/conclusions/", "expert",
             {"group": "int", "verdict": "choice", "text": "prose"}, {"verdict": "positive", "text": "Ma'qul."}),
    Endpoint("comment", "draft-comments", "POST", f"{D}/{{public_discussion}}/comments/", "citizen",
             {"text": "text", "article": "int"}, {"text": "Taklif."}),
    Endpoint("comment_on_behalf", "draft-comments", "POST", f"{D}/{{public_discussion}}/comments/", "moderator",
             {"submitted_for": "prose", "channel": "choice"},
             {"text": "Telefon orqali.", "channel": "phone", "submitted_for": "Karimov Anvar"}),
    Endpoint("remark", "draft-comments", "POST", f"{D}/{{expert_review}}/comments/", "expert",
             {"group": "int", "article": "int"}, {"text": "Izoh."}),
    Endpoint("comments_list", "draft-comments", "GET", f"{D}/{{public_discussion}}/comments/", None,
             {"page": "short", "page_size": "tiny"}),
    Endpoint("moderate", "comment-moderation", "POST", "/api/v1/comments/{pending_comment}/moderation/",
             "moderator", {"decision": "choice", "reason": "prose"}, {"decision": "reject", "reason": "Yo'q."}),
    Endpoint("respond", "comment-response", "POST", "/api/v1/comments/{published_comment}/response/", "drafter",
             {"decision": "short", "text": "prose"}, {"decision": "accepted", "text": "Qabul qilindi."}),
    Endpoint("moderation_queue", "moderation-queue", "GET", "/api/v1/moderation/", "moderator",
             {"page": "short", "page_size": "tiny", "draft": "int", "older_than": "short", "channel": "choice",
              "order": "tiny"}),
    Endpoint("moderate_many", "comments-moderation", "POST", "/api/v1/comments/moderation/", "moderator",
             {"ids": "ints", "decision": "choice", "reason": "prose"}, {"decision": "reject", "reason": "Yo'q."}),
    Endpoint("comment_edit", "comment", "PATCH", "/api/v1/comments/{pending_comment}/", "citizen",
             {"text": "text", "article": "short"}, {"text": "Tahrir."}),
    Endpoint("draft_vote", "draft-vote", "PUT", f"{D}/{{public_discussion}}/vote/", "citizen", {"vote": "choice"}),
    Endpoint("comment_vote", "comment-vote", "PUT", "/api/v1/comments/{discussion_comment}/vote/", "moderator",
             {"vote": "choice"}),
    Endpoint("search", "search", "GET", "/api/v1/search/", None,
             {"q": "prose", "status": "short", "act_type": "int", "issuing_body": "short", "year": "int", "page": "int",
              "page_size": "short"}, {"q": "soliq"}),
    Endpoint("search_query_only", "search", "GET", "/api/v1/search/", "drafter", {"q": "text"}),
    Endpoint("health", "health", "GET", "/api/v1/health/", None, {"x": "tiny"}),
    Endpoint("health_ready", "health-ready", "GET", "/api/v1/health/ready/", None, {"x": "tiny"}),
    Endpoint("act_types", "act-types", "GET", "/api/v1/act-types/", None, {"page": "tiny"}),
    Endpoint("issuing_bodies", "issuing-bodies", "GET", "/api/v1/issuing-bodies/", None, {"page": "tiny"}),
    Endpoint("expert_groups", "expert-groups", "GET", "/api/v1/expert-groups/", None, {"page": "tiny"}),
    Endpoint("schema", "schema", "GET", "/api/v1/schema/", None, {"lang": "tiny", "format": "tiny"}),
    Endpoint("docs", "docs", "GET", "/api/v1/docs/", None, {"x": "tiny"}),
    Endpoint("draft_get", "draft", "GET", f"{D}/{{public_discussion}}/", None, {"x": "tiny"}),
    Endpoint("versions", "draft-versions", "GET", f"{D}/{{finalization}}/versions/", None, {"x": "tiny"}),
    Endpoint("version", "draft-version", "GET", f"{D}/{{finalization}}/versions/1/", None, {"x": "tiny"}),
    Endpoint("groups_of_draft", "draft-expert-groups", "GET", f"{D}/{{draft}}/expert-groups/", "drafter",
             {"x": "tiny"}),
    Endpoint("transitions", "draft-transitions", "GET", f"{D}/{{approval}}/transitions/", "approver", {"x": "tiny"}),
    Endpoint("history", "draft-history", "GET", f"{D}/{{approved}}/history/", None, {"x": "tiny"}),
    Endpoint("conclusions", "draft-conclusions", "GET", f"{D}/{{finalization}}/conclusions/", "drafter",
             {"x": "tiny"}),
    Endpoint("summary", "draft-summary", "GET", f"{D}/{{finalization}}/summary/", None, {"x": "tiny"}),
    Endpoint("comment_get", "comment", "GET", "/api/v1/comments/{published_comment}/", None, {"x": "tiny"}),
    Endpoint("pdf_download", "draft-pdf", "GET", f"{D}/{{approved}}/pdf/", None, {"download": "short"}),
    Endpoint("docx", "draft-docx", "GET", f"{D}/{{approved}}/docx/", None, {"version": "short", "script": "tiny"}),
    Endpoint("akn", "draft-akn", "GET", f"{D}/{{approved}}/akn/", None, {"version": "short", "script": "tiny"}),
    Endpoint("upload_start", "uploads", "POST", "/api/v1/uploads/", "citizen", {"name": "text", "size": "int"},
             {"name": "hearing.mp4", "size": 1000}),
    Endpoint("media_list", "media", "GET", "/api/v1/media/", None,
             {"kind": "choice", "tag": "prose", "date_from": "date", "date_to": "date", "language": "tiny", "q": "text",
              "page": "int", "page_size": "short"}),
    Endpoint("media_create", "media", "POST", "/api/v1/media/", "media_editor",
             {"kind": "choice", "title": "text", "description": "prose", "date": "date", "tags": "ints",
              "author_or_source": "short", "language": "choice", "text": "prose", "drafts": "ints", "file_id": "int"},
             {"kind": "text", "title": "Yangi", "date": "2025-01-01", "text": "Matn."}),
    Endpoint("media_patch", "media-detail", "PATCH", "/api/v1/media/{material}/", "media_editor",
             {"title": "prose", "description": "text", "date": "date", "kind": "short", "remove_file": "tiny",
              "drafts": "ints"}),
    Endpoint("media_get", "media-detail", "GET", "/api/v1/media/{material}/", None, {"x": "tiny"}),
    Endpoint("media_file", "media-file", "GET", "/api/v1/media/{audio_material}/file/", None, {"variant": "short"}),
]

P = "/drafts"
PAGES = [
    Endpoint("home", "home", "GET", "/", None, {"q": "short", "page": "int"}, api=False),
    Endpoint("acts", "acts", "GET", "/acts/", None,
             {"act_type": "int", "issuing_body": "short", "year": "int", "page": "short"}, api=False),
    Endpoint("search_page", "search-page", "GET", "/search/", None,
             {"q": "text", "status": "short", "act_type": "int", "issuing_body": "short", "year": "int", "page": "int"},
             {"q": "soliq"}, api=False),
    Endpoint("versions_page", "versions-page", "GET", f"{P}/{{finalization}}/versions/", "drafter",
             {"from": "int", "to": "short"}, {"from": "1", "to": "1"}, api=False),
    Endpoint("verify_page", "verify-page", "GET", "/verify/", None, {"checksum": "prose"}, api=False),
    Endpoint("metrics", "metrics", "GET", "/internal/metrics", None, {"x": "tiny"}, api=False),
    Endpoint("draft_page", "draft-page", "GET", f"{P}/{{public_discussion}}/", "citizen", {"x": "short"}, api=False),
    Endpoint("summary_page", "summary-page", "GET", f"{P}/{{finalization}}/summary/", None, {"x": "tiny"},
             api=False),
    Endpoint("my_work", "my-work", "GET", "/work/", "drafter", {"x": "tiny"}, api=False),
    Endpoint("profile", "profile", "GET", "/me/", "citizen", {"x": "tiny"}, api=False),
    Endpoint("account_settings", "account-settings", "POST", "/me/settings/", "citizen", {"language": "choice"},
             api=False),
    Endpoint("notifications_page", "notifications", "GET", "/me/notifications/", "drafter", {"page": "int"},
             api=False),
    Endpoint("login_landing", "login-landing", "GET", "/accounts/landing/", "citizen", {"next": "prose"}, api=False),
    Endpoint("moderation_page", "moderation-page", "GET", "/work/moderation/", "moderator", {"x": "tiny"},
             api=False),
    Endpoint("draft_new_page", "draft-new", "GET", "/work/drafts/new/", "drafter", {"x": "tiny"}, api=False),
    Endpoint("password_change", "password_change", "POST", "/accounts/password_change/", "citizen",
             {"old_password": "tiny", "new_password1": "short"},
             {"old_password": "demo", "new_password1": "Yangi-parol-2026", "new_password2": "Yangi-parol-2026"},
             api=False),
    Endpoint("login_page", "login", "GET", "/accounts/login/", None, {"next": "prose"}, api=False),
    Endpoint("login", "login", "POST", "/accounts/login/", None, {"username": "prose", "password": "short"},
             {"username": "citizen", "password": "demo"}, api=False),
    Endpoint("signup", "signup", "POST", "/accounts/signup/", None,
             {"username": "short", "full_name": "prose", "email": "short", "password": "tiny"},
             {"username": "newcitizen", "full_name": "Yangi Fuqaro", "email": "new@example.uz",
              "password": "Qiyin-parol-2026"}, api=False),
    Endpoint("password_reset", "password_reset", "POST", "/accounts/password_reset/", None, {"email": "short"},
             api=False),
    Endpoint("set_language", "set_language", "POST", "/i18n/setlang/", None, {"language": "short", "next": "short"},
             {"language": "ru", "next": "/"}, api=False),
    Endpoint("page_comment", "comment-post", "POST", f"{P}/{{public_discussion}}/comments/", "citizen",
             {"text": "text", "article": "int"}, {"text": "Taklif."}, api=False),
    Endpoint("page_comment_on_behalf", "comment-post", "POST", f"{P}/{{public_discussion}}/comments/", "moderator",
             {"submitted_for": "prose", "channel": "choice"},
             {"text": "Telefon orqali.", "channel": "phone", "submitted_for": "Karimov Anvar"}, api=False),
    Endpoint("page_follow", "follow-post", "POST", f"{P}/{{public_discussion}}/follow/", "citizen",
             {"follow": "short"}, api=False),
    Endpoint("page_draft_vote", "draft-vote-post", "POST", f"{P}/{{public_discussion}}/vote/", "citizen",
             {"vote": "choice"}, api=False),
    Endpoint("page_comment_vote", "comment-vote-post", "POST", "/comments/{discussion_comment}/vote/", "moderator",
             {"vote": "choice", "next": "prose"}, {"vote": "for"}, api=False),
    Endpoint("page_conclusion", "conclusion-post", "POST", f"{P}/{{expert_review}}/conclusion/", "expert",
             {"verdict": "choice", "text": "prose", "group": "int"}, {"verdict": "positive", "text": "Ma'qul."},
             api=False),
    Endpoint("page_assign_group_on_draft", "expert-group-post", "POST", f"{P}/{{draft}}/expert-groups/", "drafter",
             {"group": "int"}, api=False),
    Endpoint("page_reject", "transition-post", "POST", f"{P}/{{approval}}/transitions/reject/", "approver",
             {"reason": "prose", "expected_status": "tiny"}, api=False),
    Endpoint("page_approve", "transition-post", "POST", f"{P}/{{approval}}/transitions/approve/", "approver",
             {"number": "short", "approved_on": "date"}, {"number": "77", "approved_on": "2026-01-05"}, api=False),
    Endpoint("page_extend", "transition-post", "POST", f"{P}/{{public_discussion}}/transitions/extend_discussion/",
             "moderator", {"discussion_ends_at": "date"}, api=False),
    Endpoint("page_moderate", "moderation-post", "POST", "/comments/{pending_comment}/moderation/", "moderator",
             {"decision": "choice", "reason": "text"}, {"decision": "reject", "reason": "Yo'q."}, api=False),
    Endpoint("moderation_filters", "moderation-page", "GET", "/work/moderation/", "moderator",
             {"draft": "int", "older_than": "short", "channel": "choice", "order": "short", "behalf-draft": "int"},
             api=False),
    Endpoint("page_moderate_many", "moderation-many-post", "POST", "/work/moderation/decisions/", "moderator",
             {"ids": "int", "decision": "choice", "reason": "text"},
             {"ids": "{pending_comment}", "decision": "reject", "reason": "Yo'q."}, api=False),
    Endpoint("page_on_behalf", "on-behalf-post", "POST", "/work/moderation/on-behalf/", "moderator",
             {"behalf-draft": "int", "behalf-article": "int", "behalf-submitted_for": "prose",
              "behalf-channel": "choice", "behalf-text": "text"},
             {"behalf-draft": "{public_discussion}", "behalf-channel": "phone",
              "behalf-submitted_for": "Karimov Anvar", "behalf-text": "Telefon orqali."}, api=False),
    Endpoint("page_comment_edit", "comment-edit-page", "POST", "/me/comments/{pending_comment}/edit/", "citizen",
             {"text": "text", "article": "int"}, {"text": "Tahrir."}, api=False),
    Endpoint("page_respond", "response-post", "POST", "/comments/{published_comment}/response/", "drafter",
             {"decision": "tiny", "text": "prose"}, {"decision": "accepted", "text": "Qabul qilindi."}, api=False),
    Endpoint("page_draft_new", "draft-new", "POST", "/work/drafts/new/", "drafter",
             {"title": "prose", "act_type": "int", "issuing_body": "short", "language": "choice", "body": "prose",
              "explanatory_note": "short"},
             {"title": "Yangi", "act_type": "{act_type}", "issuing_body": "{issuing_body}", "language": "uz-latn",
              "body": "1. Matn."}, api=False),
    Endpoint("page_draft_edit", "draft-edit", "POST", "/work/drafts/{draft}/edit/", "drafter",
             {"title": "prose", "body": "short", "act_type": "short"},
             {"title": "Yangi", "act_type": "{act_type}", "issuing_body": "{issuing_body}", "language": "uz-latn",
              "body": "1. Matn."}, api=False),
    Endpoint("page_assign_group", "draft-edit", "POST", "/work/drafts/{draft}/edit/", "drafter", {"group": "int"},
             {"assign_group": "1"}, api=False),
    Endpoint("library_page", "library", "GET", "/media-library/", None,
             {"q": "text", "kind": "short", "tag": "prose", "date_from": "date", "date_to": "date", "language": "tiny",
              "page": "int"}, api=False),
    Endpoint("material_page", "material-page", "GET", "/media-library/{material}/", None, {"x": "tiny"}, api=False),
    Endpoint("material_new_page", "material-new", "GET", "/media-library/new/", "media_editor", {"x": "tiny"},
             api=False),
    Endpoint("page_material_new", "material-new", "POST", "/media-library/new/", "media_editor",
             {"kind": "choice", "title": "prose", "description": "text", "date": "date", "tags": "prose",
              "author_or_source": "short", "language": "choice", "text": "prose", "drafts": "int"},
             {"kind": "text", "title": "Yangi", "date": "2025-01-01", "language": "uz-latn", "text": "Matn."},
             api=False),
    Endpoint("page_material_edit", "material-edit", "POST", "/media-library/{material}/edit/", "media_editor",
             {"title": "prose", "date": "date", "tags": "text", "drafts": "int"},
             {"kind": "photo", "title": "Yangi", "date": "2025-01-01", "language": "uz-latn"}, api=False),
]
# fmt: on
ENDPOINTS = {e.name: e for e in API + PAGES}


def field_cases() -> list[tuple[str, str, str]]:
    """(endpoint, field, value) for every field of every endpoint and every value of the field's kind."""
    cases = []
    for endpoint in ENDPOINTS.values():
        for name, kind in endpoint.fields.items():
            json_values, form_values = KINDS[kind]
            values = json_values if endpoint.encoding == "json" else form_values
            for value in values:
                if (value.as_json() if endpoint.encoding == "json" else value.as_form()) is not None:
                    cases.append((endpoint.name, name, value.name))
    return cases
