"""The interface every search backend implements, and the shapes of a search and its answer."""

from dataclasses import dataclass, field

from search.documents import SearchDocument

FACETS = ("status", "act_type", "issuing_body", "year")


@dataclass(frozen=True)
class Viewer:
    """Who searches: everything they may open, and nothing else, can be found."""

    user_id: int | None
    sees_everything: bool
    group_ids: tuple[int, ...] = ()
    user: object = None


@dataclass(frozen=True)
class SearchRequest:
    """A query with its filters and the page wanted."""

    query: str
    status: tuple[str, ...] = ()
    act_type: tuple[int, ...] = ()
    issuing_body: tuple[int, ...] = ()
    year: tuple[int, ...] = ()
    page: int = 1
    page_size: int = 20


@dataclass
class Hit:
    """One found document, best first."""

    key: str
    kind: str
    draft_id: int | None
    comment_id: int | None
    score: float
    material_id: int | None = None


@dataclass
class SearchResult:
    """A page of hits (drafts, comments, materials), the total (exact up to a cap), facet counts (drafts only; from
    the first `cap` matches beyond it), and perhaps a better spelling."""

    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str | None = None
    # False when more documents match than `total` says (settings.SEARCH_COUNT_CAP): "more than N".
    exact: bool = True


class SearchBackend:
    """Index documents and answer searches; the engine may be down, and then it raises."""

    name = "base"

    def __init__(self, url: str = ""):
        self.url = url

    def replace_drafts(self, draft_ids: set[int], documents: list[SearchDocument]) -> None:
        """Makes the index hold exactly `documents` for these drafts (none for a deleted draft)."""
        raise NotImplementedError

    def replace_comments(self, comment_ids: set[int], documents: list[SearchDocument]) -> None:
        """Makes the index hold exactly `documents` for these comments (none for one no longer published)."""
        raise NotImplementedError

    def replace_materials(self, material_ids: set[int], documents: list[SearchDocument]) -> None:
        """Makes the index hold exactly `documents` for these materials (none for an unpublished or deleted one)."""
        raise NotImplementedError

    def search(self, request: SearchRequest, viewer: Viewer) -> SearchResult:
        """The hits the viewer may open, ranked, with facets."""
        raise NotImplementedError

    def rebuild(self, batches) -> None:
        """Replaces the whole index with the documents of `batches` (an iterable of document lists)."""
        raise NotImplementedError

    def indexed_keys(self) -> set[str]:
        """Every key in the index (for checks after an outage)."""
        raise NotImplementedError

    def tidy(self) -> int:
        """Keeps the engine's own aids current, now and then (the catch-up): how many it keeps."""
        return 0

    def ping(self, timeout: float) -> bool:
        """Whether the engine answers within `timeout` seconds (the readiness check); never raises."""
        return True
