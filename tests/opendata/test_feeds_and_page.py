"""Atom feeds of discussions, acts and one draft's comments; the open-data page in each language; the links to them."""

import xml.etree.ElementTree as ET

import pytest

from comments import services

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, path: str) -> list[ET.Element]:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


@pytest.mark.django_db
def test_the_discussions_feed_lists_the_published_drafts_only(world, client):
    titles = {e.find(f"{ATOM}title").text for e in entries(client, "/feeds/discussions.atom")}
    assert world.drafts["public_discussion"].title in titles
    assert world.drafts["approved"].title in titles
    assert world.drafts["draft"].title not in titles and world.drafts["expert_review"].title not in titles


@pytest.mark.django_db
def test_the_acts_feed_lists_approved_acts_with_number_and_pdf(world, client):
    act = world.drafts["approved"]
    [entry] = [e for e in entries(client, "/feeds/acts.atom") if act.title in e.find(f"{ATOM}title").text]
    assert act.number in entry.find(f"{ATOM}title").text
    assert f"/api/v1/drafts/{act.pk}/pdf/" in entry.find(f"{ATOM}summary").text
    assert len(entries(client, "/feeds/acts.atom")) == 1


@pytest.mark.django_db
def test_a_drafts_feed_has_its_published_comments_and_responses_as_plain_text(world, client):
    draft = world.drafts["approved"]  # every comment answered before approval
    feed = entries(client, f"/drafts/{draft.pk}/feed.atom")
    ids = [e.find(f"{ATOM}id").text for e in feed]
    assert any("#comment-" in i for i in ids) and any("#response-" in i for i in ids)
    discussion = world.drafts["public_discussion"]
    marked = services.comment_submit(user=world.users["citizen"], draft_id=discussion.pk, text="<b>Qalin</b> & so'z")
    services.comment_moderate(user=world.users["moderator"], comment_id=marked.pk, decision="publish")
    raw = client.get(f"/drafts/{discussion.pk}/feed.atom").content.decode()
    # Atom's summary is HTML: the comment's markup is escaped so that readers show it as written.
    summaries = [e.text for e in ET.fromstring(raw).iter(f"{ATOM}summary")]
    assert "&lt;b&gt;Qalin&lt;/b&gt; &amp; so&#x27;z" in summaries


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["draft", "expert_review"])
def test_a_draft_the_public_cannot_open_has_no_feed(world, client, state):
    assert client.get(f"/drafts/{world.drafts[state].pk}/feed.atom").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, heading, terms",
    [
        ("en", "Open data", "offered under Creative Commons Attribution 4.0"),
        ("ru", None, "на условиях лицензии Creative Commons Attribution 4.0"),
        ("uz", None, "Creative Commons Attribution 4.0 litsenziyasi asosida"),
        ("uz-cyrl", None, "Creative Commons Attribution 4.0 лицензияси асосида"),
    ],
)
def test_the_open_data_page_in_each_language_links_the_package_and_the_feeds(world, client, language, heading, terms):
    response = client.get("/open-data/", headers={"accept-language": language})
    assert response.status_code == 200
    page = response.content.decode()
    assert f'lang="{language}"' in page
    for link in ("/api/v1/export/datapackage.json", "/api/v1/export/comments.csv", "/feeds/acts.atom"):
        assert link in page
    # The terms of reuse, in the reader's language, with the licence's own text a click away.
    assert terms in page and 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in page
    if heading:
        assert f"<h1>{heading}</h1>" in page


@pytest.mark.django_db
def test_home_and_draft_pages_announce_their_feeds_and_the_footer_links_the_page(world, client):
    home = client.get("/").content.decode()
    assert 'type="application/atom+xml" href="/feeds/discussions.atom"' in home
    assert 'href="/feeds/acts.atom"' in home and 'href="/open-data/"' in home
    draft = world.drafts["public_discussion"]
    page = client.get(f"/drafts/{draft.pk}/").content.decode()
    assert f'type="application/atom+xml" href="/drafts/{draft.pk}/feed.atom"' in page
