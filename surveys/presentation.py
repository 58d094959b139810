"""The survey's results as charts and plain data, shared by the API, the pages, the summary and its PDF."""

from dataclasses import asdict

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kernel.charts import PALETTE, bar_chart
from surveys.models import QuestionKind
from surveys.selectors import SurveyResults


def results_data(results: SurveyResults) -> dict:
    """The results as JSON: counts per option or scale value, the average of a scale, approved texts."""
    data = asdict(results)
    for question in data["questions"]:
        question["counts"] = [{"label": label, "count": n} for label, n in question["counts"]]
    return data


def question_charts(results: SurveyResults, *, font_family: str | None = None) -> list[dict]:
    """Each question with its bar chart (choice and scale questions; free text is listed, not drawn)."""
    charts = []
    for i, q in enumerate(results.questions):
        if q.kind == QuestionKind.FREE_TEXT:
            charts.append({"q": q, "chart": None})
            continue
        parts = "; ".join(f"{label}: {n}" for label, n in q.counts)
        desc = ngettext("%(n)d person answered. %(parts)s.", "%(n)d people answered. %(parts)s.", q.answered) % {
            "n": q.answered,
            "parts": parts,
        }
        if q.average is not None:
            desc += " " + _("Average: %(avg)s of 5.") % {"avg": q.average}
        charts.append(
            {
                "q": q,
                "chart": bar_chart(
                    q.text, desc, q.counts, color=(PALETTE[0], PALETTE[1])[i % 2], font_family=font_family
                ),
            }
        )
    return charts
