"""Reads of drafts that encode who may see what (brief §2, the state table)."""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q, QuerySet

from drafts.models import (
    Draft,
    DraftAttachment,
    DraftGroupObjectPermission,
    DraftUserObjectPermission,
    DraftVersion,
    ExpertGroup,
)
from drafts.permissions import draft_drafter_ids
from drafts.structure import parse
from kernel.errors import NotVisible
from kernel.integers import MAX_ID
from kernel.roles import Role, has_role, is_administrator
from kernel.rows import Columns
from kernel.states import INHERITING_STATES, State


def _in_states(states) -> Q:
    """Drafts in one of the states, or terminated while they were in one of them."""
    states = list(states)
    return Q(status__in=states) | Q(status__in=list(INHERITING_STATES), terminated_from__in=states)


def authored_draft_ids(user) -> QuerySet:
    """Ids of the drafts the user is a drafter of (guardian object permission)."""
    return DraftUserObjectPermission.objects.filter(user=user, permission__codename="author_draft").values(
        "content_object_id"
    )


def reviewed_draft_ids(user) -> QuerySet:
    """Ids of the drafts assigned to an expert group the user belongs to."""
    return DraftGroupObjectPermission.objects.filter(group__user=user, permission__codename="review_draft").values(
        "content_object_id"
    )


def draft_list_visible_to(user) -> QuerySet[Draft]:
    """Every draft the user may open, in one query whatever its size."""
    drafts = Draft.objects.select_related("act_type", "issuing_body")
    if is_administrator(user) or has_role(user, Role.APPROVERS):
        return drafts
    visible = Q(is_public=True)
    if user.is_authenticated:
        visible |= Q(pk__in=authored_draft_ids(user))
        visible |= _in_states([State.EXPERT_REVIEW]) & Q(pk__in=reviewed_draft_ids(user))
    return drafts.filter(visible)


def access_draft(user, draft_id) -> Draft:
    """The draft if the user may open it; NotVisible otherwise, so hidden drafts look absent."""
    try:
        return draft_list_visible_to(user).get(pk=draft_id)
    except (Draft.DoesNotExist, ValueError, TypeError):
        raise NotVisible(f"No draft {draft_id} that you can see.") from None


# What higher apps add to a draft as the API shows it (comments: its votes), registered in their
# AppConfig.ready() because drafts may not import them. Each takes (queryset, user) and annotates.
_shown_with: list[Callable[[QuerySet, object], QuerySet]] = []


def show_drafts_with(annotate: Callable[[QuerySet, object], QuerySet]) -> None:
    """Registers an annotation of every draft the API shows (at start-up, by a higher app)."""
    if annotate not in _shown_with:
        _shown_with.append(annotate)


def drafts_as_shown(drafts: QuerySet[Draft], user) -> QuerySet[Draft]:
    """The drafts with what the registered apps add for this reader (votes and their own vote), in the same query."""
    for annotate in _shown_with:
        drafts = annotate(drafts, user)
    return drafts


def access_draft_as_shown(user, draft_id) -> Draft:
    """`access_draft`, with what `drafts_as_shown` adds: the draft as the API's body shows it."""
    try:
        return drafts_as_shown(draft_list_visible_to(user), user).get(pk=draft_id)
    except (Draft.DoesNotExist, ValueError, TypeError):
        raise NotVisible(f"No draft {draft_id} that you can see.") from None


def draft_is_reviewed_by(draft: Draft, user) -> bool:
    """The user belongs to an expert group assigned to the draft."""
    return bool(
        user.is_authenticated
        and DraftGroupObjectPermission.objects.filter(
            content_object=draft, group__user=user, permission__codename="review_draft"
        ).exists()
    )


def can_see_internal_material(user, draft: Draft) -> bool:
    """Versions before publication, internal reasons, expert material: the draft's drafters,
    approvers, administrators and members of its assigned expert groups."""
    if not user.is_authenticated:
        return False
    return (
        is_administrator(user)
        or has_role(user, Role.APPROVERS)
        or user.pk in draft_drafter_ids(draft)
        or draft_is_reviewed_by(draft, user)
    )


def version_list_visible_to(user, draft: Draft) -> QuerySet[DraftVersion]:
    """The versions of a visible draft the user may read: all of them for its staff, the public ones for others."""
    versions = draft.versions.order_by("number")
    return versions if can_see_internal_material(user, draft) else versions.filter(is_public=True)


def version_of(draft: Draft, number, user) -> DraftVersion:
    """One frozen version of a visible draft, if the user may read it."""
    try:
        return version_list_visible_to(user, draft).get(number=number)
    except (DraftVersion.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotVisible(f"Draft {draft.pk} has no version {number} that you can see.") from None


def attachment_list_of(draft: Draft) -> list[DraftAttachment]:
    """The attachments of a draft the reader has opened, in order: they are visible exactly when the draft is."""
    attachments = list(draft.attachments.select_related("stored_file").order_by("position", "id"))
    for attachment in attachments:
        attachment.draft = draft
    return attachments


def access_draft_attachment(user, draft_id, attachment_id) -> DraftAttachment:
    """The attachment if the user may open its draft; NotVisible otherwise."""
    draft = access_draft(user, draft_id)
    attachment = (
        draft.attachments.select_related("stored_file").filter(pk=attachment_id).first()
        if isinstance(attachment_id, int) and 0 < attachment_id <= MAX_ID
        else None
    )
    if attachment is None:
        raise NotVisible(f"Draft {draft_id} has no attachment {attachment_id} that you can see.")
    attachment.draft = draft
    return attachment


def draft_with_details(draft: Draft) -> Draft:
    """The draft with its drafters, expert groups, attachments and recognised structure attached for display."""
    draft.drafter_users = list(get_user_model().objects.filter(pk__in=draft_drafter_ids(draft)).order_by("username"))
    draft.expert_groups = list(ExpertGroup.objects.filter(assignments__draft=draft).order_by("name"))
    draft.provisions = parse(draft.body).provisions
    draft.attachment_list = attachment_list_of(draft)
    return draft


def lock_draft_shared(draft_id: int) -> Draft:
    """The draft, locked against transitions but not against other shared lockers, until commit, with the id
    of its current version (`current_version_id`, what a comment written now refers to) read in the same
    statement.

    Comments take this lock so that many can be written at once while no transition can slip
    in between a comment's state check and its insert. PostgreSQL has FOR SHARE; SQLite's
    IMMEDIATE transactions already serialise every writer. Plain SQL: intake runs this on every
    comment, and the ORM's building of the query cost more than the database's answering it.
    """
    lock = " FOR SHARE OF d" if _vendor() == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT {_LOCKED_DRAFT.sql}, v.id FROM "{Draft._meta.db_table}" d '
            f'LEFT JOIN "{DraftVersion._meta.db_table}" v ON v.draft_id = d.id AND v.number = d.version '
            f"WHERE d.id = %s{lock}",
            [draft_id],
        )
        row = cursor.fetchone()
    if row is None:
        raise Draft.DoesNotExist(f"No draft {draft_id}.")
    return _LOCKED_DRAFT.instance(row)


# What a writer under the shared lock reads of the draft: all but its texts, which none of them needs and
# which can be long (read when used, as any deferred field).
_LOCKED_DRAFT = Columns(Draft, "d", defer=("body", "explanatory_note"), extra=("current_version_id",))


def lock_visible_draft_shared(user, draft_id) -> Draft:
    """`lock_draft_shared` for a draft the user may open; NotVisible otherwise, so hidden drafts look absent.
    A public draft is open to everyone: only a draft that is not needs the reader's roles (`access_draft`)."""
    if not (isinstance(draft_id, int) and 0 < draft_id <= MAX_ID):
        raise NotVisible(f"No draft {draft_id} that you can see.")
    try:
        draft = lock_draft_shared(draft_id)
    except Draft.DoesNotExist:
        raise NotVisible(f"No draft {draft_id} that you can see.") from None
    if not draft.is_public:
        access_draft(user, draft_id)
    return draft


def current_version(draft: Draft) -> DraftVersion:
    """The draft's current version, without its text: what a comment on it refers to."""
    return draft.versions.only("pk", "draft_id", "number").get(number=draft.version)


def _vendor() -> str:
    return connection.vendor
