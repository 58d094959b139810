"""The statistics pages: a draft's discussion in figures, and every discussion of a year."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from kernel.errors import InvalidArguments, NotVisible, StateConflict
from portal.refusals import refusal_text
from surveys.permissions import discussion_over
from surveys.presentation import question_charts
from surveys.selectors import survey_of
from workflow.statistics import FIRST_YEAR, draft_statistics, statistics_charts, year_of, year_statistics


def draft_statistics_page(request, draft_id: int):
    """Charts, each with its table, of one draft's discussion, with the survey's results."""
    try:
        stats = draft_statistics(request.user, draft_id)
    except NotVisible:
        raise Http404 from None
    except StateConflict as refusal:
        return render(request, "refusal.html", {"message": refusal.message}, status=409)
    draft = stats.draft
    survey = survey_of(draft)
    results = stats.surveys[0] if stats.surveys else None
    context = {
        "draft": draft,
        "stats": stats,
        "charts": statistics_charts(stats),
        "discussion_over": discussion_over(draft),
        "has_survey": survey is not None,
        "survey_title": survey.title_shown() if survey else "",
        "results": results,
        "survey_charts": question_charts(results) if results else [],
        "year": timezone.localdate(draft.discussion_ends_at).year,
    }
    return render(request, "portal/statistics.html", context)


def year_statistics_page(request):
    """The same figures across every discussion of a year (`?year=`), per month and per draft."""
    try:
        year = year_of(request.GET.get("year"))
    except InvalidArguments as error:
        return render(request, "refusal.html", {"message": refusal_text(error)}, status=400)
    stats = year_statistics(request.user, year)
    this_year = timezone.localdate().year
    context = {
        "year": year,
        "years": list(range(this_year, max(FIRST_YEAR, this_year - 10) - 1, -1)),
        "stats": stats,
        "charts": statistics_charts(stats),
        "surveys": [{"results": r, "charts": question_charts(r)} for r in stats.surveys],
    }
    return render(request, "portal/statistics_year.html", context)
