"""Backup and restore: the demo world comes back whole into an empty installation, and bad archives change nothing.

"A fresh empty database" is this test database flushed (post_migrate creates the content types
and permissions again, under new ids, as `migrate` does on a new installation) and an empty
media folder; hence transactional tests, whose rows really commit and are flushed afterwards.
"""

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import threading
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from rest_framework.test import APIClient

from kernel.states import State
from operations.archive import MANIFEST
from operations.backups import EXCLUDED, RowSerializer, copied_models
from publishing.models import OfficialCopy
from tests.workflow.test_transitions import post
from workflow.demo.world import build_demo_world

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


def run(command: str, *args) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def empty_installation(media: Path) -> None:
    """What a new machine has: a migrated database with no rows of ours, no stored files."""
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media, ignore_errors=True)
    assert not get_user_model().objects.exists()


def counts() -> dict[str, int]:
    return {model._meta.label_lower: model._base_manager.count() for model in copied_models()}


def stored_official_copies() -> dict[int, tuple[str, str, str]]:
    """Each official copy: its file, its stored checksum, and the SHA-256 of the file in storage now."""
    found = {}
    for copy in OfficialCopy.objects.exclude(file=""):
        content = (Path(settings.MEDIA_ROOT) / copy.file.name).read_bytes()
        found[copy.draft_id] = (copy.file.name, copy.pdf_checksum, hashlib.sha256(content).hexdigest())
    return found


def search_results(usernames: list[str | None], queries: list[str]) -> dict:
    """What each user finds for each query, as the API answers: type, id and draft of every result."""
    found = {}
    for username in usernames:
        client = APIClient()
        if username:
            client.force_authenticate(get_user_model().objects.get(username=username))
        for query in queries:
            body = client.get("/api/v1/search/", {"q": query, "page_size": 50}).json()
            found[username, query] = (body["count"], sorted((r["type"], r["id"], r["draft"]) for r in body["results"]))
    return found


@pytest.fixture
def demo_world_with_two_official_copies(media):
    """The demo world (its approved act rendered) plus the draft awaiting approval, approved and rendered."""
    world = build_demo_world(password="demo")
    approval = world.drafts[State.APPROVAL]
    response = post(_client, world.users["approver"], approval, "approve", number="46", approved_on="2026-11-26")
    assert response.status_code == 200, response.json()
    copies = OfficialCopy.objects.filter(status=OfficialCopy.Status.READY)
    assert copies.count() == 2, "both approvals rendered their official PDF"
    return world


def _client(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_a_backup_restored_into_an_empty_installation_brings_back_every_row_file_and_search_result(
    demo_world_with_two_official_copies, media, tmp_path
):
    world = demo_world_with_two_official_copies
    queries = [draft.title for draft in world.drafts.values()] + ["to‘g‘risida", "транспорт"]
    users = [None, "drafter", "expert", "moderator", "citizen"]
    rows_before, copies_before = counts(), stored_official_copies()
    found_before = search_results(users, queries)
    assert all(stored == actual for _name, stored, actual in copies_before.values())
    assert rows_before["drafts.draft"] == len(world.drafts) and rows_before["comments.comment"] > 0

    written = run("backup", str(tmp_path / "nightly.tar.gz"))

    assert f"{sum(rows_before.values())} rows" in written and "2 official copies" in written
    with tarfile.open(tmp_path / "nightly.tar.gz") as tar:
        manifest = json.load(tar.extractfile(MANIFEST))
    assert {t["model"]: t["count"] for t in manifest["tables"]} == rows_before
    assert {c["draft"]: c["pdf_checksum"] for c in manifest["official_copies"]} == {
        draft: stored for draft, (_name, stored, _actual) in copies_before.items()
    }
    assert manifest["database_vendor"] == connection.vendor and manifest["app_version"]

    empty_installation(media)
    restored = run("restore", str(tmp_path / "nightly.tar.gz"))

    assert "each count as in the manifest" in restored
    assert "Official copies checked against their stored SHA-256: 2." in restored
    assert counts() == rows_before
    assert stored_official_copies() == copies_before
    assert search_results(users, queries) == found_before
    # The people come back with their passwords and roles; their sessions do not.
    web = APIClient()
    signed_in = web.post("/api/v1/auth/token/", {"username": "drafter", "password": "demo"}, format="json")
    assert signed_in.status_code == 200, signed_in.content
    draft = world.drafts[State.DRAFT]
    mine = web.get(f"/api/v1/drafts/{draft.pk}/", HTTP_AUTHORIZATION=f"Token {signed_in.json()['token']}")
    assert mine.status_code == 200
    assert APIClient().get(f"/api/v1/drafts/{draft.pk}/").status_code == 404
    pdf = APIClient().get(f"/api/v1/drafts/{world.drafts[State.APPROVED].pk}/pdf/")
    assert pdf.status_code == 200
    assert (
        hashlib.sha256(b"".join(pdf.streaming_content)).hexdigest() == copies_before[world.drafts[State.APPROVED].pk][1]
    )
    # New rows get new ids after the restored ones (sequences were reset on PostgreSQL).
    newcomer = get_user_model().objects.create_user("newcomer", password="long enough password 1")
    assert newcomer.pk > max(u.pk for u in world.users.values())

    # The restored installation is no longer empty: restoring again is refused, and says why.
    users = rows_before["auth.user"] + 1
    with pytest.raises(CommandError, match=rf"not empty, so nothing was restored: .*auth\.user \({users}\)"):
        run("restore", str(tmp_path / "nightly.tar.gz"))
    assert counts()["auth.user"] == users


# Refusals of bad archives: a small real backup, changed in one way each; the target is empty and stays so.


@pytest.fixture
def small_archive(media, tmp_path) -> Path:
    get_user_model().objects.create_user("only", password="long enough password 1")
    (media / "official").mkdir(parents=True)
    (media / "official" / "act.pdf").write_bytes(b"%PDF-1.7 not really")
    path = tmp_path / "small.tar"
    run("backup", str(path))
    empty_installation(media)
    return path


def repack(source: Path, target: Path, *, replace=None, drop=(), add=(), manifest=None) -> Path:
    """A copy of the archive with members replaced, dropped or added (TarInfo, bytes), or the manifest changed."""
    replace = replace or {}
    with tarfile.open(source) as old, tarfile.open(target, "w") as new:
        for info in old:
            if info.name in drop:
                continue
            data = old.extractfile(info).read()
            if info.name == MANIFEST and manifest:
                data = json.dumps(manifest(json.loads(data))).encode()
            data = replace.get(info.name, data)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
        for info, data in add:
            new.addfile(info, io.BytesIO(data) if data is not None else None)
    return target


def member(name: str, kind=tarfile.REGTYPE, data: bytes = b"x", linkname: str = "") -> tuple:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, linkname
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    return info, data if kind == tarfile.REGTYPE else None


def refused(archive: Path, media: Path, reason: str) -> None:
    with pytest.raises(CommandError, match=reason):
        run("restore", str(archive))
    assert not get_user_model().objects.exists(), "nothing was restored"
    assert not (media / "official" / "act.pdf").exists()


def test_the_small_archive_restores_as_it_is(small_archive, media):
    run("restore", str(small_archive))
    assert get_user_model().objects.get().username == "only"
    assert (media / "official" / "act.pdf").read_bytes() == b"%PDF-1.7 not really"


def test_a_tampered_member_is_refused_before_the_database_is_touched(small_archive, media, tmp_path):
    users = (
        b'{"model": "auth.user", "pk": 1, "fields": {"username": "intruder", "password": "", "is_superuser": true}}\n'
    )
    archive = repack(small_archive, tmp_path / "bad.tar", replace={"database/auth.user.jsonl": users})
    refused(archive, media, r"database/auth\.user\.jsonl does not match its SHA-256")


def test_a_tampered_file_is_refused(small_archive, media, tmp_path):
    archive = repack(small_archive, tmp_path / "bad.tar", replace={"media/official/act.pdf": b"%PDF forged"})
    refused(archive, media, r"media/official/act\.pdf does not match its SHA-256")


def test_a_missing_member_is_refused(small_archive, media, tmp_path):
    archive = repack(small_archive, tmp_path / "bad.tar", drop={"media/official/act.pdf"})
    refused(archive, media, r"missing member media/official/act\.pdf")


def test_a_member_the_manifest_does_not_list_is_refused(small_archive, media, tmp_path):
    archive = repack(small_archive, tmp_path / "bad.tar", add=[member("media/official/extra.pdf")])
    refused(archive, media, r"member media/official/extra\.pdf is not in the manifest")


def test_an_archive_without_a_manifest_is_refused(small_archive, media, tmp_path):
    archive = repack(small_archive, tmp_path / "bad.tar", drop={MANIFEST})
    refused(archive, media, "has no manifest.json")


@pytest.mark.parametrize(
    "name,reason",
    [
        ("media/../../../tmp/escaped.txt", "leaves its folder"),
        ("/etc/cron.d/evil", "absolute or malformed"),
        ("media/./official/act.pdf", "leaves its folder"),
        ("settings.py", "outside database/ and media/"),
    ],
)
def test_a_member_whose_path_leaves_its_folder_is_refused(small_archive, media, tmp_path, name, reason):
    archive = repack(small_archive, tmp_path / "bad.tar", add=[member(name)])
    refused(archive, media, f"Member {name!r} is refused: .*{reason}")
    assert not (tmp_path / "escaped.txt").exists()


@pytest.mark.parametrize(
    "kind,linkname",
    [
        (tarfile.SYMTYPE, "/etc/passwd"),
        (tarfile.LNKTYPE, "media/official/act.pdf"),
        (tarfile.CHRTYPE, ""),
        (tarfile.DIRTYPE, ""),
    ],
)
def test_links_devices_and_folders_are_refused(small_archive, media, tmp_path, kind, linkname):
    archive = repack(
        small_archive, tmp_path / "bad.tar", add=[member("media/official/link.pdf", kind, linkname=linkname)]
    )
    refused(archive, media, "only regular files")


def test_an_archive_of_other_migrations_is_refused(small_archive, media, tmp_path):
    def older(manifest):
        manifest["migrations"] = manifest["migrations"][:-1]
        return manifest

    archive = repack(small_archive, tmp_path / "older.tar", manifest=older)
    refused(archive, media, "migrations differ from the archive's .*Install the version that made the backup")


@pytest.mark.parametrize(
    "change,reason",
    [
        (lambda m: {**m, "tables": [{**m["tables"][0], "member": "database/elsewhere.jsonl"}]}, "lists its tables"),
        (lambda m: {**m, "tables": m["tables"][1:]}, "one table for each database/ member"),
        (lambda m: {**m, "members": {"../up": {"sha256": "0", "size": 1}}}, "lists its members"),
        (lambda m: {**m, "migrations": "all"}, "does not list the migrations"),
        (lambda m: {**m, "format_version": 99}, "format version 99"),
        (lambda m: {**m, "format": "other"}, "not describe a backup of this service"),
    ],
)
def test_a_manifest_in_another_shape_is_refused(small_archive, media, tmp_path, change, reason):
    archive = repack(small_archive, tmp_path / "odd.tar", manifest=change)
    refused(archive, media, reason)


def test_a_file_that_is_not_an_archive_is_refused(media, tmp_path):
    (tmp_path / "notes.tar").write_text("not a tar")
    with pytest.raises(CommandError, match="not a readable tar archive"):
        run("restore", str(tmp_path / "notes.tar"))
    with pytest.raises(CommandError, match="No archive at"):
        run("restore", str(tmp_path / "absent.tar"))


# Backup refusals and warnings.


def test_backup_never_overwrites_and_names_its_format(small_archive, media, tmp_path):
    with pytest.raises(CommandError, match="exists already"):
        run("backup", str(small_archive))
    with pytest.raises(CommandError, match=r"Name the archive <name>\.tar or <name>\.tar\.gz"):
        run("backup", str(tmp_path / "backup.zip"))
    media.mkdir(parents=True, exist_ok=True)
    with pytest.raises(CommandError, match="outside MEDIA_ROOT"):
        run("backup", str(media / "inside.tar"))
    assert not list(tmp_path.glob(".*partial")), "no half-written archive is left"


def test_backup_leaves_out_links_and_what_is_rebuilt(media, tmp_path):
    media.mkdir(parents=True)
    (media / "secret-link").symlink_to("/etc/passwd")
    (media / "kept.txt").write_text("kept")
    run("backup", str(tmp_path / "a.tar"))
    with tarfile.open(tmp_path / "a.tar") as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile(MANIFEST))
    assert "media/kept.txt" in names and "media/secret-link" not in names
    assert not any(
        name.startswith(("database/sessions.", "database/search.", "database/contenttypes.")) for name in names
    )
    assert set(manifest["excluded"]) == set(EXCLUDED)


def test_backup_of_a_damaged_official_copy_is_written_but_fails_loudly(demo_world_with_two_official_copies, tmp_path):
    copy = OfficialCopy.objects.filter(status=OfficialCopy.Status.READY).first()
    (Path(settings.MEDIA_ROOT) / copy.file.name).write_bytes(b"%PDF damaged")
    with pytest.raises(CommandError, match="1 official copies are damaged in storage"):
        run("backup", str(tmp_path / "b.tar.gz"))
    assert (tmp_path / "b.tar.gz").exists()


def test_rows_written_while_the_backup_runs_are_not_in_it(media, tmp_path, monkeypatch):
    """A writer on another connection, started while the first table is being written (the
    injection is ours; the concurrency is real), commits a user; the archive is one snapshot without it."""
    get_user_model().objects.create_user("before", password="long enough password 1")
    serialize = RowSerializer.serialize
    wrote = []

    def serialize_then_someone_writes(self, rows, **options):
        result = serialize(self, rows, **options)
        if not wrote:
            writer = threading.Thread(target=sign_up, args=("during",))
            writer.start()
            writer.join()
            wrote.append(get_user_model().objects.using("default").filter(username="during").exists())
        return result

    monkeypatch.setattr(RowSerializer, "serialize", serialize_then_someone_writes)
    run("backup", str(tmp_path / "snapshot.tar"))

    assert get_user_model().objects.filter(username="during").exists(), "the writer committed"
    with tarfile.open(tmp_path / "snapshot.tar") as tar:
        manifest = json.load(tar.extractfile(MANIFEST))
        users = tar.extractfile("database/auth.user.jsonl").read().decode()
    assert {t["model"]: t["count"] for t in manifest["tables"]}["auth.user"] == 1
    assert '"before"' in users and '"during"' not in users


def sign_up(username: str) -> None:
    try:
        get_user_model().objects.create_user(username, password="long enough password 1")
    finally:
        connections.close_all()


# Across database engines: SQLite to PostgreSQL (or back, when the suite runs on PostgreSQL).


def other_database(tmp_path) -> tuple[str, callable]:
    if connection.vendor == "postgresql":
        return f"sqlite:///{tmp_path / 'other.sqlite3'}", lambda: None
    name = f"legaldrafts_backup_roundtrip_{os.getpid()}"
    admin = "postgres://postgres@127.0.0.1:5432/postgres"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as pg:
            pg.execute(f"DROP DATABASE IF EXISTS {name}")
            pg.execute(f"CREATE DATABASE {name}")
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL on 127.0.0.1:5432 to restore into")

    def drop():
        with psycopg.connect(admin, autocommit=True) as pg:
            pg.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    return f"postgres://postgres@127.0.0.1:5432/{name}", drop


def test_an_archive_restores_on_the_other_database_engine(demo_world_with_two_official_copies, tmp_path):
    rows = sum(counts().values())
    run("backup", str(tmp_path / "across.tar.gz"))
    url, drop = other_database(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(tmp_path / "other-media"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    try:
        for command in (["migrate", "-v0"], ["restore", str(tmp_path / "across.tar.gz")]):
            done = subprocess.run(
                [sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
            )
            assert done.returncode == 0, done.stdout + done.stderr
        assert f"{rows} rows" in done.stdout
        assert "Official copies checked against their stored SHA-256: 2." in done.stdout
        again = subprocess.run(
            [sys.executable, "manage.py", "restore", str(tmp_path / "across.tar.gz")],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert again.returncode == 1 and "This installation is not empty" in again.stderr
    finally:
        drop()
