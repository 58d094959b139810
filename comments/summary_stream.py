"""The summary of proposals of a large discussion, streamed: the same JSON as build_summary's, written as it is read.

A national consultation's summary holds a hundred thousand lines; built whole it takes seconds before its
first byte and memory in proportion. Here a first pass over a few columns of each comment counts
everything the head of the answer says (the counts, a campaign's line and signatories, who spoke for
whom), holding only per-article and per-campaign totals; then each article's lines are read in chunks
and written out one by one. Memory stays flat whatever the size; the first byte leaves after the first pass.
"""

import json
from collections import Counter, defaultdict
from collections.abc import Iterator

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from comments.models import Comment, Decision, Kind, RespondentType, Status
from comments.permissions import can_see_expert_material
from comments.selectors import draft_votes_of, public_author_name, with_comment_votes
from comments.serializers import (
    RespondentTypeCountSerializer,
    SummaryCommentSerializer,
    SummaryCountsSerializer,
    SummarySerializer,
)
from comments.summary import summary_is_public
from drafts.labels import provision_name
from drafts.models import Article
from drafts.sections import summary_sections
from kernel.errors import StateConflict

CHUNK = 2000


def _kinds(user, draft) -> list[str]:
    """The kinds the user reads in the summary, or StateConflict as build_summary refuses."""
    staff = can_see_expert_material(user, draft)
    if not staff and not summary_is_public(draft):
        raise StateConflict(
            _("The summary of proposals is published with the final text, once the discussion is closed.")
        )
    return [Kind.PUBLIC, Kind.EXPERT] if staff else [Kind.PUBLIC]


def _lines(draft, kinds):
    return Comment.objects.filter(draft=draft, status=Status.PUBLISHED, kind__in=kinds, parent__isnull=True)


def summary_is_large(user, draft) -> bool:
    """Whether the summary holds enough lines to be streamed (settings.SUMMARY_STREAM_FROM); refuses as build_summary.
    Asks whether the threshold's line exists rather than counting them all: the first byte of a summary of
    100,000 lines waited for that count."""
    threshold = settings.SUMMARY_STREAM_FROM
    lines = _lines(draft, _kinds(user, draft))
    return threshold <= 0 or lines[threshold - 1 :].exists()


def _empty_counts() -> dict:
    return {
        "comments": 0,
        "signatories": 0,
        "public": 0,
        "expert": 0,
        **{d: 0 for d in Decision.values},
        "unanswered": 0,
    }


def _count(counts: dict, kind: str, decision: str | None, signatories: int) -> None:
    counts["comments"] += 1
    counts["signatories"] += signatories
    counts[kind] += 1
    counts[decision or "unanswered"] += 1


def stream_summary(user, draft) -> Iterator[bytes]:
    """The summary's JSON in pieces (checked before the first piece: StateConflict as build_summary)."""
    kinds = _kinds(user, draft)
    lines = _lines(draft, kinds)
    # What needs no count leaves at once; the counts and the other apps' sections (figures over every
    # comment too) follow the first pass, then the lines.
    head = SummarySerializer(
        {
            "draft": draft,
            "counts": _empty_counts(),
            "votes": draft_votes_of(user, draft.pk),
            "articles": [],
            "respondent_types": [],
            "includes_expert_remarks": Kind.EXPERT in kinds,
            "sections": [],
        }
    ).data
    for counted in ("counts", "respondent_types", "articles", "sections"):
        head.pop(counted)
    yield _json(head)[:-1].encode()
    # First pass: a few columns of every comment; campaign members become one line (comments.campaigns.collapse).
    first_article: dict = {}  # each group's article (key None: the draft as a whole), as its first line has it
    totals, by_group, speakers = _empty_counts(), defaultdict(_empty_counts), Counter()
    members: Counter = Counter()
    campaign_line: dict[int, tuple] = {}
    columns = ("pk", "article__key", "article_id", "kind", "respondent_type", "response__decision")
    for row in (
        lines.order_by("created_at", "id")
        .values_list(*columns, "campaign_id", "campaign__canonical_id")
        .iterator(chunk_size=CHUNK * 5)
    ):
        pk, key, article_id, kind, respondent, decision, campaign_id, canonical_id = row
        if campaign_id:
            members[campaign_id] += 1
            if campaign_id not in campaign_line or pk == canonical_id:
                campaign_line[campaign_id] = row[:6]
            continue
        first_article.setdefault(key, article_id)
        for counts in (totals, by_group[key]):
            _count(counts, kind, decision, 1)
        if kind == Kind.PUBLIC:
            speakers[respondent] += 1
    for campaign_id, (_pk, key, article_id, kind, respondent, decision) in campaign_line.items():
        first_article.setdefault(key, article_id)
        for counts in (totals, by_group[key]):
            _count(counts, kind, decision, members[campaign_id])
        if kind == Kind.PUBLIC:
            speakers[respondent] += 1
    line_of = {row[0]: members[campaign_id] for campaign_id, row in campaign_line.items()}

    counted = {
        "counts": SummaryCountsSerializer(totals).data,
        "respondent_types": RespondentTypeCountSerializer(
            [{"respondent_type": t.value, "label": t.label, "count": speakers[t.value]} for t in RespondentType],
            many=True,
        ).data,
        "sections": SummarySerializer().get_sections({"sections": summary_sections(user, draft)}),
    }
    yield b"," + _json(counted)[1:-1].encode() + b', "articles": ['

    # Second pass: each article's lines in the order build_summary gives them, read in chunks.
    articles = Article.objects.in_bulk([pk for pk in first_article.values() if pk])
    keys = sorted(first_article, key=lambda key: articles[first_article[key]].position if key is not None else -1)
    for n, key in enumerate(keys):
        article = articles.get(first_article[key])
        group = {
            "key": key,
            "label": provision_name(article, draft.language) if article else _("The draft as a whole"),
            "heading": article.heading if article else "",
            "counts": by_group[key],
        }
        yield (b"," if n else b"") + _json(group)[:-1].encode() + b', "comments": ['
        rows = lines.filter(article__key=key) if key is not None else lines.filter(article__isnull=True)
        rows = with_comment_votes(
            rows.select_related("article", "version", "author", "group", "response", "campaign").order_by(
                "created_at", "id"
            ),
            user,
        )
        first = True
        for comment in rows.iterator(chunk_size=CHUNK):
            if comment.campaign_id and comment.pk not in line_of:
                continue
            comment.signatories = line_of.get(comment.pk, 1)
            comment.public_author = public_author_name(comment)
            yield (b"" if first else b",") + _json(SummaryCommentSerializer(comment).data).encode()
            first = False
        yield b"]}"
    yield b"]}"


def _json(data) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
