"""Jobs that follow writes to drafts; scheduled on commit by drafts.services."""

from django.contrib.auth import get_user_model
from django_tasks import task

from drafts.models import ExpertAssignment
from kernel import mail


@task()
def notify_expert_assignment(assignment_id: int) -> int:
    """Tells the members of an expert group, by notice and e-mail, that a draft was assigned to them."""
    assignment = ExpertAssignment.objects.select_related("draft", "group__group").get(pk=assignment_id)
    draft = assignment.draft
    members = get_user_model().objects.filter(groups=assignment.group.group, is_active=True)
    # The group is read in the template, so its name comes out in each reader's language.
    context = {"draft": draft, "group": assignment.group, "link": mail.page_link(f"/drafts/{draft.pk}/")}
    return mail.notify_users(
        "expert_assignment", members, context, path=f"/drafts/{draft.pk}/", event=f"expert-assignment:{assignment.pk}"
    )
