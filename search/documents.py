"""The documents a draft contributes to the index: itself, and each of its published public comments;
and the document of each published library material."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group
from modeltranslation.utils import build_localized_fieldname

from comments.models import Comment, Kind, Status
from drafts.models import Draft, DraftUserObjectPermission, ExpertAssignment
from kernel.states import INHERITING_STATES, State
from library.models import Material

NAMED_IN = settings.MODELTRANSLATION_LANGUAGES


@dataclass
class SearchDocument:
    """One searchable unit with what filters, facets and permissions need."""

    key: str
    kind: str  # "draft", "comment" or "material"
    draft_id: int | None  # None for a material
    comment_id: int | None
    title: str
    body: str
    status: str
    act_type_id: int | None
    issuing_body_id: int | None
    year: int
    number: str
    updated_at: datetime.datetime
    # Who may find it: everyone when public; else the draft's drafters, and the members of its
    # assigned expert groups while it is (or was withdrawn from) expert review.
    public: bool
    drafters: list[int] = field(default_factory=list)
    review_groups: list[int] = field(default_factory=list)
    in_review: bool = False
    material_id: int | None = None


def _reference_names(row) -> list[str]:
    """A reference row's name in every language, so that a search in any of them finds its drafts."""
    return list(dict.fromkeys(getattr(row, build_localized_fieldname("name", language)) or "" for language in NAMED_IN))


def _draft_text(draft: Draft) -> str:
    parts = [
        draft.body,
        draft.explanatory_note,
        *_reference_names(draft.act_type),
        *_reference_names(draft.issuing_body),
    ]
    if draft.number:
        parts.append(draft.number)
    return "\n".join(part for part in parts if part)


def indexed_comments():
    """The comments that have a document: published public ones. Found by their words only: no author's
    name (an anonymous author's least of all) is ever indexed."""
    return Comment.objects.filter(kind=Kind.PUBLIC, status=Status.PUBLISHED).only(
        "id", "draft_id", "text", "created_at"
    )


def _draft_fields(drafts: list[Draft]) -> dict[int, dict]:
    """What every document of each draft carries (state, filters, who may find it): two queries for the batch."""
    found = [d.pk for d in drafts]
    drafters: dict[int, list[int]] = {}
    for draft_id, user_id in DraftUserObjectPermission.objects.filter(
        content_object_id__in=found, permission__codename="author_draft"
    ).values_list("content_object_id", "user_id"):
        drafters.setdefault(draft_id, []).append(user_id)
    groups: dict[int, list[int]] = {}
    for draft_id, group_id in ExpertAssignment.objects.filter(draft_id__in=found).values_list(
        "draft_id", "group__group_id"
    ):
        groups.setdefault(draft_id, []).append(group_id)
    return {
        draft.pk: {
            "draft_id": draft.pk,
            "status": draft.status,
            "act_type_id": draft.act_type_id,
            "issuing_body_id": draft.issuing_body_id,
            "year": draft.approved_year or draft.created_at.year,
            "number": draft.number or "",
            "public": draft.is_public,
            "drafters": sorted(drafters.get(draft.pk, [])),
            "review_groups": sorted(groups.get(draft.pk, [])),
            "in_review": draft.status == State.EXPERT_REVIEW
            or (draft.status in INHERITING_STATES and draft.terminated_from == State.EXPERT_REVIEW),
        }
        for draft in drafts
    }


def _comment_document(comment: Comment, common: dict) -> SearchDocument:
    return SearchDocument(
        # A comment is found by its own words; its draft's title is shown, not matched.
        key=f"comment:{comment.pk}",
        kind="comment",
        comment_id=comment.pk,
        title="",
        body=comment.text,
        updated_at=comment.created_at,
        **common,
    )


def documents_for(draft_ids) -> tuple[list[SearchDocument], set[int]]:
    """The documents of the drafts that still exist (a handful of queries per batch), and those ids."""
    drafts = list(Draft.objects.filter(pk__in=draft_ids).select_related("act_type", "issuing_body"))
    found = {d.pk for d in drafts}
    fields = _draft_fields(drafts)
    comments: dict[int, list[Comment]] = {}
    for comment in indexed_comments().filter(draft_id__in=found):
        comments.setdefault(comment.draft_id, []).append(comment)

    documents = []
    for draft in drafts:
        common = fields[draft.pk]
        documents.append(
            SearchDocument(
                key=f"draft:{draft.pk}",
                kind="draft",
                comment_id=None,
                title=draft.title,
                body=_draft_text(draft),
                updated_at=draft.updated_at,
                **common,
            )
        )
        documents.extend(_comment_document(comment, common) for comment in comments.get(draft.pk, []))
    return documents, found


def comment_documents_for(comment_ids) -> list[SearchDocument]:
    """The documents of these comments that are still indexed (published, public): three queries for the
    batch, whatever the size of their discussions."""
    comments = list(indexed_comments().filter(pk__in=comment_ids))
    drafts = list(Draft.objects.filter(pk__in={c.draft_id for c in comments}))
    fields = _draft_fields(drafts)
    return [_comment_document(comment, fields[comment.draft_id]) for comment in comments]


def material_documents_for(material_ids) -> tuple[list[SearchDocument], set[int]]:
    """The documents of the published materials among these (unpublished ones have none), and the ids that exist."""
    materials = list(Material.objects.filter(pk__in=material_ids).prefetch_related("tags"))
    documents = [
        SearchDocument(
            key=f"material:{material.pk}",
            kind="material",
            draft_id=None,
            comment_id=None,
            material_id=material.pk,
            title=material.title,
            # Found by its description, its text, its tags and who made it.
            body="\n".join(
                part
                for part in (
                    material.description,
                    material.text,
                    material.author_or_source,
                    *(tag.name for tag in material.tags.all()),
                )
                if part
            ),
            status=material.status,
            act_type_id=None,
            issuing_body_id=None,
            year=material.date.year,
            number="",
            updated_at=material.updated_at,
            public=True,
        )
        for material in materials
        if material.is_published()
    ]
    return documents, {m.pk for m in materials}


def group_ids_of(user) -> list[int]:
    """The Django groups of a user, for the engine's permission filter."""
    return list(Group.objects.filter(user=user).values_list("pk", flat=True)) if user.is_authenticated else []
