"""The summary of proposals: every published comment and remark with its response and supporters, by article,
and the draft's support and opposition (brief §4, issue 14)."""

from collections import Counter

from django.utils.translation import gettext as _

from comments.models import Comment, Decision, Kind, Status
from comments.permissions import can_see_expert_material
from comments.selectors import draft_votes_of, with_comment_votes
from drafts.labels import provision_name
from kernel.errors import StateConflict
from kernel.states import State

# From finalization on, the summary is published with the final text.
PUBLIC_SUMMARY_STATES = {State.FINALIZATION, State.APPROVAL, State.APPROVED}


def summary_is_public(draft) -> bool:
    """Whether anyone who sees the draft may read its summary of proposals."""
    return draft.status in PUBLIC_SUMMARY_STATES or (
        draft.status in (State.REJECTED, State.WITHDRAWN) and draft.terminated_from in PUBLIC_SUMMARY_STATES
    )


def _counts(comments) -> dict:
    decisions = Counter(getattr(getattr(c, "response", None), "decision", "unanswered") for c in comments)
    kinds = Counter(c.kind for c in comments)
    return {
        "comments": len(comments),
        "public": kinds[Kind.PUBLIC],
        "expert": kinds[Kind.EXPERT],
        **{d: decisions[d] for d in Decision.values},
        "unanswered": decisions["unanswered"],
    }


def build_summary(user, draft) -> dict:
    """The summary as the user may read it: expert remarks only for those who may see expert material."""
    staff = can_see_expert_material(user, draft)
    if not staff and not summary_is_public(draft):
        raise StateConflict(
            _("The summary of proposals is published with the final text, once the discussion is closed.")
        )
    kinds = [Kind.PUBLIC, Kind.EXPERT] if staff else [Kind.PUBLIC]
    comments = list(
        with_comment_votes(
            Comment.objects.filter(draft=draft, status=Status.PUBLISHED, kind__in=kinds)
            .select_related("article", "version", "author", "group", "response")
            .order_by("created_at", "id"),
            user,
        )
    )
    groups: dict = {}
    for comment in comments:
        article = comment.article
        key = article.key if article else None
        group = groups.setdefault(
            key,
            {
                "key": key,
                # Articles keep the act's own numbering; the whole-draft group is named in the reader's language.
                "label": provision_name(article, draft.language) if article else _("The draft as a whole"),
                "heading": article.heading if article else "",
                "position": article.position if article else -1,
                "comments": [],
            },
        )
        group["comments"].append(comment)
    articles = sorted(groups.values(), key=lambda g: g["position"])
    for group in articles:
        group["counts"] = _counts(group["comments"])
    return {
        "draft": draft,
        "counts": _counts(comments),
        # Support and opposition of the draft, and each comment's supporters: frozen once the discussion closed.
        "votes": draft_votes_of(user, draft.pk),
        "articles": articles,
        "includes_expert_remarks": staff,
    }
