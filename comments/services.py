"""Every write of expert conclusions (and, with the comments issue, of comments and responses)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from comments.models import Conclusion, Verdict
from drafts.models import Draft, ExpertGroup
from drafts.selectors import access_draft
from workflow.errors import Forbidden, InvalidArguments, StateConflict
from workflow.states import State

CONCLUSION_MAX_LENGTH = 20000


def _groups_of_user_assigned_to(user, draft) -> list[ExpertGroup]:
    return list(ExpertGroup.objects.filter(assignments__draft=draft, group__user=user).order_by("name"))


def conclusion_submit(*, user, draft_id: int, verdict: str, text: str, group_id=None) -> Conclusion:
    """Records an assigned expert group's one conclusion for the draft's current review round."""
    access_draft(user, draft_id)
    if verdict not in Verdict.values:
        raise InvalidArguments({"verdict": _("Choose one of: %(v)s.") % {"v": ", ".join(Verdict.values)}})
    text = (text or "").strip()
    if not text:
        raise InvalidArguments({"text": _("Write the text of the conclusion.")})
    if len(text) > CONCLUSION_MAX_LENGTH:
        raise InvalidArguments({"text": _("At most %(n)d characters.") % {"n": CONCLUSION_MAX_LENGTH}})
    with transaction.atomic():
        draft = Draft.objects.select_for_update().get(pk=draft_id)
        groups = _groups_of_user_assigned_to(user, draft)
        if not groups:
            raise Forbidden(_("Only members of an expert group assigned to this draft can submit a conclusion."))
        if group_id in (None, ""):
            if len(groups) > 1:
                raise InvalidArguments({"group": _("You belong to several assigned groups: name the group.")})
            group = groups[0]
        else:
            group = next((g for g in groups if str(g.pk) == str(group_id)), None)
            if group is None:
                raise Forbidden(
                    _("You are not a member of expert group %(id)s assigned to this draft.") % {"id": group_id}
                )
        if draft.status != State.EXPERT_REVIEW:
            raise StateConflict(_("Conclusions are submitted only while the draft is under expert review."))
        try:
            with transaction.atomic():
                return Conclusion.objects.create(
                    draft=draft,
                    group=group,
                    review_round=draft.review_round,
                    version=draft.versions.get(number=draft.version),
                    verdict=verdict,
                    text=text,
                    author=user,
                )
        except IntegrityError:
            raise StateConflict(
                _("The group %(name)s has already submitted its conclusion for this review round.")
                % {"name": group.name}
            ) from None
