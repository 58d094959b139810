"""Atom feeds: new public discussions, approved acts, and per draft its newly published comments and responses.

What a feed shows is what anyone, not logged in, may read (opendata.selectors, and the comments'
own selector for one draft): never a pending, rejected, withdrawn or hidden comment, never the name
of an author who published without it.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from comments.models import Status
from comments.selectors import comment_list_visible_to, public_author_name
from drafts.selectors import access_draft
from kernel.errors import NotVisible
from kernel.replica import reads_may_lag
from opendata.selectors import PUBLIC, public_acts, public_drafts

# Entries per feed: the newest; the export holds everything.
ENTRIES = 50


class _AtomFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        with reads_may_lag():
            return super().__call__(request, *args, **kwargs)

    def item_link(self, item) -> str:
        return f"/drafts/{item.pk}/"

    def item_updateddate(self, item) -> datetime:
        return item.updated_at


class DiscussionsFeed(_AtomFeed):
    """Drafts newly published for public discussion."""

    link = "/"

    def title(self) -> str:
        return _("Drafts published for public discussion")

    def subtitle(self) -> str:
        return _("Each draft of a legal act when its public discussion opens.")

    def items(self):
        return public_drafts().filter(published_at__isnull=False).order_by("-published_at", "-pk")[:ENTRIES]

    def item_title(self, draft) -> str:
        return draft.title

    def item_description(self, draft) -> str:
        ends = draft.discussion_ends_at
        text = _("%(type)s, %(body)s. Comments until %(date)s.") % {
            "type": draft.act_type.name,
            "body": draft.issuing_body.name,
            "date": ends.date().isoformat() if ends else "—",
        }
        return escape(text)

    def item_pubdate(self, draft) -> datetime:
        return draft.published_at

    def item_author_name(self, draft) -> str:
        return draft.issuing_body.name


class ActsFeed(_AtomFeed):
    """Acts newly approved, with their number, date and official PDF."""

    link = "/acts/"

    def title(self) -> str:
        return _("Approved acts")

    def subtitle(self) -> str:
        return _("Each act when it is approved, with its number, its date and its official PDF.")

    def items(self):
        return public_acts().order_by("-approved_on", "-updated_at", "-pk")[:ENTRIES]

    def item_title(self, act) -> str:
        return _("No. %(number)s of %(date)s: %(title)s") % {
            "number": act.number,
            "date": act.approved_on.isoformat(),
            "title": act.title,
        }

    def item_description(self, act) -> str:
        text = _("%(type)s, %(body)s. Official PDF: %(pdf)s") % {
            "type": act.act_type.name,
            "body": act.issuing_body.name,
            "pdf": f"{settings.SITE_URL}/api/v1/drafts/{act.pk}/pdf/",
        }
        return escape(text)

    def item_pubdate(self, act) -> datetime:
        return act.updated_at

    def item_author_name(self, act) -> str:
        return act.issuing_body.name


@dataclass(frozen=True)
class Entry:
    """A published comment or a response to one, as a feed entry."""

    id: str
    title: str
    text: str
    author: str
    link: str
    at: datetime


class DraftFeed(_AtomFeed):
    """One public draft's newly published comments and the drafters' responses to them."""

    def get_object(self, request, draft_id: int):
        try:
            return access_draft(PUBLIC, draft_id)
        except NotVisible:
            raise Http404("No such draft.") from None

    def title(self, draft) -> str:
        return _("Comments and responses: %(title)s") % {"title": draft.title}

    def link(self, draft) -> str:
        return f"/drafts/{draft.pk}/"

    def subtitle(self, draft) -> str:
        return _("Comments published on this draft and the drafters' responses to them.")

    def items(self, draft) -> list[Entry]:
        # The public sees hidden comments' places too; a feed announces published ones only.
        published = comment_list_visible_to(PUBLIC, draft).filter(status=Status.PUBLISHED)
        comments = published.order_by("-moderated_at", "-id")[:ENTRIES]
        answered = published.filter(response__isnull=False).order_by("-response__answered_at", "-id")[:ENTRIES]
        entries = [self._comment(draft, c) for c in comments] + [self._response(draft, c) for c in answered]
        return sorted(entries, key=lambda e: e.at, reverse=True)[:ENTRIES]

    def _comment(self, draft, comment) -> Entry:
        where = comment.article.label if comment.article else _("the draft as a whole")
        return Entry(
            id=f"comment-{comment.pk}",
            title=_("Comment on %(where)s") % {"where": where},
            text=comment.text,
            author=str(public_author_name(comment, draft=draft)),
            link=f"/drafts/{draft.pk}/#comment-{comment.pk}",
            at=comment.moderated_at or comment.created_at,
        )

    def _response(self, draft, comment) -> Entry:
        response = comment.response
        return Entry(
            id=f"response-{comment.pk}",
            title=_("Response: %(decision)s") % {"decision": response.get_decision_display()},
            text=response.text,
            author=draft.issuing_body.name,
            link=f"/drafts/{draft.pk}/#comment-{comment.pk}",
            at=response.answered_at,
        )

    def item_title(self, entry: Entry) -> str:
        return entry.title

    def item_description(self, entry: Entry) -> str:
        # Atom carries the summary as HTML; a comment is plain text and must read as written.
        return escape(entry.text)

    def item_link(self, entry: Entry) -> str:
        return entry.link

    def item_guid(self, entry: Entry) -> str:
        return f"{settings.SITE_URL}{entry.link.split('#')[0]}#{entry.id}"

    def item_guid_is_permalink(self, entry: Entry) -> bool:
        return False

    def item_pubdate(self, entry: Entry) -> datetime:
        return entry.at

    def item_updateddate(self, entry: Entry) -> datetime:
        return entry.at

    def item_author_name(self, entry: Entry) -> str:
        return entry.author
