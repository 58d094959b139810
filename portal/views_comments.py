"""Pages around comments: the moderation queue with its filters and bulk decisions, the single form for
proposals received by phone, letter or in person, and a citizen's own pending comments on /me/."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from django.views.decorators.http import require_POST

from comments import flags, replies
from comments import services as comments
from comments.models import Channel, RespondentType, Status
from comments.permissions import can_moderate
from comments.selectors import (
    QUEUE_AGES,
    access_comment,
    moderation_drafts,
    moderation_queue,
    on_behalf_drafts,
)
from drafts.models import Article
from kernel.errors import Forbidden, InvalidArguments, NotVisible, RateLimited, ServiceError, StateConflict
from kernel.integers import MAX_ID
from portal.refusals import acting, refusal_text, safe_next

MODERATION_PAGE = "/work/moderation/"
OFF_SITE_CHANNELS = [(value, label) for value, label in Channel.choices if value != Channel.WEB]


def _refused(request, message: str, status: int = 400):
    return render(request, "refusal.html", {"message": message}, status=status)


def _status_of(error: ServiceError) -> int:
    for kind, status in ((InvalidArguments, 400), (Forbidden, 403), (StateConflict, 409), (RateLimited, 429)):
        if isinstance(error, kind):
            return status
    return 400


class QueueFilterForm(forms.Form):
    """The queue's filters, read from the query string; a value not offered is refused, not ignored."""

    draft = forms.TypedChoiceField(
        label=pgettext_lazy("which draft", "Draft"), coerce=int, required=False, empty_value=None
    )
    older_than = forms.TypedChoiceField(label=gettext_lazy("Waiting"), coerce=int, required=False, empty_value=None)
    channel = forms.ChoiceField(label=gettext_lazy("Received by"), choices=Channel.choices, required=False)
    order = forms.ChoiceField(label=gettext_lazy("Order"), required=False)

    def __init__(self, data, *, user):
        super().__init__(data)
        self.fields["draft"].choices = [("", _("All drafts"))] + [
            (draft.pk, draft.title) for draft in moderation_drafts(user)
        ]
        self.fields["older_than"].choices = [("", _("Any time"))] + [
            (days, ngettext("More than %(n)d day", "More than %(n)d days", days) % {"n": days}) for days in QUEUE_AGES
        ]
        self.fields["channel"].choices = [("", _("Any way"))] + list(Channel.choices)
        self.fields["order"].choices = [("", _("Oldest first")), ("newest", _("Newest first"))]


class OnBehalfForm(forms.Form):
    """A proposal received by phone, letter or in person, on a running discussion, and maybe one article."""

    draft = forms.TypedChoiceField(label=pgettext_lazy("which draft", "Draft"), coerce=int)
    article = forms.TypedChoiceField(label=gettext_lazy("Article"), coerce=int, required=False, empty_value=None)
    submitted_for = forms.CharField(label=gettext_lazy("From (name and place)"), max_length=300)
    channel = forms.ChoiceField(label=gettext_lazy("Received by"), choices=OFF_SITE_CHANNELS)
    text = forms.CharField(label=gettext_lazy("Proposal"), max_length=comments.COMMENT_MAX_LENGTH)
    # Who is speaking, as the caller or the letter said; the service judges the combination.
    respondent_type = forms.ChoiceField(
        label=gettext_lazy("Speaking as"), choices=RespondentType.choices, required=False
    )
    organisation = forms.CharField(label=gettext_lazy("Organisation"), max_length=300, required=False)
    anonymous = forms.BooleanField(label=gettext_lazy("Publish without their name"), required=False)

    def __init__(self, data=None, *, user, chosen_draft: int | None = None):
        super().__init__(data, prefix="behalf")
        drafts = list(on_behalf_drafts(user))
        self.drafts = drafts
        self.fields["draft"].choices = [("", _("Choose a draft"))] + [(d.pk, d.title) for d in drafts]
        # Without a chosen draft every running discussion's articles are offered, grouped by draft;
        # once one is chosen (the "show its articles" step, or a sole discussion) only its own.
        if chosen_draft is None and len(drafts) == 1:
            chosen_draft = drafts[0].pk
        shown = [d for d in drafts if chosen_draft in (None, d.pk)]
        articles = (
            Article.objects.filter(version__draft__in=[d.pk for d in shown])
            .select_related("version")
            .order_by("position", "pk")
        )
        current = {d.pk: d.version for d in shown}
        grouped = {d.pk: [] for d in shown}
        for article in articles:
            if current.get(article.version.draft_id) == article.version.number:
                grouped[article.version.draft_id].append((article.pk, _article_label(article)))
        self.chosen_draft = chosen_draft
        self.fields["article"].choices = [("", _("The draft as a whole"))] + (
            [(d.title, grouped[d.pk]) for d in shown] if chosen_draft is None else grouped.get(chosen_draft, [])
        )
        self.article_groups = [(d, grouped[d.pk]) for d in shown]


def _article_label(article) -> str:
    return f"{article.label} {article.heading}".strip() if article.heading else article.label


def _initial_on_behalf(request, user) -> OnBehalfForm:
    """The on-behalf form as the "show its articles" step left it (its values travel in the query)."""
    chosen = request.GET.get("behalf-draft", "")
    if chosen == "":
        return OnBehalfForm(user=user)
    if not (chosen.isascii() and chosen.isdigit() and int(chosen) <= MAX_ID):
        raise InvalidArguments({"behalf-draft": _("Choose a draft from the list.")})
    if int(chosen) not in {d.pk for d in on_behalf_drafts(user)}:
        raise InvalidArguments({"behalf-draft": _("Choose a draft from the list: its discussion must be running.")})
    form = OnBehalfForm(user=user, chosen_draft=int(chosen))
    form.initial = {
        "draft": int(chosen),
        "channel": request.GET.get("behalf-channel", ""),
        "submitted_for": request.GET.get("behalf-submitted_for", "")[:300],
        "text": request.GET.get("behalf-text", "")[: comments.COMMENT_MAX_LENGTH],
    }
    return form


def moderation_context(request, on_behalf: OnBehalfForm | None = None) -> dict:
    """What the moderation page shows; InvalidArguments when a filter asks for what is not offered."""
    user = request.user
    filters = QueueFilterForm(request.GET, user=user)
    if not filters.is_valid():
        raise InvalidArguments({name: list(errors) for name, errors in filters.errors.items()})
    chosen = filters.cleaned_data
    queue = moderation_queue(
        user,
        draft_id=chosen["draft"],
        older_than_days=chosen["older_than"],
        channel=chosen["channel"] or None,
        newest_first=chosen["order"] == "newest",
    )
    total = queue.count()
    query = urlencode({k: v for k, v in request.GET.items() if k in filters.fields and v})
    shown = list(queue[: comments.MODERATION_BATCH_MAX])
    return {
        "queue": shown,
        # Flagged published items first, each with its hide and dismiss buttons; then the pending ones to tick.
        "flagged": [item for item in shown if item.flagged],
        "pending": [item for item in shown if not item.flagged],
        "total": total,
        "batch_max": comments.MODERATION_BATCH_MAX,
        "filters": filters,
        "filtered": any(chosen[name] for name in ("draft", "older_than", "channel")),
        "here": f"{MODERATION_PAGE}?{query}" if query else MODERATION_PAGE,
        "on_behalf": on_behalf or _initial_on_behalf(request, user),
    }


def _moderator_only(request):
    if not can_moderate(request.user):
        return _refused(request, _("Only moderators see the moderation queue."), status=403)
    return None


def render_moderation_page(request):
    """The queue (filtered), the bulk decision and the on-behalf form; a bad filter is a 400 page."""
    refusal = _moderator_only(request)
    if refusal:
        return refusal
    try:
        context = moderation_context(request)
    except InvalidArguments as error:
        return _refused(request, refusal_text(error))
    return render(request, "portal/moderation.html", context)


def _ids(values: list[str]) -> list[int]:
    ids = []
    for value in values:
        if not (value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID):
            raise InvalidArguments({"ids": _("Tick comments of the list; %(v)s is not one.") % {"v": value[:20]}})
        ids.append(int(value))
    return ids


@require_POST
@login_required
@acting
def moderate_many(request):
    """One decision with one reason for the ticked comments; each comment's outcome is reported."""
    outcomes = comments.comment_moderate_many(
        user=request.user,
        comment_ids=_ids(request.POST.getlist("ids")),
        decision=request.POST.get("decision", ""),
        reason=request.POST.get("reason", ""),
    )
    done = [o for o in outcomes if o["outcome"] != "refused"]
    if done:
        published = sum(o["outcome"] == Status.PUBLISHED for o in outcomes)
        rejected = len(done) - published
        messages.success(
            request,
            _("Published: %(p)d. Rejected: %(r)d.") % {"p": published, "r": rejected},
        )
    for outcome in outcomes:
        if outcome["outcome"] == "refused":
            messages.error(request, _("Comment no. %(id)d: %(why)s") % {"id": outcome["id"], "why": outcome["detail"]})
    return redirect(safe_next(request, MODERATION_PAGE))


@require_POST
@login_required
def on_behalf(request):
    """Record a proposal received by phone, letter or in person; it is published at once."""
    refusal = _moderator_only(request)
    if refusal:
        return refusal
    chosen = request.POST.get("behalf-draft", "")
    chosen_draft = int(chosen) if chosen.isascii() and chosen.isdigit() and int(chosen) <= MAX_ID else None
    form = OnBehalfForm(request.POST, user=request.user, chosen_draft=chosen_draft)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            comments.comment_submit(
                user=request.user,
                draft_id=data["draft"],
                text=data["text"],
                article=data["article"],
                channel=data["channel"],
                submitted_for=data["submitted_for"],
                respondent_type=data["respondent_type"] or None,
                organisation=data["organisation"],
                anonymous=data["anonymous"],
            )
        except NotVisible:
            raise Http404 from None
        except ServiceError as error:
            messages.error(request, refusal_text(error))
            status = _status_of(error)
        else:
            messages.success(
                request,
                _("The proposal from %(name)s was recorded and published.") % {"name": data["submitted_for"]},
            )
            return redirect(f"{MODERATION_PAGE}?{urlencode({'behalf-draft': data['draft']})}")
    else:
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else name
            messages.error(request, f"{label}: {' '.join(errors)}")
    try:
        context = moderation_context(request, on_behalf=form)
    except InvalidArguments as error:
        return _refused(request, refusal_text(error))
    return render(request, "portal/moderation.html", context, status=status)


# A citizen's own comments, on /me/.


def _own_comment(request, comment_id: int):
    try:
        comment = access_comment(request.user, comment_id)
    except NotVisible:
        raise Http404 from None
    if comment.author_id != request.user.pk:
        raise Http404
    return comment


@login_required
def comment_edit(request, comment_id: int):
    """The author changes the text or article of a comment still waiting for moderation."""
    comment = _own_comment(request, comment_id)
    if not comment.is_pending():
        return _refused(
            request,
            _("This comment is no longer waiting for moderation (it is %(status)s); it can no longer be changed.")
            % {"status": comment.get_status_display().lower()},
            status=409,
        )
    text = comment.text
    article = str(comment.article_id or "")
    status = 200
    if request.method == "POST":
        text, article = request.POST.get("text", ""), request.POST.get("article", "")
        try:
            comments.comment_edit(
                user=request.user, comment_id=comment.pk, text=text, article=None if comment.parent_id else article
            )
        except ServiceError as error:
            messages.error(request, refusal_text(error))
            status = _status_of(error)
        else:
            messages.success(request, _("Your comment was changed; it still waits for a moderator."))
            return redirect(f"/me/#comment-{comment.pk}")
    articles = Article.objects.filter(version__draft=comment.draft, version__number=comment.draft.version).order_by(
        "position", "pk"
    )
    return render(
        request,
        "portal/comment_edit.html",
        {
            "comment": comment,
            "text": text,
            "article": article,
            "articles": [(str(a.pk), _article_label(a)) for a in articles],
        },
        status=status,
    )


@require_POST
@login_required
@acting
def comment_withdraw(request, comment_id: int):
    """The author takes back a comment still waiting for moderation."""
    comments.comment_withdraw(user=request.user, comment_id=comment_id)
    messages.success(request, _("Your comment was withdrawn; it will not be published."))
    return redirect(f"/me/#comment-{comment_id}")


# Replies and flags on a draft's page, and the moderators' answers to flags in the queue.


def _speaker(request) -> dict:
    return {
        "respondent_type": request.POST.get("respondent_type") or None,
        "organisation": request.POST.get("organisation", ""),
        "anonymous": request.POST.get("anonymous") in ("1", "on", "true"),
    }


@require_POST
@login_required
@acting
def reply(request, comment_id: int):
    """A reply under a published comment; it waits for a moderator like a comment."""
    created = replies.reply_submit(
        user=request.user,
        comment_id=comment_id,
        text=request.POST.get("text", ""),
        received_at=timezone.now(),
        **_speaker(request),
    )
    messages.success(request, _("Your reply was sent; it will appear once a moderator publishes it."))
    return redirect(f"/drafts/{created.draft_id}/#comment-{comment_id}")


@require_POST
@login_required
@acting
def flag(request, comment_id: int):
    """Report a published comment or reply to the moderators."""
    made = flags.flag_create(
        user=request.user,
        comment_id=comment_id,
        reason=request.POST.get("reason", ""),
        text=request.POST.get("text", ""),
        received_at=timezone.now(),
    )
    messages.success(request, _("Thank you: the moderators will look at comment no. %(id)d.") % {"id": comment_id})
    return redirect(safe_next(request, f"/drafts/{made.comment.draft_id}/#comment-{comment_id}"))


@require_POST
@login_required
@acting
def hide(request, comment_id: int):
    """A moderator hides a flagged (or any published) comment or reply, with a public reason."""
    flags.comment_hide(user=request.user, comment_id=comment_id, reason=request.POST.get("reason", ""))
    messages.success(request, _("Comment no. %(id)d is hidden; its reason is shown in its place.") % {"id": comment_id})
    return redirect(safe_next(request, MODERATION_PAGE))


@require_POST
@login_required
@acting
def dismiss_flags(request, comment_id: int):
    """A moderator finds nothing wrong with a flagged comment: its flags are dismissed, it stays published."""
    flags.flags_dismiss(user=request.user, comment_id=comment_id)
    messages.success(request, _("The flags of comment no. %(id)d were dismissed.") % {"id": comment_id})
    return redirect(safe_next(request, MODERATION_PAGE))
