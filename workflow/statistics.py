"""The figures of a public discussion, per draft and across a year (issue 14): comments, votes and survey
answers per day, comments per article (a heat strip over the text), per respondent type, the drafters'
decisions, the survey's results and the share of comments that came in form-letter campaigns.

Here, above comments, drafts and surveys, because it reads all three (comments may not import surveys).
It counts only what any reader may see: published public proposals (no expert remarks, no pending,
rejected, withdrawn or hidden comment, no reply), vote totals (never voters), a survey's results only
when the reader may see them; it names no author. Each figure is one grouped query, whatever the volume.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from comments.models import Comment, Decision, DraftVote, DraftVoteChoice, Kind, RespondentType, Status
from drafts.sections import SummarySection
from drafts.selectors import access_draft, draft_list_visible_to
from kernel.charts import PALETTE, Series, bar_chart, column_chart, heat_strip, share_bar
from kernel.errors import InvalidArguments, StateConflict
from kernel.states import State
from surveys.models import SurveyResponse
from surveys.presentation import results_data
from surveys.selectors import results_visible_to, survey_of
from workflow.models import TransitionRecord

# A year page covers discussions whose deadline falls in the year; earlier years have no discussions here.
FIRST_YEAR, LAST_YEAR = 2000, 2100
UNANSWERED = "unanswered"


def proposals_visible(drafts_or_draft) -> QuerySet[Comment]:
    """Published public proposals (not replies) of a draft or of a queryset of drafts."""
    comments = Comment.objects.filter(kind=Kind.PUBLIC, status=Status.PUBLISHED, parent__isnull=True)
    if isinstance(drafts_or_draft, QuerySet):
        return comments.filter(draft__in=drafts_or_draft.values("pk"))
    return comments.filter(draft=drafts_or_draft)


@dataclass
class Statistics:
    """The figures of one draft's discussion, or of every discussion of a year the reader may open."""

    title: str
    proposals: int = 0
    votes_for: int = 0
    votes_against: int = 0
    survey_respondents: int = 0
    # Per day (a draft) or per month (a year): the periods' labels and the three series.
    periods: list = field(default_factory=list)
    period_kind: str = "day"
    comments_per_period: list = field(default_factory=list)
    votes_per_period: list = field(default_factory=list)
    answers_per_period: list = field(default_factory=list)
    # A draft: its articles in the order of the text, each {key, label, heading, count}, and the whole-draft count.
    articles: list = field(default_factory=list)
    whole_draft: int = 0
    # A year: each discussion's {id, title, count}.
    drafts: list = field(default_factory=list)
    respondent_types: list = field(default_factory=list)  # (value, label, count)
    decisions: list = field(default_factory=list)  # (value, label, count), unanswered last
    in_campaigns: int = 0
    campaigns: int = 0
    surveys: list = field(default_factory=list)  # SurveyResults the reader may see
    draft: object = None
    year: int | None = None


def _counts_by(comments: QuerySet, column: str) -> dict:
    return {row[column]: row["n"] for row in comments.order_by().values(column).annotate(n=Count("pk"))}


def _shared_figures(stats: Statistics, comments: QuerySet, votes: QuerySet) -> None:
    by_type = _counts_by(comments, "respondent_type")
    stats.respondent_types = [(value, str(label), by_type.get(value, 0)) for value, label in RespondentType.choices]
    by_decision = _counts_by(comments, "response__decision")
    stats.decisions = [(value, str(label), by_decision.get(value, 0)) for value, label in Decision.choices]
    stats.decisions.append((UNANSWERED, _("No answer yet"), by_decision.get(None, 0)))
    stats.proposals = sum(by_type.values())
    campaign = comments.aggregate(
        members=Count("pk", filter=Q(campaign__isnull=False)), campaigns=Count("campaign", distinct=True)
    )
    stats.in_campaigns, stats.campaigns = campaign["members"], campaign["campaigns"]
    by_vote = _counts_by(votes, "vote")
    stats.votes_for, stats.votes_against = by_vote.get(DraftVoteChoice.FOR, 0), by_vote.get(DraftVoteChoice.AGAINST, 0)


def _series(rows, periods: list, column: str) -> list[int]:
    counted = {row[column]: row["n"] for row in rows}
    return [counted.get(period, 0) for period in periods]


def _per_day(queryset: QuerySet, moment: str, days: list) -> list[int]:
    tz = timezone.get_current_timezone()
    rows = queryset.order_by().annotate(day=TruncDate(moment, tzinfo=tz)).values("day").annotate(n=Count("pk"))
    return _series(rows, days, "day")


def _opened_on(draft) -> datetime.date | None:
    """The day the discussion was (last) opened, from the record."""
    opened = (
        TransitionRecord.objects.filter(draft=draft, target=State.PUBLIC_DISCUSSION, source=State.EXPERT_REVIEW)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    return timezone.localdate(opened) if opened else None


def draft_statistics(user, draft_id) -> Statistics:
    """The figures of a draft the user may open, from its discussion on; 409 before it was ever discussed."""
    draft = access_draft(user, draft_id)
    if draft.discussion_ends_at is None:
        raise StateConflict(_("Statistics begin with the public discussion; this draft has not been discussed yet."))
    comments = proposals_visible(draft)
    votes = DraftVote.objects.filter(draft=draft)
    stats = Statistics(title=draft.title)
    stats.draft = draft
    _shared_figures(stats, comments, votes)

    first = _opened_on(draft) or timezone.localdate(draft.discussion_ends_at)
    last = min(timezone.localdate(), timezone.localdate(draft.discussion_ends_at))
    days = [first + datetime.timedelta(days=i) for i in range(max((last - first).days, 0) + 1)]
    stats.periods = days
    stats.comments_per_period = _per_day(comments, "created_at", days)
    stats.votes_per_period = _per_day(votes, "cast_at", days)
    survey = survey_of(draft)
    results = results_visible_to(user, survey) if survey else None
    if results is not None:
        stats.surveys = [results]
        stats.survey_respondents = results.respondents
        stats.answers_per_period = _per_day(SurveyResponse.objects.filter(survey=survey), "submitted_at", days)

    by_article = _counts_by(comments, "article__key")
    stats.whole_draft = by_article.pop(None, 0)
    version = draft.versions.filter(is_public=True).order_by("-number").first()
    articles = list(version.articles.order_by("position")) if version else []
    stats.articles = [
        {"key": a.key, "label": a.label, "number": a.number, "heading": a.heading, "count": by_article.get(a.key, 0)}
        for a in articles
    ]
    return stats


def year_of(value) -> int:
    """The year asked for (`?year=`), this year when none; 400 when it is not a plausible year."""
    if value in (None, ""):
        return timezone.localdate().year
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise InvalidArguments({"year": _("Give the year as four digits, such as 2026.")}) from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidArguments(
            {"year": _("Give a year between %(first)d and %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR}}
        )
    return year


def year_statistics(user, year: int) -> Statistics:
    """The figures of every discussion whose deadline falls in the year, of the drafts the user may open."""
    drafts = draft_list_visible_to(user).filter(discussion_ends_at__year=year)
    comments = proposals_visible(drafts)
    votes = DraftVote.objects.filter(draft__in=drafts.values("pk"))
    stats = Statistics(title=str(year), period_kind="month")
    stats.year = year
    _shared_figures(stats, comments, votes)
    tz = timezone.get_current_timezone()
    months = [datetime.date(year, m, 1) for m in range(1, 13)]
    stats.periods = months

    def per_month(queryset, moment):
        rows = queryset.order_by().annotate(month=TruncMonth(moment, tzinfo=tz)).values("month").annotate(n=Count("pk"))
        return _series(({"month": _as_date(r["month"]), "n": r["n"]} for r in rows), months, "month")

    stats.comments_per_period = per_month(comments, "created_at")
    stats.votes_per_period = per_month(votes, "cast_at")
    per_draft = _counts_by(comments, "draft_id")
    listed = list(drafts.order_by("discussion_ends_at", "pk").values_list("pk", "title"))
    stats.drafts = [{"id": pk, "title": title, "count": per_draft.get(pk, 0)} for pk, title in listed]
    by_draft = {pk: title for pk, title in listed}
    for draft in drafts.filter(survey__isnull=False).select_related("survey"):
        survey = survey_of(draft)
        results = results_visible_to(user, survey) if survey else None
        if results is not None:
            results.draft_title = by_draft.get(draft.pk, "")
            results.draft_id = draft.pk
            stats.surveys.append(results)
            stats.survey_respondents += results.respondents
    answered = SurveyResponse.objects.filter(survey__in=[r.survey_id for r in stats.surveys])
    stats.answers_per_period = per_month(answered, "submitted_at")
    return stats


def _as_date(value) -> datetime.date | None:
    return value.date() if isinstance(value, datetime.datetime) else value


def statistics_data(stats: Statistics) -> dict:
    """The figures as JSON (the API's body and the summary's section)."""
    periods = [p.isoformat() if stats.period_kind == "day" else p.strftime("%Y-%m") for p in stats.periods]
    data = {
        "proposals": stats.proposals,
        "votes": {"for": stats.votes_for, "against": stats.votes_against},
        "survey_respondents": stats.survey_respondents,
        f"per_{stats.period_kind}": [
            {stats.period_kind: p, "comments": c, "votes": v, "survey_answers": a}
            for p, c, v, a in zip(
                periods,
                stats.comments_per_period,
                stats.votes_per_period,
                stats.answers_per_period or [0] * len(periods),
                strict=True,
            )
        ],
        "respondent_types": {value: n for value, _label, n in stats.respondent_types},
        "decisions": {value: n for value, _label, n in stats.decisions},
        "campaigns": {"count": stats.campaigns, "comments": stats.in_campaigns},
        "surveys": [results_data(r) for r in stats.surveys],
    }
    if stats.period_kind == "day":
        data["articles"] = [{"key": a["key"], "label": a["label"], "count": a["count"]} for a in stats.articles]
        data["whole_draft"] = stats.whole_draft
    else:
        data["drafts"] = stats.drafts
    return data


@dataclass
class Chart:
    """A drawn chart and the rows of its table alternative (header cells, then rows of cells)."""

    key: str
    title: str
    svg: str
    header: list
    rows: list


def _period_label(period: datetime.date, kind: str) -> str:
    return period.strftime("%d.%m") if kind == "day" else period.strftime("%m.%Y")


def statistics_charts(stats: Statistics, *, font_family: str | None = None) -> list[Chart]:
    """Every chart of the figures, each with its table, in the reader's language."""
    charts = []
    labels = [_period_label(p, stats.period_kind) for p in stats.periods]
    series = [
        Series(_("Comments"), stats.comments_per_period, PALETTE[0]),
        Series(_("Votes"), stats.votes_per_period, PALETTE[3]),
    ]
    if stats.surveys:
        series.append(Series(_("Survey answers"), stats.answers_per_period, PALETTE[1]))
    when = _("Day") if stats.period_kind == "day" else _("Month")
    title = _("Comments and votes per day") if stats.period_kind == "day" else _("Comments and votes per month")
    busiest = max(range(len(labels)), key=lambda i: stats.comments_per_period[i], default=None)
    desc = ngettext(
        "%(n)d published comment and %(v)d votes over %(days)d periods.",
        "%(n)d published comments and %(v)d votes over %(days)d periods.",
        stats.proposals,
    ) % {"n": stats.proposals, "v": stats.votes_for + stats.votes_against, "days": len(labels)}
    if busiest is not None and stats.comments_per_period[busiest]:
        desc += " " + _("Most comments: %(label)s (%(n)d).") % {
            "label": labels[busiest],
            "n": stats.comments_per_period[busiest],
        }
    rows = [
        [label, *(s.values[i] if i < len(s.values) else 0 for s in series)]
        for i, label in enumerate(labels)
        if any(s.values[i] if i < len(s.values) else 0 for s in series)
    ]
    charts.append(
        Chart(
            "per-period",
            title,
            column_chart(title, desc, labels, series, font_family=font_family),
            [when, *(s.name for s in series)],
            rows,
        )
    )
    if stats.period_kind == "day":
        cells = [(a["number"] or a["label"], a["count"]) for a in stats.articles]
        most = max(stats.articles, key=lambda a: a["count"], default=None)
        title = _("Comments per article")
        desc = _("%(n)d articles in the order of the text, each shaded by its number of comments.") % {"n": len(cells)}
        if most and most["count"]:
            desc += " " + _("Most discussed: %(label)s (%(n)d).") % {"label": most["label"], "n": most["count"]}
        desc += " " + _("On the draft as a whole: %(n)d.") % {"n": stats.whole_draft}
        rows = [[a["label"] + (f". {a['heading']}" if a["heading"] else ""), a["count"]] for a in stats.articles]
        rows.append([_("The draft as a whole"), stats.whole_draft])
        charts.append(
            Chart(
                "articles",
                title,
                heat_strip(title, desc, cells, font_family=font_family),
                [_("Article"), _("Comments")],
                rows,
            )
        )
    else:
        title = _("Comments per discussion")
        pairs = [(d["title"], d["count"]) for d in stats.drafts]
        desc = ngettext("%(n)d discussion.", "%(n)d discussions.", len(pairs)) % {"n": len(pairs)}
        charts.append(
            Chart(
                "drafts",
                title,
                bar_chart(title, desc, pairs, font_family=font_family),
                [_("Draft"), _("Comments")],
                [list(p) for p in pairs],
            )
        )
    # Accepted green, partly blue, not accepted red, unanswered grey; support blue, opposition red.
    decided = (PALETTE[1], PALETTE[0], PALETTE[2], PALETTE[5])
    for key, title, parts, header, colors in (
        (
            "respondents",
            _("Who is speaking"),
            [(label, n) for _v, label, n in stats.respondent_types],
            _("Respondent"),
            PALETTE,
        ),
        (
            "decisions",
            _("The drafters' decisions"),
            [(label, n) for _v, label, n in stats.decisions],
            _("Decision"),
            decided,
        ),
        (
            "votes",
            _("Support and opposition"),
            [(_("Support"), stats.votes_for), (_("Oppose"), stats.votes_against)],
            _("Vote"),
            (PALETTE[0], PALETTE[2]),
        ),
    ):
        desc = "; ".join(f"{label}: {n}" for label, n in parts) + "."
        charts.append(
            Chart(
                key,
                title,
                share_bar(title, desc, parts, colors=colors, font_family=font_family),
                [header, _("Count")],
                [list(p) for p in parts],
            )
        )
    if stats.campaigns:
        title = _("Comments from form-letter campaigns")
        parts = [(_("In campaigns"), stats.in_campaigns), (_("Individual texts"), stats.proposals - stats.in_campaigns)]
        desc = ngettext(
            "%(n)d campaign grouped %(m)d of %(total)d comments.",
            "%(n)d campaigns grouped %(m)d of %(total)d comments.",
            stats.campaigns,
        ) % {"n": stats.campaigns, "m": stats.in_campaigns, "total": stats.proposals}
        charts.append(
            Chart(
                "campaigns",
                title,
                share_bar(title, desc, parts, font_family=font_family),
                [_("Comments"), _("Count")],
                [list(p) for p in parts],
            )
        )
    return charts


# The PDF's own font (publishing/pdf/assets/official.css), named so that the charts' text uses it too.
PDF_FONT = "Official Serif, serif"


def statistics_section(user, draft) -> SummarySection | None:
    """The discussion's figures as a section of the summary of proposals (drafts.sections)."""
    if draft.discussion_ends_at is None:
        return None
    stats = draft_statistics(user, draft.pk)

    def draw(pdf: bool) -> dict:
        # Drawn in the language being rendered: the PDF's labels are in the act's language.
        return {"stats": stats, "charts": statistics_charts(stats, font_family=PDF_FONT if pdf else None)}

    return SummarySection(
        key="statistics",
        data=statistics_data(stats),
        page_template="portal/statistics_section.html",
        pdf_template="pdf/statistics_section.html",
        draw=draw,
    )
