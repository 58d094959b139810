"""The only way the PDF renderer reads anything: our own asset files, nothing else."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

ASSETS = (Path(__file__).resolve().parent / "assets").resolve()
ASSETS_URL = ASSETS.as_uri() + "/"


class RefusedURL(ValueError):
    """A URL outside our assets; WeasyPrint leaves the resource out and renders on."""


class AssetsOnlyFetcher(URLFetcher):
    """Serves files under publishing/pdf/assets and refuses every other URL: no network, no other file.

    Text typed by users is escaped before it reaches the renderer; this is the second wall, so
    that even injected markup cannot make the renderer read /etc/passwd or call a server.
    """

    def __init__(self):
        super().__init__(allowed_protocols=["file"], allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" and not parts.netloc else None
        if path is None or not path.is_relative_to(ASSETS) or not path.is_file():
            self.refused.append(url)
            raise RefusedURL(f"Refused to fetch {url!r}: the renderer reads only its own assets.")
        return URLFetcherResponse(path.as_uri(), body=path.read_bytes(), headers={"Content-Type": _content_type(path)})


def _content_type(path: Path) -> str:
    return {".css": "text/css", ".ttf": "font/ttf", ".png": "image/png", ".svg": "image/svg+xml"}.get(
        path.suffix, "application/octet-stream"
    )
