"""What higher apps add to a draft's summary of proposals: the survey's results (surveys), the discussion's
figures (workflow.statistics). The summary is assembled in comments, which may not import those apps, so
each registers a section builder in its AppConfig.ready(), as comments registers votes with
`drafts.selectors.show_drafts_with`."""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class SummarySection:
    """One part of the summary: `data` for the API (JSON), and the templates that draw it on the page and in
    the PDF. Each template gets `section` (the data) and what `draw(pdf)` returns (charts and the like),
    called when the template is rendered, so in the language it is rendered in (the PDF's is the act's)."""

    key: str
    data: dict
    page_template: str
    pdf_template: str
    draw: Callable[[bool], dict] | None = None

    def _render(self, template: str, pdf: bool) -> SafeString:
        return render_to_string(template, {"section": self.data, **(self.draw(pdf) if self.draw else {})})

    @property
    def page_html(self) -> SafeString:
        """Rendered when the page's template reaches it, so in the page's language."""
        return self._render(self.page_template, pdf=False)

    @property
    def pdf_html(self) -> SafeString:
        """Rendered when the PDF's template reaches it, so in the act's language (the PDF overrides it)."""
        return self._render(self.pdf_template, pdf=True)


# Each takes (user, draft) and returns a section, or None when it has nothing the user may read.
_builders: list[Callable[[object, object], SummarySection | None]] = []


def add_to_summary(build: Callable[[object, object], SummarySection | None]) -> None:
    """Registers a section of every summary (at start-up, by a higher app)."""
    if build not in _builders:
        _builders.append(build)


def summary_sections(user, draft) -> list[SummarySection]:
    """The registered sections for this reader, in the order of registration."""
    return [section for build in _builders if (section := build(user, draft)) is not None]
