"""Jobs that follow writes to drafts; scheduled on commit by drafts.services."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django_tasks import task

from drafts.models import ExpertAssignment


@task()
def notify_expert_assignment(assignment_id: int) -> int:
    """E-mails the members of an expert group that a draft was assigned to them."""
    assignment = ExpertAssignment.objects.select_related("draft", "group__group").get(pk=assignment_id)
    draft = assignment.draft
    members = get_user_model().objects.filter(groups=assignment.group.group, is_active=True).exclude(email="")
    subject = f"Draft for review by {assignment.group.name}: {draft.title[:80]}"
    body = (
        f"The draft “{draft.title}” was assigned to {assignment.group.name} for expert review.\n"
        f"You can read it once it is sent for review.\n\n{settings.SITE_URL}/api/v1/drafts/{draft.pk}/\n"
    )
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [m.email]) for m in members]
    return send_mass_mail(messages) if messages else 0
