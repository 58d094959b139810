"""HTML to PDF with WeasyPrint, locked down to our own assets."""

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from publishing.pdf.fetcher import ASSETS_URL, AssetsOnlyFetcher


def render_pdf(html: str, *, archival: bool = False) -> bytes:
    """The PDF of an HTML document whose relative URLs point into publishing/pdf/assets.

    `archival` asks for PDF/A-3b (fonts embedded, metadata in XMP) for the official copy.
    """
    fetcher = AssetsOnlyFetcher()
    document = HTML(string=html, base_url=ASSETS_URL, url_fetcher=fetcher)
    return document.write_pdf(
        font_config=FontConfiguration(),
        pdf_variant="pdf/a-3b" if archival else None,
        optimize_images=True,
    )
