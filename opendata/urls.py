"""The open-data page and the Atom feeds (the export itself is under /api/v1/export/, opendata.api_urls)."""

from django.urls import path

from opendata import feeds, pages

urlpatterns = [
    path("open-data/", pages.open_data_page, name="open-data"),
    path("feeds/discussions.atom", feeds.DiscussionsFeed(), name="feed-discussions"),
    path("feeds/acts.atom", feeds.ActsFeed(), name="feed-acts"),
    path("drafts/<int:draft_id>/feed.atom", feeds.DraftFeed(), name="feed-draft"),
]
