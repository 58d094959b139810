"""The summary of proposals: every published comment and remark with its response and supporters, by article,
and the draft's support and opposition (brief §4, issue 14)."""

from collections import Counter

from django.utils.translation import gettext as _

from comments import campaigns
from comments.models import Comment, Decision, Kind, RespondentType, Status
from comments.permissions import can_see_expert_material
from comments.selectors import draft_votes_of, public_author_name, with_comment_votes
from drafts.labels import provision_name
from drafts.sections import summary_sections
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
        # A campaign is one line of the summary signed by many (comments.campaigns.collapse).
        "signatories": sum(getattr(c, "signatories", 1) for c in comments),
        "public": kinds[Kind.PUBLIC],
        "expert": kinds[Kind.EXPERT],
        **{d: decisions[d] for d in Decision.values},
        "unanswered": decisions["unanswered"],
    }


def _by_respondent_type(comments) -> list[dict]:
    """How many public comments came from individuals, businesses, NGOs, state bodies and academic bodies."""
    counted = Counter(c.respondent_type for c in comments if c.kind == Kind.PUBLIC)
    return [{"respondent_type": t.value, "label": t.label, "count": counted[t.value]} for t in RespondentType]


def build_summary(user, draft) -> dict:
    """The summary as the user may read it: expert remarks only for those who may see expert material.
    Replies between participants are no proposals and are left out. Authors are named as the public reads
    them (public_author_name without a viewer), whoever asks: the summary is published with the final text,
    and a drafter's copy must be publishable as it is."""
    staff = can_see_expert_material(user, draft)
    if not staff and not summary_is_public(draft):
        raise StateConflict(
            _("The summary of proposals is published with the final text, once the discussion is closed.")
        )
    kinds = [Kind.PUBLIC, Kind.EXPERT] if staff else [Kind.PUBLIC]
    comments = list(
        with_comment_votes(
            Comment.objects.filter(draft=draft, status=Status.PUBLISHED, kind__in=kinds, parent__isnull=True)
            .select_related("article", "version", "author", "group", "response", "campaign")
            .order_by("created_at", "id"),
            user,
        )
    )
    comments = campaigns.collapse(comments)
    groups: dict = {}
    for comment in comments:
        comment.public_author = public_author_name(comment)
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
        "respondent_types": _by_respondent_type(comments),
        "includes_expert_remarks": staff,
        # What higher apps add (the survey's results, the discussion's figures), registered in drafts.sections.
        "sections": summary_sections(user, draft),
    }
