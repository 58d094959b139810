"""The open-data export of the demo world: what it holds, how it resumes, how it refuses, and that it validates."""

import csv
import io
import json
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import StreamingHttpResponse
from frictionless import Package
from rest_framework.throttling import ScopedRateThrottle

from comments import services
from comments.models import Comment, Status
from comments.selectors import comment_list_visible_to, conclusion_list_visible_to
from drafts.selectors import draft_list_visible_to, version_list_visible_to
from opendata.package import descriptor
from opendata.tables import TABLES

PUBLIC = AnonymousUser()


def body(response) -> bytes:
    assert isinstance(response, StreamingHttpResponse)  # streamed, never held whole
    return b"".join(response.streaming_content)


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body(response).decode())))


def jsonl_rows(response) -> list[dict]:
    return [json.loads(line) for line in body(response).decode().splitlines()]


@pytest.fixture
def anonymous_comment(world):
    """A comment published without its author's name (the flag set as the participation service sets it)."""
    draft = world.drafts["public_discussion"]
    comment = services.comment_submit(user=world.users["citizen"], draft_id=draft.pk, text="Ismimsiz taklif.")
    Comment.objects.filter(pk=comment.pk).update(anonymous=True)
    services.comment_moderate(user=world.users["moderator"], comment_id=comment.pk, decision="publish")
    return Comment.objects.select_related("author").get(pk=comment.pk)


@pytest.mark.django_db
def test_the_package_validates_with_frictionless_on_its_downloaded_files(world, client, anonymous_comment, tmp_path):
    package = client.get("/api/v1/export/datapackage.json")
    assert package.status_code == 200
    (tmp_path / "datapackage.json").write_bytes(package.content)
    for resource in package.json()["resources"]:
        response = client.get(f"/api/v1/export/{resource['path']}")
        assert response.status_code == 200, resource["path"]
        (tmp_path / resource["path"]).write_bytes(body(response))
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])
    # A reuser reads under what terms the data are offered.
    assert [licence["name"] for licence in Package(str(tmp_path / "datapackage.json")).licenses] == ["CC-BY-4.0"]
    rows = {p.name: p.read_bytes().count(b"\n") for p in tmp_path.glob("*.jsonl")}
    assert rows["drafts.jsonl"] == draft_list_visible_to(PUBLIC).count()
    assert rows["comments.jsonl"] > 0 and rows["responses.jsonl"] > 0 and rows["acts.jsonl"] >= 1


@pytest.mark.django_db
def test_each_table_holds_exactly_what_the_selectors_show_the_public(world, client, anonymous_comment):
    drafts = list(draft_list_visible_to(PUBLIC))
    exported = {t.name: jsonl_rows(client.get(f"/api/v1/export/{t.name}.jsonl")) for t in TABLES}
    assert {r["id"] for r in exported["drafts"]} == {d.pk for d in drafts}
    versions = {(d.pk, v.number) for d in drafts for v in version_list_visible_to(PUBLIC, d)}
    assert {(r["draft_id"], r["number"]) for r in exported["versions"]} == versions
    # The public also sees where hidden comments were; the export holds the published ones.
    shown = [c for d in drafts for c in comment_list_visible_to(PUBLIC, d) if c.status == Status.PUBLISHED]
    assert {r["id"] for r in exported["comments"]} == {c.pk for c in shown}
    answered = {c.pk for c in shown if getattr(c, "response", None) is not None}
    assert {r["comment_id"] for r in exported["responses"]} == answered
    concluded = {c.pk for d in drafts for c in conclusion_list_visible_to(PUBLIC, d)}
    assert {r["id"] for r in exported["conclusions"]} == concluded
    assert {r["draft_id"] for r in exported["acts"]} == {d.pk for d in drafts if d.status == "approved"}
    act = exported["acts"][0]
    assert act["number"] and act["approved_on"] and act["pdf_url"].endswith(f"/api/v1/drafts/{act['draft_id']}/pdf/")


@pytest.mark.django_db
def test_an_anonymous_comment_carries_no_name_in_the_export_or_the_feed(world, client, anonymous_comment):
    author = anonymous_comment.author
    names = {author.username, author.first_name, author.last_name, author.get_full_name()} - {""}
    row = next(r for r in jsonl_rows(client.get("/api/v1/export/comments.jsonl")) if r["id"] == anonymous_comment.pk)
    assert row["author"] is None and row["anonymous"] is True and row["text"] == "Ismimsiz taklif."
    assert not any(name in json.dumps(row, ensure_ascii=False) for name in names)
    line = next(r for r in csv_rows(client.get("/api/v1/export/comments.csv")) if r["id"] == str(anonymous_comment.pk))
    assert line["author"] == "" and line["anonymous"] == "true"
    assert not any(name in value for value in line.values() for name in names)
    # The citizen's other comments still carry their name: only the anonymous one lost it.
    named = [r for r in jsonl_rows(client.get("/api/v1/export/comments.jsonl")) if r["author"] in names]
    assert named
    feed = client.get(f"/drafts/{anonymous_comment.draft_id}/feed.atom").content.decode()
    at = feed.index(f"#comment-{anonymous_comment.pk}")
    entry = feed[feed.rindex("<entry>", 0, at) : feed.index("</entry>", at)]
    # The demo citizen's user name is "citizen": the entry names "A citizen" and nobody else.
    assert "Ismimsiz taklif." in entry and "<author><name>A citizen</name></author>" in entry
    assert not any(name in entry for name in names - {author.username})


@pytest.mark.django_db
def test_pending_rejected_withdrawn_and_hidden_comments_are_never_exported(world, client):
    draft = world.drafts["public_discussion"]
    citizen, moderator = world.users["citizen"], world.users["moderator"]
    pending = services.comment_submit(user=citizen, draft_id=draft.pk, text="Kutilmoqda.")
    rejected = services.comment_submit(user=citizen, draft_id=draft.pk, text="Rad etiladigan.")
    services.comment_moderate(user=moderator, comment_id=rejected.pk, decision="reject", reason="Mavzudan tashqari.")
    withdrawn = services.comment_submit(user=citizen, draft_id=draft.pk, text="Qaytarib olinadigan.")
    services.comment_withdraw(user=citizen, comment_id=withdrawn.pk)
    hidden = services.comment_submit(user=citizen, draft_id=draft.pk, text="Yashiriladigan.")
    services.comment_moderate(user=moderator, comment_id=hidden.pk, decision="publish")
    Comment.objects.filter(pk=hidden.pk).update(status=Status.HIDDEN)  # as the flags' moderation hides it
    gone = {pending.pk, rejected.pk, withdrawn.pk, hidden.pk}
    for format in ("csv", "jsonl"):
        text = body(client.get(f"/api/v1/export/comments.{format}")).decode()
        for word in ("Kutilmoqda", "Rad etiladigan", "Qaytarib olinadigan", "Yashiriladigan"):
            assert word not in text
    ids = {r["id"] for r in jsonl_rows(client.get("/api/v1/export/comments.jsonl"))}
    assert not ids & gone
    feed = client.get(f"/drafts/{draft.pk}/feed.atom").content.decode()
    assert "Yashiriladigan" not in feed and "Rad etiladigan" not in feed and "Kutilmoqda" not in feed
    remarks = set(Comment.objects.filter(kind="expert").values_list("pk", flat=True))
    assert remarks and not ids & remarks


@pytest.mark.django_db
@pytest.mark.parametrize("format", ["csv", "jsonl"])
def test_cursor_pages_give_every_row_once_in_order(world, client, format):
    whole = client.get(f"/api/v1/export/comments.{format}")
    read = csv_rows if format == "csv" else jsonl_rows
    everything = [str(r["id"]) for r in read(whole)]
    assert len(everything) >= 3
    pages, url = [], f"/api/v1/export/comments.{format}?limit=2"
    while url:
        response = client.get(url)
        assert response.status_code == 200
        pages.append([str(r["id"]) for r in read(response)])
        link = response.headers.get("Link")
        url = re.match(r"<http://testserver([^>]+)>; rel=\"next\"", link).group(1) if link else None
        assert len(pages) < 100
    assert all(len(p) == 2 for p in pages[:-1]) and 1 <= len(pages[-1]) <= 2
    assert [i for page in pages for i in page] == everything


@pytest.mark.django_db
def test_since_gives_only_the_rows_changed_at_or_after_it(world, client):
    rows = jsonl_rows(client.get("/api/v1/export/comments.jsonl"))
    times = sorted({r["changed_at"] for r in rows})
    middle = times[len(times) // 2]
    later = jsonl_rows(client.get("/api/v1/export/comments.jsonl", {"since": middle}))
    assert later and {r["id"] for r in later} == {r["id"] for r in rows if r["changed_at"] >= middle}
    # A "+" sent unencoded arrives as a space: still the same time.
    offset = middle.replace("+00:00", " 00:00")
    assert jsonl_rows(client.get(f"/api/v1/export/comments.jsonl?since={offset}")) == later
    published = services.comment_submit(user=world.users["citizen"], draft_id=world.drafts["public_discussion"].pk,
                                        text="Eng yangi taklif.")  # fmt: skip
    services.comment_moderate(user=world.users["moderator"], comment_id=published.pk, decision="publish")
    newest = jsonl_rows(client.get("/api/v1/export/comments.jsonl", {"since": times[-1]}))
    assert published.pk in {r["id"] for r in newest}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, field",
    [
        ({"since": "yesterday"}, "since"),
        ({"since": "2025-03-01T00:00:00"}, "since"),  # no offset: whose midnight?
        ({"since": "2025-13-01T00:00:00Z"}, "since"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": "W10"}, "cursor"),
        ({"limit": "0"}, "limit"),
        ({"limit": ""}, "limit"),
        ({"since": ""}, "since"),
        ({"cursor": ""}, "cursor"),
        ({"since": "0001-01-01T00:00:00+05:00"}, "since"),
        ({"limit": "ten"}, "limit"),
        ({"limit": "99999999999999"}, "limit"),
    ],
)
def test_malformed_since_cursor_or_limit_is_a_400_with_the_reason(world, client, query, field):
    response = client.get("/api/v1/export/comments.csv", query)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and field in response.json()["errors"]


@pytest.mark.django_db
def test_a_cursor_of_another_table_is_refused(world, client):
    next_page = client.get("/api/v1/export/drafts.csv?limit=1").headers["X-Next-Cursor"]
    response = client.get("/api/v1/export/comments.csv", {"cursor": next_page})
    assert response.status_code == 400 and "cursor" in response.json()["errors"]


@pytest.mark.django_db
def test_unknown_files_are_404_with_a_reason(world, client):
    for path in ("/api/v1/export/users.csv", "/api/v1/export/drafts.xml", "/api/v1/export/dump/../../etc"):
        response = client.get(path)
        assert response.status_code == 404 and response.json()["detail"]


@pytest.fixture
def tight_export_rate(monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {**ScopedRateThrottle.THROTTLE_RATES, "export": "3/min"})


@pytest.mark.django_db
def test_an_export_client_over_the_rate_gets_429_with_a_json_reason(world, client, tight_export_rate):
    statuses = [client.get("/api/v1/export/acts.csv").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/export/comments.jsonl")
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled" and refused.json()["retry_after"] >= 1
    assert int(refused.headers["Retry-After"]) >= 1
    assert client.get("/").status_code == 200  # the pages do not share the export's budget
    assert client.get("/api/v1/export/datapackage.json").status_code == 200  # nor does the descriptor


@pytest.mark.django_db
def test_the_descriptor_is_relative_so_a_downloaded_copy_validates_alone(world):
    package = descriptor()
    assert all("/" not in r["path"] for r in package["resources"])
    names = [r["name"] for r in package["resources"]]
    assert len(names) == len(set(names))
    # Every table as CSV; as JSON Lines too, but for the empty conclusions (a file of no line says nothing).
    assert set(names) == {t.name for t in TABLES} | {f"{t.name}-jsonl" for t in TABLES if t.name != "conclusions"}
    keys = [k for r in package["resources"] for k in r["schema"].get("foreignKeys", [])]
    assert keys and all(k["reference"]["resource"] in names for k in keys)
