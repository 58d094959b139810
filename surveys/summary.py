"""The survey's part of the summary of proposals (registered with drafts.sections in SurveysConfig.ready)."""

from drafts.sections import SummarySection
from surveys.presentation import question_charts, results_data
from surveys.selectors import results_visible_to, survey_of

# The PDF's own font (publishing/pdf/assets/official.css), named so that the charts' text uses it too.
PDF_FONT = "Official Serif, serif"


def survey_section(user, draft) -> SummarySection | None:
    """The survey's results when the draft has a survey and the reader may see its results."""
    survey = survey_of(draft)
    if survey is None:
        return None
    results = results_visible_to(user, survey)
    if results is None:
        return None

    def draw(pdf: bool) -> dict:
        # Read again in the language being rendered: the PDF shows questions in the act's language.
        shown = results_visible_to(user, survey_of(draft))
        return {"results": shown, "charts": question_charts(shown, font_family=PDF_FONT if pdf else None)}

    return SummarySection(
        key="survey",
        data=results_data(results),
        page_template="surveys/summary_section.html",
        pdf_template="surveys/summary_section_pdf.html",
        draw=draw,
    )
