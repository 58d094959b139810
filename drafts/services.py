"""Every write to drafts: creation, editing, expert group assignment, freezing versions."""

import hashlib
from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from drafts.models import ActType, Article, Draft, DraftVersion, ExpertAssignment, ExpertGroup, IssuingBody
from drafts.permissions import draft_drafter_ids, is_drafter_of
from drafts.selectors import access_draft
from drafts.structure import parse
from drafts.tasks import notify_expert_assignment
from kernel import outbox
from kernel.errors import Forbidden, InvalidArguments, StateConflict
from kernel.roles import Role, has_role
from kernel.states import State
from kernel.text import text_refusal

EDITABLE_FIELDS = ("title", "act_type", "issuing_body", "language", "explanatory_note", "body")


def _drafter_users(user_ids) -> list:
    users = list(get_user_model().objects.filter(pk__in=user_ids, groups__name=Role.DRAFTERS, is_active=True))
    missing = set(user_ids) - {u.pk for u in users}
    if missing:
        raise InvalidArguments(
            {"drafters": _("Users %(ids)s are not active drafters.") % {"ids": ", ".join(map(str, sorted(missing)))}}
        )
    return users


def _check_texts(texts: dict[str, str]) -> None:
    """The text rules of the boundary, again here: commands and imports reach the official PDF too."""
    refusals = {
        field: reason for field, value in texts.items() if isinstance(value, str) and (reason := text_refusal(value))
    }
    if refusals:
        raise InvalidArguments(refusals)


def draft_create(
    *,
    user,
    title: str,
    act_type: ActType,
    issuing_body: IssuingBody,
    body: str = "",
    language: str = "uz-latn",
    explanatory_note: str = "",
    co_drafter_ids: list[int] = (),
) -> Draft:
    """A new draft in state `draft`, its creator and the named co-drafters holding it."""
    if not has_role(user, Role.DRAFTERS):
        raise Forbidden(_("Only members of the drafters group can create drafts."))
    co_drafters = _drafter_users([pk for pk in co_drafter_ids if pk != user.pk])
    _check_texts({"title": title, "body": body, "explanatory_note": explanatory_note})
    with transaction.atomic():
        draft = Draft.objects.create(
            title=title,
            act_type=act_type,
            issuing_body=issuing_body,
            body=body,
            language=language,
            explanatory_note=explanatory_note,
            created_by=user,
        )
        for drafter in [user, *co_drafters]:
            assign_perm("drafts.author_draft", drafter, draft)
        outbox.publish(outbox.DRAFT_CHANGED, draft.pk)
    return draft


def check_editable_by(draft: Draft, user) -> None:
    """Refuses unless `user` is one of the draft's drafters and its state lets the text change."""
    if not is_drafter_of(draft, user):
        raise Forbidden(_("Only the draft's own drafters can edit it."))
    if not draft.is_editable():
        raise StateConflict(
            _(
                "The text cannot be edited while the draft is in state '%(state)s'; it can be edited in 'draft' and 'finalization'."
            )
            % {"state": draft.get_status_display()}
        )


def draft_update(*, user, draft_id: int, changes: dict, co_drafter_ids: list[int] | None = None) -> Draft:
    """Changes the working text and metadata of an editable draft, under the row lock."""
    access_draft(user, draft_id)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidArguments({field: _("This field cannot be changed.") for field in sorted(unknown)})
    _check_texts(changes)
    with transaction.atomic():
        draft = Draft.objects.select_for_update().select_related("act_type").get(pk=draft_id)
        check_editable_by(draft, user)
        for field, value in changes.items():
            setattr(draft, field, value)
        draft.save(update_fields=[*changes, "updated_at"])
        if co_drafter_ids is not None:
            _replace_co_drafters(draft, user, co_drafter_ids)
        outbox.publish(outbox.DRAFT_CHANGED, draft.pk)
    return draft


def _replace_co_drafters(draft: Draft, user, co_drafter_ids: list[int]) -> None:
    wanted = {u.pk: u for u in _drafter_users([pk for pk in co_drafter_ids if pk != user.pk])}
    wanted[user.pk] = user
    current = draft_drafter_ids(draft)
    User = get_user_model()
    for pk in current - set(wanted):
        remove_perm("drafts.author_draft", User.objects.get(pk=pk), draft)
    for pk in set(wanted) - current:
        assign_perm("drafts.author_draft", wanted[pk], draft)
    draft._drafter_ids = None


def draft_assign_expert_group(*, user, draft_id: int, group_id) -> ExpertAssignment:
    """Assigns an expert group to a draft being written; its members may then review it."""
    access_draft(user, draft_id)
    try:
        group = ExpertGroup.objects.select_related("group").get(pk=group_id)
    except (ExpertGroup.DoesNotExist, ValueError, TypeError):
        raise InvalidArguments({"group": _("There is no expert group %(id)s.") % {"id": group_id}}) from None
    with transaction.atomic():
        draft = Draft.objects.select_for_update().get(pk=draft_id)
        if not is_drafter_of(draft, user):
            raise Forbidden(_("Only the draft's own drafters can assign expert groups."))
        if draft.status != State.DRAFT:
            raise StateConflict(_("Expert groups can be assigned only while the draft is in state 'draft'."))
        if draft.expert_assignments.filter(group=group).exists():
            raise StateConflict(_("The group %(name)s is already assigned.") % {"name": group.name})
        assignment = ExpertAssignment.objects.create(draft=draft, group=group, assigned_by=user)
        assign_perm("drafts.review_draft", group.group, draft)
        outbox.publish(outbox.DRAFT_CHANGED, draft.pk)
        transaction.on_commit(partial(_notify_assignment, assignment.pk))
    return assignment


def _notify_assignment(assignment_id: int) -> None:
    notify_expert_assignment.enqueue(assignment_id)


def draft_unassign_expert_group(*, user, draft_id: int, group_id) -> None:
    """Removes an expert group from a draft being written."""
    access_draft(user, draft_id)
    with transaction.atomic():
        draft = Draft.objects.select_for_update().get(pk=draft_id)
        if not is_drafter_of(draft, user):
            raise Forbidden(_("Only the draft's own drafters can remove expert groups."))
        if draft.status != State.DRAFT:
            raise StateConflict(_("Expert groups can be removed only while the draft is in state 'draft'."))
        assignment = draft.expert_assignments.select_related("group__group").filter(group_id=group_id).first()
        if assignment is None:
            raise InvalidArguments({"group": _("This group is not assigned to the draft.")})
        assignment.delete()
        remove_perm("drafts.review_draft", assignment.group.group, draft)
        outbox.publish(outbox.DRAFT_CHANGED, draft.pk)


def text_checksum(body: str) -> str:
    """SHA-256 of the text as stored, hex."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def draft_freeze_version(*, draft: Draft, user) -> DraftVersion | None:
    """Snapshots the working text as a new immutable version, unless it equals the latest one."""
    latest = draft.versions.order_by("-number").first()
    if latest and (latest.title, latest.body, latest.explanatory_note) == (
        draft.title,
        draft.body,
        draft.explanatory_note,
    ):
        return None
    version = DraftVersion.objects.create(
        draft=draft,
        number=(latest.number if latest else 0) + 1,
        title=draft.title,
        body=draft.body,
        explanatory_note=draft.explanatory_note,
        checksum=text_checksum(draft.body),
        created_by=user,
    )
    Article.objects.bulk_create(
        Article(
            version=version,
            key=p.key,
            kind=p.kind,
            number=p.number,
            label=p.label,
            heading=p.heading[:1000],
            text=p.text,
            chapter=p.chapter[:1000],
            section=p.section[:1000],
            annex=p.annex,
            position=p.position,
        )
        for p in parse(draft.body).provisions
    )
    draft.version = version.number
    return version


def draft_version_publish(*, draft: Draft) -> None:
    """Marks the draft's current version public; called by the transition service whenever the draft is public after a transition."""
    if draft.version:
        DraftVersion.objects.filter(draft=draft, number=draft.version, is_public=False).update(is_public=True)
