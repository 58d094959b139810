"""Searching as a user: the engine's hits, checked against what the user may open, with snippets."""

from dataclasses import dataclass, field
from functools import lru_cache

from comments.models import Comment
from drafts.labels import provision_name
from drafts.selectors import draft_list_visible_to
from drafts.structure import parse
from kernel.roles import Role, has_role, is_administrator
from library.models import Material
from search.backends import get_backend
from search.backends.base import SearchRequest, Viewer
from search.documents import group_ids_of
from search.folding import terms
from search.highlight import highlight, matching_words

MAX_HIGHLIGHTS = 3
# The fields of a draft that a result shows or cuts its snippets from (read as a named row: `draft.title`).
DRAFT_SHOWN = ("pk", "title", "status", "act_type_id", "number", "language", "body", "explanatory_note")
# Texts whose structure is kept in memory (_provisions): how many, and up to what length (at most ~25 MB).
STRUCTURES_KEPT = 128
KEPT_TEXT_LENGTH = 100_000
# A hit whose match is only in its title is shown with the first words of its text.
LEAD_WORDS = 30


@dataclass
class Result:
    """A found draft, comment or library material, as the API shows it."""

    type: str
    id: int
    draft: int | None
    title: str
    status: str
    act_type: int | None
    number: str | None
    score: float
    highlights: list[dict] = field(default_factory=list)
    # The first words of the text (not in the API): what the results page shows when no snippet matched.
    lead: str = ""
    # The page that shows it.
    url: str = ""
    # A material's kind (text, photo, audio, video).
    material_kind: str | None = None


def viewer_for(user) -> Viewer:
    """What the engine needs to know to show the user only what they may open."""
    if not user.is_authenticated:
        return Viewer(user_id=None, sees_everything=False, user=user)
    return Viewer(
        user_id=user.pk,
        sees_everything=is_administrator(user) or has_role(user, Role.APPROVERS),
        group_ids=tuple(group_ids_of(user)),
        user=user,
    )


def search_for(user, request: SearchRequest) -> dict:
    """A page of results the user may open, with highlights that point to articles, facets and a total."""
    result = get_backend().search(request, viewer_for(user))
    draft_ids = {hit.draft_id for hit in result.hits}
    # Checked again here: an index a moment behind the database never shows what is no longer visible.
    # Only what a result shows, unordered (the hits give the order) and without the reference rows.
    # Plain rows, not model instances: building a model (its state machine's fields) costs more than its row.
    shown = draft_list_visible_to(user).filter(pk__in=draft_ids).select_related(None).order_by()
    drafts = {d.pk: d for d in shown.values_list(*DRAFT_SHOWN, named=True)} if draft_ids else {}
    comment_ids = [hit.comment_id for hit in result.hits if hit.comment_id]
    comments = (
        dict(Comment.objects.filter(pk__in=comment_ids).order_by().values_list("pk", "text")) if comment_ids else {}
    )
    # Only published materials are indexed; one withdrawn a moment ago is not shown.
    material_ids = [hit.material_id for hit in result.hits if hit.material_id]
    materials = Material.objects.filter(status=Material.Status.PUBLISHED).in_bulk(material_ids) if material_ids else {}
    query_terms = set(terms(request.query))
    results = []
    for hit in result.hits:
        if hit.kind == "material":
            if (material := materials.get(hit.material_id)) is not None:
                results.append(_material_result(material, hit.score, query_terms))
            continue
        draft = drafts.get(hit.draft_id)
        if draft is None:
            continue
        if hit.kind == "comment":
            text = comments.get(hit.comment_id)
            if text is None:
                continue
            fragment = highlight(text, query_terms)
            marks = [{"field": "comment", "article": None, "label": None, "fragment": fragment or text[:180]}]
            results.append(_result("comment", hit.comment_id, draft, hit.score, marks, lead(text)))
        else:
            marks = _draft_highlights(draft, query_terms)
            results.append(_result("draft", draft.pk, draft, hit.score, marks, lead(draft.body)))
    return {
        "count": result.total,
        "count_exact": result.exact,
        "results": results,
        "facets": result.facets,
        "suggestion": result.suggestion,
    }


def lead(text: str, words: int = LEAD_WORDS) -> str:
    """The first `words` words of the text, with an ellipsis when it goes on."""
    found = text.split(maxsplit=words)  # the rest stays one piece, however long the text
    return " ".join(found[:words]) + ("…" if len(found) > words else "")


def _result(kind: str, pk: int, draft: tuple, score: float, marks: list[dict], opening: str) -> Result:
    url = f"/drafts/{draft.pk}/" + (f"#comment-{pk}" if kind == "comment" else "")
    return Result(
        kind, pk, draft.pk, draft.title, draft.status, draft.act_type_id, draft.number, score, marks, opening, url
    )


def _material_result(material: Material, score: float, query_terms: set[str]) -> Result:
    marks = []
    for name in ("title", "description", "text"):
        if len(marks) < MAX_HIGHLIGHTS and (fragment := highlight(getattr(material, name), query_terms)):
            marks.append({"field": name, "article": None, "label": None, "fragment": fragment})
    return Result(
        type="material",
        id=material.pk,
        draft=None,
        title=material.title,
        status=material.status,
        act_type=None,
        number=None,
        score=score,
        highlights=marks,
        lead=lead(material.description or material.text),
        url=f"/media-library/{material.pk}/",
        material_kind=material.kind,
    )


def _draft_highlights(draft: tuple, query_terms: set[str]) -> list[dict]:
    marks = []
    if fragment := highlight(draft.title, query_terms):
        marks.append({"field": "title", "article": None, "label": None, "fragment": fragment})
    # The text's own words that meet the query; a provision without one of them is not read for a snippet.
    found = matching_words(draft.body, query_terms)
    for key, label, text in _provisions(draft.body, draft.language) if found else ():
        if len(marks) >= MAX_HIGHLIGHTS:
            break
        if any(word in text for word in found) and (fragment := highlight(text, query_terms)):
            marks.append({"field": "article", "article": key, "label": label, "fragment": fragment})
    if len(marks) < MAX_HIGHLIGHTS and (fragment := highlight(draft.explanatory_note, query_terms)):
        marks.append({"field": "explanatory_note", "article": None, "label": None, "fragment": fragment})
    return marks


def _provisions(body: str, language: str) -> tuple[tuple[str, str, str], ...]:
    """Each provision of a text: its key, its name and its words. Reading a structure costs about a
    millisecond a page, so the structures of the texts found most often are kept (per process, keyed by
    the text itself, so that an edited text is read again); a long text is read each time, to bound memory."""
    if len(body) > KEPT_TEXT_LENGTH:
        return _read_provisions(body, language)
    return _kept_provisions(body, language)


def _read_provisions(body: str, language: str) -> tuple[tuple[str, str, str], ...]:
    """Each provision with its own words only: a point's text holds its sub-points' (`p-2` holds `p-2.a`), and
    a match in a sub-point is shown once, under the sub-point that says where it is."""
    provisions = parse(body).provisions
    read = []
    for at, provision in enumerate(provisions):
        own, prefix = provision.text, f"{provision.key}."
        # Its sub-provisions follow it, in the order of the text.
        after = at + 1
        while after < len(provisions) and provisions[after].key.startswith(prefix):
            own = own.replace(provisions[after].text, "", 1) if provisions[after].text else own
            after += 1
        read.append((provision.key, provision_name(provision, language), f"{provision.heading}\n{own}".strip()))
    return tuple(read)


_kept_provisions = lru_cache(maxsize=STRUCTURES_KEPT)(_read_provisions)
