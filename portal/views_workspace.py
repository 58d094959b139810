"""The staff workspace: what waits for me, writing drafts, moderation. Same services as the API."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from comments.models import Comment, Conclusion, Status
from comments.selectors import moderation_queue
from drafts import services as drafts
from drafts.diff import compare_texts
from drafts.models import Draft, ExpertGroup
from drafts.permissions import is_drafter_of
from drafts.selectors import (
    access_draft,
    authored_draft_ids,
    draft_list_visible_to,
    reviewed_draft_ids,
    version_list_visible_to,
    version_of,
)
from drafts.structure import parse
from drafts.word_import import draft_create_from_word, draft_update_from_word, word_document_text
from kernel.errors import InvalidArguments, NotVisible, ServiceError, TooLarge
from kernel.roles import Role, has_role
from kernel.states import EDITABLE_STATES, State
from library.models import Material
from library.permissions import can_edit_materials
from portal import views_comments
from portal.forms import DraftForm
from portal.refusals import refusal_text


@login_required
def my_work(request):
    """What waits for the user, by role: drafts to revise, reviews, moderation, answers, approvals."""
    user = request.user
    visible = draft_list_visible_to(user)
    mine = visible.filter(pk__in=authored_draft_ids(user))
    # Replies between participants are no proposals: nobody answers them.
    unanswered = Comment.objects.filter(
        draft=OuterRef("pk"), status=Status.PUBLISHED, response__isnull=True, parent__isnull=True
    )
    concluded = Conclusion.objects.filter(
        draft=OuterRef("pk"), review_round=OuterRef("review_round"), group__group__user=user
    )
    sections = {
        "to_revise": mine.filter(status__in=EDITABLE_STATES).order_by("-updated_at"),
        "to_answer": mine.filter(Exists(unanswered)).order_by("-updated_at"),
        "in_progress": mine.exclude(status__in=[*EDITABLE_STATES, State.APPROVED, State.REJECTED, State.WITHDRAWN]),
        "to_review": visible.filter(status=State.EXPERT_REVIEW, pk__in=reviewed_draft_ids(user))
        .exclude(Exists(concluded))
        .order_by("updated_at"),
        "to_moderate": moderation_queue(user)[:100],
        "to_approve": visible.filter(status=State.APPROVAL).order_by("updated_at")
        if has_role(user, Role.APPROVERS)
        else [],
    }
    # The media editors' work: the library's materials not yet published.
    media = (
        Material.objects.filter(status=Material.Status.DRAFT).order_by("-updated_at")[:50]
        if can_edit_materials(user)
        else None
    )
    return render(
        request,
        "portal/my_work.html",
        {"sections": sections, "is_drafter": has_role(user, Role.DRAFTERS), "unpublished_materials": media},
    )


def _draft_form_page(request, draft: Draft | None):
    initial = (
        {f: getattr(draft, f) for f in ("title", "act_type", "issuing_body", "language", "body", "explanatory_note")}
        if draft
        else None
    )
    posted = request.method == "POST"
    form = DraftForm(request.POST if posted else None, request.FILES if posted else None, initial=initial)
    preview = None
    if posted and form.is_valid():
        fields = dict(form.cleaned_data)
        upload = fields.pop("file", None)
        try:
            if upload is not None:
                return _word_form_post(request, form, draft, fields, upload)
            if "preview" in request.POST:
                preview = parse(fields["body"])
            else:
                if draft is None:
                    draft = drafts.draft_create(user=request.user, **fields)
                else:
                    drafts.draft_update(user=request.user, draft_id=draft.pk, changes=fields)
                messages.success(request, _("The draft was saved."))
                return redirect(f"/drafts/{draft.pk}/")
        except ServiceError as error:
            messages.error(request, refusal_text(error))
    return _draft_form(request, form, draft, preview)


def _draft_form(request, form, draft, preview, status=200):
    groups = ExpertGroup.objects.all()
    context = {"form": form, "draft": draft, "preview": preview, "groups": groups}
    return render(request, "portal/draft_form.html", context, status=status)


def _word_form_post(request, form, draft: Draft | None, fields: dict, upload):
    """A Word document sent with the form: its text previewed, or saved as the draft's text with the document attached.

    A refused document is shown as the file field's error, with 400 or 413, and nothing is stored.
    """
    try:
        if "preview" in request.POST:
            text = word_document_text(upload).text
            # The document's text goes into the text field; saving keeps it (the file is chosen again to attach it).
            data = request.POST.copy()
            data["body"] = text
            form = DraftForm(data, initial=form.initial)
            form.is_valid()
            messages.info(
                request, _("The text of the Word document is in the text field. Check the structure and save.")
            )
            return _draft_form(request, form, draft, parse(text))
        fields.pop("body", None)
        if draft is None:
            draft = draft_create_from_word(user=request.user, upload=upload, **fields)
        else:
            draft_update_from_word(user=request.user, draft_id=draft.pk, upload=upload, changes=fields)
    except InvalidArguments as refusal:
        for reason in (r for reasons in refusal.details.values() for r in reasons):
            form.add_error("file", reason)
        return _draft_form(request, form, draft, None, 400)
    except TooLarge as refusal:
        form.add_error("file", refusal.message)
        return _draft_form(request, form, draft, None, 413)
    messages.success(
        request, _("The draft was saved with the text of the Word document, which is kept as its attachment.")
    )
    return redirect(f"/drafts/{draft.pk}/")


@login_required
def draft_new(request):
    """Write a new draft: paste the text, see the recognised structure, save."""
    if not has_role(request.user, Role.DRAFTERS):
        return render(
            request, "refusal.html", {"message": _("Only members of the drafters group can create drafts.")}, status=403
        )
    return _draft_form_page(request, None)


@login_required
def draft_edit(request, draft_id: int):
    """Change an editable draft and its expert groups."""
    try:
        draft = access_draft(request.user, draft_id)
    except NotVisible:
        raise Http404 from None
    if not is_drafter_of(draft, request.user):
        return render(request, "refusal.html", {"message": _("Only the draft's own drafters can edit it.")}, status=403)
    if request.method == "POST" and "assign_group" in request.POST:
        try:
            drafts.draft_assign_expert_group(user=request.user, draft_id=draft.pk, group_id=request.POST.get("group"))
            messages.success(request, _("The expert group was assigned."))
        except ServiceError as error:
            messages.error(request, refusal_text(error))
        return redirect(f"/work/drafts/{draft.pk}/edit/")
    return _draft_form_page(request, draft)


def versions_page(request, draft_id: int):
    """The versions of a draft and a readable redline between any two."""
    try:
        draft = access_draft(request.user, draft_id)
        versions = list(version_list_visible_to(request.user, draft))
        comparison = None
        a, b = request.GET.get("from"), request.GET.get("to")
        if a and b:
            old, new = version_of(draft, a, request.user), version_of(draft, b, request.user)
            comparison = {"from": old, "to": new, **compare_texts(old.body, new.body)}
    except NotVisible:
        raise Http404 from None
    return render(request, "portal/versions.html", {"draft": draft, "versions": versions, "comparison": comparison})


@login_required
def moderation_page(request):
    """Pending comments to filter, publish or reject in bulk, and the form to enter a proposal received otherwise."""
    return views_comments.render_moderation_page(request)
