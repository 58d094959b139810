"""The public portal: home, a draft's page, approved acts, search. Same selectors as the API."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from comments.attachments import COMMENT_FILE_KINDS, MAX_COMMENT_FILES
from comments.models import Conclusion, FlagReason, Kind, RespondentType, Status
from comments.permissions import can_respond, can_see_expert_material
from comments.selectors import comment_list_visible_to, conclusion_list_visible_to
from comments.summary import summary_is_public
from comments.votes import votes_open, votes_shown
from drafts.attachments import FILE_KINDS
from drafts.models import ActType, AttachmentKind, Draft, ExpertGroup, IssuingBody
from drafts.permissions import is_drafter_of
from drafts.scripts import requested_script, shown_in_script
from drafts.selectors import (
    access_draft_as_shown,
    can_see_internal_material,
    draft_is_reviewed_by,
    draft_list_visible_to,
    draft_with_details,
)
from drafts.structure import parse
from files.kinds import extensions_of
from kernel.errors import InvalidArguments, NotVisible
from kernel.integers import bounded_int
from kernel.states import State
from library.models import Kind as MaterialKind
from portal.refusals import refusal_text
from portal.throttling import throttled_page
from portal.views_actions import kept_transition_form
from portal.views_surveys import survey_context
from publishing.models import OfficialCopy
from search.backends.base import SearchRequest
from search.selectors import search_for
from workflow.selectors import draft_timeline, history_visible_to
from workflow.services import transition_choices

# Pages past this are never a person's browsing; the search engines' windows end far sooner.
MAX_PAGE = 10_000


def home(request):
    """Drafts under discussion with the days left, recently approved acts, a search box."""
    visible = draft_list_visible_to(request.user)
    now = timezone.now()
    discussing = list(
        visible.filter(status=State.PUBLIC_DISCUSSION, discussion_ends_at__gt=now).order_by("discussion_ends_at")[:20]
    )
    for draft in discussing:
        draft.days_left = max(0, (draft.discussion_ends_at - now).days)
    approved = visible.filter(status=State.APPROVED).order_by("-approved_on", "-id")[:10]
    return render(request, "portal/home.html", {"discussing": discussing, "approved": approved})


def draft_page(request, draft_id: int):
    """A draft: metadata, text by articles with their comments, forms for what the user may do."""
    try:
        # As the API shows it: with its votes and the reader's own.
        draft = draft_with_details(access_draft_as_shown(request.user, draft_id))
        # An Uzbek draft may be read in the other script; comments stay as their authors wrote them.
        draft = shown_in_script(draft, requested_script(request.GET.get("script")))
    except NotVisible:
        raise Http404 from None
    except InvalidArguments as error:
        return render(request, "refusal.html", {"message": refusal_text(error)}, status=400)
    comments = list(comment_list_visible_to(request.user, draft))
    # Replies are shown under their comment, not on their own.
    replies: dict = {}
    for comment in comments:
        if comment.parent_id:
            replies.setdefault(comment.parent_id, []).append(comment)
    by_article: dict = {}
    for comment in comments:
        if comment.parent_id:
            continue
        comment.shown_replies = replies.get(comment.pk, [])
        key = comment.article.key if comment.article else ""
        by_article.setdefault(key, []).append(comment)
    blocks = _grouped_blocks(draft.body, by_article)
    version = draft.versions.filter(number=draft.version).first()
    articles = list(version.articles.all()) if version else []
    user = request.user
    transitions = _transition_forms(request, draft)
    # The form is offered where the service would accept it: anyone logged in during the
    # discussion, members of an assigned expert group during the review.
    can_comment = user.is_authenticated and (
        (draft.status == State.PUBLIC_DISCUSSION and draft.discussion_ends_at > timezone.now())
        or (draft.status == State.EXPERT_REVIEW and draft_is_reviewed_by(draft, user))
    )
    context = {
        "draft": draft,
        "blocks": blocks,
        "general_comments": by_article.get("", []),
        "comment_count": len(comments),
        "articles": articles,
        "history": history_visible_to(user, draft),
        "transitions": transitions,
        "can_comment": can_comment,
        "is_expert_time": draft.status == State.EXPERT_REVIEW,
        "can_answer": user.is_authenticated and can_respond(user, draft),
        "conclusions": conclusion_list_visible_to(user, draft),
        "summary_public": summary_is_public(draft) or (user.is_authenticated and can_see_expert_material(user, draft)),
        "official_copy": OfficialCopy.objects.filter(draft=draft, status=OfficialCopy.Status.READY).first(),
        "following": user.is_authenticated and draft.followers.filter(user=user).exists(),
        # Counts from the discussion on (final once it closed); buttons while it is open.
        "votes_shown": votes_shown(draft),
        "votes_open": votes_open(draft),
        "respondent_types": RespondentType.choices,
        "flag_reasons": FlagReason.choices,
        "days_left": max(0, (draft.discussion_ends_at - timezone.now()).days) if draft.discussion_ends_at else None,
        **_drafter_tools(user, draft),
        **_conclusion_form(user, draft),
        **_file_forms(),
        "timeline": draft_timeline(user, draft),
        # The survey box: the form while it takes answers, the results when the reader may see them.
        **survey_context(user, draft),
    }
    return render(request, "portal/draft.html", context)


def _transition_forms(request, draft) -> list[dict]:
    """The transitions the user's role allows now, disabled with their reasons when unmet;
    a refused one keeps what was typed into it."""
    kept = kept_transition_form(request, draft.pk) or {}
    forms = []
    for choice in transition_choices(user=request.user, draft=draft):
        mine = kept.get("name") == choice.spec.name
        forms.append(
            {
                "name": choice.spec.name,
                "label": choice.spec.label,
                "needs": choice.spec.needs,
                "enabled": choice.enabled,
                "unmet": choice.unmet,
                "earliest_day": choice.earliest_day,
                "values": kept.get("values", {}) if mine else {},
                "errors": kept.get("errors", {}) if mine else {},
            }
        )
    return forms


def _drafter_tools(user, draft) -> dict:
    # Expert groups are internal material: the public learns of the review from its conclusions' summary.
    tools = {
        "can_edit": is_drafter_of(draft, user) and draft.is_editable(),
        "can_assign": is_drafter_of(draft, user) and draft.status == State.DRAFT,
        "show_groups": can_see_internal_material(user, draft),
    }
    if tools["can_assign"]:
        tools["assignable_groups"] = ExpertGroup.objects.exclude(assignments__draft=draft).order_by("name")
    return tools


def _file_forms() -> dict:
    """What the file pickers offer: the attachment kinds, and the extensions each form takes."""
    return {
        "attachment_kinds": AttachmentKind.choices,
        "attachment_accept": ",".join(f".{e}" for e in extensions_of(set().union(*FILE_KINDS.values()))),
        "comment_file_accept": ",".join(f".{e}" for e in extensions_of(COMMENT_FILE_KINDS)),
        "max_comment_files": MAX_COMMENT_FILES,
    }


def _conclusion_form(user, draft) -> dict:
    """The expert's own groups on this draft: those that concluded this round, and those that still may."""
    if draft.status != State.EXPERT_REVIEW or not user.is_authenticated:
        return {"concluded": [], "groups_to_conclude": []}
    groups = list(ExpertGroup.objects.filter(assignments__draft=draft, group__user=user).order_by("name"))
    concluded = list(
        Conclusion.objects.filter(draft=draft, review_round=draft.review_round, group__in=groups).select_related(
            "group"
        )
    )
    done = {c.group_id for c in concluded}
    return {"concluded": concluded, "groups_to_conclude": [g for g in groups if g.pk not in done]}


def _grouped_blocks(body: str, by_article: dict) -> list[dict]:
    """Blocks for display, a provision's sub-points and paragraphs kept inside its box."""
    structure = parse(body)
    grouped, current = [], None
    for block in structure.blocks:
        if block.key:
            provision = structure.provision(block.key)
            current = {
                "kind": block.kind,
                "text": block.text,
                "key": block.key,
                "lines": [],
                "comments": by_article.get(block.key, []),
                "published": sum(
                    1 for c in by_article.get(block.key, []) if c.kind == Kind.PUBLIC and c.status == Status.PUBLISHED
                ),
                "body": provision.text if provision else "",
            }
            grouped.append(current)
        elif block.kind == "paragraph" and current is not None and block.text in current["body"]:
            current["lines"].append(block.text)
        else:
            current = None
            grouped.append(
                {"kind": block.kind, "text": block.text, "key": "", "lines": [], "comments": [], "rows": block.rows}
            )
    return grouped


def acts_list(request):
    """Approved acts with filters, each with its official PDF and verification."""
    acts = draft_list_visible_to(request.user).filter(status=State.APPROVED).order_by("-approved_on", "-id")
    filters = {name: request.GET.get(name, "") for name in ("act_type", "issuing_body", "year")}
    try:
        numbers = _filter_numbers(request)
    except InvalidArguments as error:
        return render(request, "refusal.html", {"message": refusal_text(error)}, status=400)
    if numbers["act_type"]:
        acts = acts.filter(act_type_id=numbers["act_type"])
    if numbers["issuing_body"]:
        acts = acts.filter(issuing_body_id=numbers["issuing_body"])
    if numbers["year"]:
        acts = acts.filter(approved_year=numbers["year"])
    page = Paginator(acts.select_related("official_copy"), 20).get_page(numbers["page"])
    return render(
        request,
        "portal/acts.html",
        {
            "page": page,
            "filters": filters,
            "act_types": ActType.objects.all(),
            "issuing_bodies": IssuingBody.objects.all(),
            "years": sorted(
                set(Draft.objects.filter(status=State.APPROVED).values_list("approved_year", flat=True)), reverse=True
            ),
        },
    )


def _filter_numbers(request) -> dict[str, int | None]:
    """The numeric filters and the page of a list page; a number out of range is refused (400)."""
    return {
        "act_type": bounded_int(request.GET.get("act_type"), field="act_type"),
        "issuing_body": bounded_int(request.GET.get("issuing_body"), field="issuing_body"),
        "year": bounded_int(request.GET.get("year"), field="year", minimum=1900, maximum=2200),
        "page": bounded_int(request.GET.get("page"), field="page", maximum=MAX_PAGE),
    }


@throttled_page("search")
def search_page(request):
    """Search with filters, each hit's status, facet counts and a snippet of the text that matched."""
    query = request.GET.get("q", "").strip()[:500]
    status = [s for s in request.GET.getlist("status") if s in State.values]
    try:
        numbers = _filter_numbers(request)
    except InvalidArguments as error:
        return render(request, "refusal.html", {"message": refusal_text(error)}, status=400)
    page_number = numbers.pop("page") or 1
    result, hits, facets = None, [], []
    if query:
        result = search_for(
            request.user,
            SearchRequest(
                query=query,
                status=tuple(status),
                page=page_number,
                page_size=20,
                **{name: (value,) if value else () for name, value in numbers.items()},
            ),
        )
        hits = [_shown_hit(r) for r in result["results"]]
        facets = _shown_facets(result["facets"])
    # The current search without its page: pages and facet links keep the query and filters.
    kept = urlencode(
        [("q", query)] + [("status", s) for s in status] + [(name, value) for name, value in numbers.items() if value]
    )
    return render(
        request,
        "portal/search.html",
        {
            "query": query,
            "status": status,
            "result": result,
            "hits": hits,
            "facets": facets,
            "kept": kept,
            "page_number": page_number,
            "State": State,
            "chosen": {name: str(value) for name, value in numbers.items() if value},
            "act_types": ActType.objects.all(),
            "issuing_bodies": IssuingBody.objects.all(),
            "years": sorted(set(Draft.objects.exclude(approved_year=None).values_list("approved_year", flat=True))),
        },
    )


def _shown_hit(r) -> dict:
    """A hit as the page shows it: its status in words, and snippets of the text, never the title again."""
    snippets = [h for h in r.highlights if h["field"] != "title"]
    status_label = MaterialKind(r.material_kind).label if r.type == "material" else State(r.status).label
    return {"r": r, "status_label": status_label, "snippets": snippets, "lead": "" if snippets else r.lead}


def _shown_facets(facets: dict) -> list[dict]:
    """The backend's facet counts with names in the reader's language, as links that narrow the search."""
    names = {
        "status": {value: label for value, label in State.choices},
        "act_type": _names(ActType, facets.get("act_type", {})),
        "issuing_body": _names(IssuingBody, facets.get("issuing_body", {})),
    }
    titles = {"status": _("Status"), "act_type": _("Act type"), "issuing_body": _("Issuing body"), "year": _("Year")}
    shown = []
    for name, title in titles.items():
        counts = facets.get(name) or {}
        entries = [
            {"value": str(key), "label": names.get(name, {}).get(str(key), str(key)), "count": n}
            for key, n in counts.items()
            if n
        ]
        if entries:
            shown.append({"name": name, "title": title, "entries": entries})
    return shown


def _names(model, keys) -> dict[str, str]:
    """The reader's-language names of the reference rows whose ids are the facet's keys."""
    return {str(pk): row.name for pk, row in model.objects.in_bulk([int(k) for k in keys if str(k).isdigit()]).items()}
