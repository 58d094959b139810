"""Telling drafters and followers that a draft changed: a notice and an e-mail in each reader's language.

The job is enqueued on commit by workflow.effects.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.functional import lazy
from django_tasks import task

from drafts.permissions import draft_drafter_ids
from drafts.selectors import can_see_internal_material, draft_list_visible_to
from kernel import mail
from kernel.states import PUBLIC_STATES, State
from workflow.graph import transition_specs
from workflow.models import TransitionRecord


def _reason_is_public(record: TransitionRecord) -> bool:
    # As in workflow.selectors.history_visible_to: a reason given while the draft was internal is not the public's.
    return record.source in PUBLIC_STATES and record.target in PUBLIC_STATES | {State.REJECTED, State.WITHDRAWN}


def _action_label(name: str) -> str:
    spec = transition_specs().get(name)
    return spec.label if spec else name


# The graph reads its labels in the active language: put off until the e-mail is rendered in the reader's.
_action_label_lazy = lazy(_action_label, str)


@task()
def notify_transition(record_id: int) -> int:
    """Tells the draft's drafters and followers (except whoever acted) that it changed; returns how many e-mails.

    Each gets an in-app notification and an e-mail in their own language that names the stages and
    links to the draft's page. A follower who can no longer open the draft (returned to drafting)
    hears nothing of it. Run twice, it notifies no one twice in the app.
    """
    record = TransitionRecord.objects.select_related("draft", "actor").get(pk=record_id)
    draft = record.draft
    candidates = (
        get_user_model()
        .objects.filter(Q(pk__in=draft_drafter_ids(draft)) | Q(follows__draft=draft), is_active=True)
        .distinct()
        .exclude(pk=record.actor_id)
        .order_by("pk")
    )
    recipients = [user for user in candidates if draft_list_visible_to(user).filter(pk=draft.pk).exists()]
    actor = (record.actor.get_full_name() or record.actor.get_username()) if record.actor else ""
    public_reason = _reason_is_public(record)

    def context(user) -> dict:
        # Labels stay lazy: kernel.mail renders them in the reader's language.
        return {
            "draft": draft,
            "actor": actor,
            "action": _action_label_lazy(record.name),
            "source": State(record.source).label,
            "target": State(record.target).label,
            "version": record.version,
            "reason": record.reason if public_reason or can_see_internal_material(user, draft) else "",
            "link": mail.page_link(f"/drafts/{draft.pk}/"),
            "notifications_link": mail.page_link("/me/notifications/"),
        }

    return mail.notify_users(
        "transition", recipients, context, path=f"/drafts/{draft.pk}/", event=f"transition:{record.pk}"
    )
