"""Who reads the name of an author who published without it: every reader × every place that shows comments.

The name is shown to the author, the moderators and the draft's own drafters, through the API and on the
draft's page; to nobody else; and to nobody at all in what is published or sent: the summary (JSON, page,
PDF), search results, e-mails. The rule lives in comments.selectors.public_author_name (with_public_author)."""

import io
import re

import pypdf
import pytest
from django.test import TestCase

from comments.models import Comment
from comments.replies import reply_submit
from comments.services import comment_moderate, comment_submit
from search.indexing import rebuild_index
from tests.participation.conftest import citizen, published_by_citizen

pytestmark = pytest.mark.django_db

READERS = ["visitor", "citizen", "author", "moderator", "drafter", "drafter2", "expert", "approver"]
# Who may read the name of the anonymous comment's author (the reply's author is never a reader here).
KNOWS_COMMENTER = {"author", "moderator", "drafter"}
KNOWS_REPLIER = {"moderator", "drafter"}


@pytest.fixture
def scene(world, settings, mailoutbox):
    """An anonymous comment by Zarina Qodirova and an anonymous reply by Bekzod Xolmatov, both published, under
    discussion; and the finalization draft's comments by Aziz Olimov made anonymous, for its summary."""
    settings.SEARCH_BACKEND = "database"
    draft = world.drafts["public_discussion"]
    author = citizen("zarina", "Zarina Qodirova")
    replier = citizen("bekzod", "Bekzod Xolmatov")
    moderator = world.users["moderator"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        comment = comment_submit(
            user=author,
            draft_id=draft.pk,
            text="Chiqindixonalar yonida yashovchilar uchun imtiyoz kerak.",
            article=published_by_citizen(draft).article.key,
            anonymous=True,
        )
        comment_moderate(user=moderator, comment_id=comment.pk, decision="publish")
        reply = reply_submit(
            user=replier,
            comment_id=published_by_citizen(draft).pk,
            text="Muddatni uzaytirish chiqindixonalar muammosini hal qilmaydi.",
            anonymous=True,
        )
        comment_moderate(user=moderator, comment_id=reply.pk, decision="publish")
    finalization = world.drafts["finalization"]
    Comment.objects.filter(draft=finalization, author=world.users["citizen"]).update(anonymous=True)
    rebuild_index()
    readers = {name: world.users.get(name) for name in READERS}
    readers["visitor"], readers["author"] = None, author
    return {
        "draft": draft,
        "comment": comment,
        "reply": reply,
        "finalization": finalization,
        "readers": readers,
        "mails": list(mailoutbox),
    }


def _client(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def _api_names(api, user, scene) -> dict[str, str]:
    draft, comment, reply = scene["draft"], scene["comment"], scene["reply"]
    reader = api(user)
    listed = {
        c["id"]: c["author"]
        for c in reader.get(f"/api/v1/drafts/{draft.pk}/comments/", {"page_size": 100}).json()["results"]
    }
    replies = {
        r["id"]: r["author"] for r in reader.get(f"/api/v1/comments/{reply.parent_id}/replies/").json()["results"]
    }
    return {
        "list: comment": listed[comment.pk],
        "list: reply": listed[reply.pk],
        "detail: comment": reader.get(f"/api/v1/comments/{comment.pk}/").json()["author"],
        "detail: reply": reader.get(f"/api/v1/comments/{reply.pk}/").json()["author"],
        "replies: reply": replies[reply.pk],
    }


def _page_author(html: str, comment_id: int) -> str:
    found = re.search(rf'id="comment-{comment_id}".*?<span class="author">(.*?)</span>', html, re.S)
    assert found, f"comment {comment_id} is not on the page"
    return found.group(1).strip()


@pytest.mark.parametrize("reader", READERS)
def test_the_api_and_the_draft_page_name_the_author_only_to_those_who_may_know(scene, api, client, reader):
    user = scene["readers"][reader]
    commenter = "Zarina Qodirova" if reader in KNOWS_COMMENTER else "A citizen"
    replier = "Bekzod Xolmatov" if reader in KNOWS_REPLIER else "A citizen"
    assert _api_names(api, user, scene) == {
        "list: comment": commenter,
        "list: reply": replier,
        "detail: comment": commenter,
        "detail: reply": replier,
        "replies: reply": replier,
    }
    page = _client(client, user).get(f"/drafts/{scene['draft'].pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert (_page_author(html, scene["comment"].pk), _page_author(html, scene["reply"].pk)) == (commenter, replier)
    hidden_names = {"Zarina", "Qodirova"} if reader not in KNOWS_COMMENTER else set()
    hidden_names |= {"Bekzod", "Xolmatov"} if reader not in KNOWS_REPLIER else set()
    assert not [name for name in hidden_names if name in html]


@pytest.mark.parametrize("reader", READERS)
def test_the_summary_names_nobody_who_published_without_a_name_whoever_reads_it(scene, api, client, reader):
    user = scene["readers"][reader]
    draft = scene["finalization"]
    summary = api(user).get(f"/api/v1/drafts/{draft.pk}/summary/")
    assert summary.status_code == 200
    authors = {c["author"] for a in summary.json()["articles"] for c in a["comments"] if c["kind"] == "public"}
    assert "A citizen" in authors and "Aziz Olimov" not in authors
    page = _client(client, user).get(f"/drafts/{draft.pk}/summary/").content.decode()
    assert "A citizen" in page and "Olimov" not in page
    pdf = api(user).get(f"/api/v1/drafts/{draft.pk}/summary/pdf/")
    assert pdf.status_code == 200
    content = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)
    assert "Olimov" not in text and "Aziz" not in text


@pytest.mark.parametrize("reader", READERS)
def test_search_results_name_nobody(scene, api, client, reader):
    user = scene["readers"][reader]
    body = api(user).get("/api/v1/search/", {"q": "chiqindixonalar"})
    assert body.status_code == 200
    found = {r["id"] for r in body.json()["results"] if r["type"] == "comment"}
    assert {scene["comment"].pk, scene["reply"].pk} <= found
    page = _client(client, user).get("/search/", {"q": "chiqindixonalar"}).content.decode()
    for name in ("Zarina", "Qodirova", "Bekzod", "Xolmatov"):
        assert name not in body.content.decode() and name not in page


def test_no_e_mail_names_an_author_who_published_without_a_name(scene):
    mails = scene["mails"]
    # The author and the replier are told of their publication; Aziz Olimov of the reply to his comment.
    assert any("A citizen" in m.body for m in mails)
    for m in mails:
        for name in ("Zarina", "Qodirova", "Bekzod", "Xolmatov"):
            assert name not in m.subject + m.body, (m.to, m.subject)
