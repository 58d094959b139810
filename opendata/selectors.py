"""What the open-data export holds: what anyone, not logged in, may read, as rows for one query per table.

"What is public" is decided by the selectors of drafts and comments for the anonymous reader
(`draft_list_visible_to`, `version_list_visible_to`, `comment_list_visible_to`,
`conclusion_list_visible_to`). Those answer per draft; an export of millions of rows needs one
query per table, so each function below writes the same rule as one filter over every public draft,
and tests/opendata/test_export.py checks, draft by draft on the demo world, that each equals the
selectors' answer. Each query carries `changed_at`: when the row last changed as the public sees it,
which `?since=` and the cursor read.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from comments.models import Comment, Conclusion, Kind, Response, Status
from comments.permissions import can_see_expert_material
from comments.selectors import with_public_author
from drafts.models import Draft, DraftVersion
from drafts.selectors import draft_list_visible_to
from kernel.states import State

PUBLIC = AnonymousUser()


def public_drafts() -> QuerySet[Draft]:
    """Every draft anyone may open; changed whenever the draft is saved (text, metadata, state)."""
    return draft_list_visible_to(PUBLIC).annotate(changed_at=F("updated_at"))


def _public_draft_ids() -> QuerySet:
    return draft_list_visible_to(PUBLIC).order_by().values("pk")


def public_versions() -> QuerySet[DraftVersion]:
    """The public versions of public drafts (`version_list_visible_to` for the anonymous reader).

    A version made while the draft was internal becomes public when the discussion opens, a save of
    the draft: so a version changed at its creation or at its draft's last save, whichever is later.
    """
    return DraftVersion.objects.filter(draft__in=_public_draft_ids(), is_public=True).annotate(
        changed_at=Greatest("created_at", "draft__updated_at")
    )


def public_comments() -> QuerySet[Comment]:
    """Published public comments (and replies) of public drafts, with `public_author` (comments.selectors).

    `comment_list_visible_to` shows the public these and, in their place, hidden ones without their
    text; the export holds the published ones only, so pending, rejected, withdrawn and hidden comments
    and expert remarks are never in it. A comment's text never changes once published, so it changed
    when it was published (entries made on a citizen's behalf are published as they are made).
    """
    published = Comment.objects.filter(draft__in=_public_draft_ids(), kind=Kind.PUBLIC, status=Status.PUBLISHED)
    return with_public_author(published).annotate(changed_at=Coalesce("moderated_at", "created_at"))


def public_responses() -> QuerySet[Response]:
    """The drafters' responses to the public comments above; changed when last written."""
    return Response.objects.filter(
        comment__draft__in=_public_draft_ids(), comment__kind=Kind.PUBLIC, comment__status=Status.PUBLISHED
    ).annotate(changed_at=F("answered_at"))


def public_conclusions() -> QuerySet[Conclusion]:
    """Expert conclusions the public may read: those of drafts whose expert material the anonymous reader may see.

    `conclusion_list_visible_to` shows a draft's conclusions only to whom `can_see_expert_material`
    allows, and today that is never the public: the table is published with its header alone, and
    fills by itself the day the rule lets the public read a published draft's conclusions.
    """
    public = draft_list_visible_to(PUBLIC).select_related(None).only("pk", "status", "is_public", "terminated_from")
    drafts = [d.pk for d in public.iterator() if can_see_expert_material(PUBLIC, d)]
    return Conclusion.objects.filter(draft__in=drafts).annotate(changed_at=F("submitted_at"))


def public_acts() -> QuerySet[Draft]:
    """Approved acts with their number, date and `text_checksum` (of the approved version, printed on the official copy)."""
    approved_text = DraftVersion.objects.filter(draft=OuterRef("pk"), number=OuterRef("version")).values("checksum")
    return public_drafts().filter(status=State.APPROVED).annotate(text_checksum=Subquery(approved_text[:1]))
