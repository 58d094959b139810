"""The production stack as an administrator runs it: nginx → gunicorn → PostgreSQL, Redis and a db_worker.

One stack for the module (conftest.py); the tests run in order and share the draft they drive.
Time passes for real: the draft's act type has no minimum discussion period (an administrator's
setting, made through the ORM as the admin would), its discussion ends a few seconds after it
opens, and the worker's scheduled job closes it. Nothing moves the clock.
"""

import datetime
import hashlib
import json
import re
import time

import pytest
import requests

from tests.production.conftest import sha256

pytestmark = pytest.mark.production

shared: dict = {}


def wait(what: str, until, seconds: float = 90, every: float = 0.5):
    deadline = time.monotonic() + seconds
    while True:
        result = until()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {seconds:.0f} s")
        time.sleep(every)


def token(stack, username: str) -> str:
    answer = stack.post("/api/v1/auth/token/", json={"username": username, "password": "demo"})
    assert answer.status_code == 200, answer.text
    return answer.json()["token"]


def test_nginx_serves_static_files_for_a_year_compressed_and_keeps_media_and_metrics_inside(stack):
    stack.manage("seed_demo", "--password", "demo", timeout=300)
    home = stack.get("/")
    assert home.status_code == 200
    assert home.headers["Strict-Transport-Security"].startswith("max-age=")
    stylesheet = re.search(r'href="(/static/portal/site\.[0-9a-f]{12}\.css)"', home.text)
    assert stylesheet, "collectstatic names each file by its content hash"
    css = stack.get(stylesheet.group(1), headers={"Accept-Encoding": "gzip"})
    assert css.status_code == 200
    assert css.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert css.headers["Content-Encoding"] == "gzip"
    assert "Server: nginx" not in css.text and css.headers["Server"] == "nginx"
    # Stored PDFs only through the app's check; metrics only from the machine itself.
    assert stack.get("/media/official/").status_code == 404
    assert stack.get("/protected-media/official/").status_code == 404
    assert stack.get("/internal/metrics").status_code == 404
    plain = requests.get(f"http://localhost:{stack.port}/acts/", allow_redirects=False, timeout=10)
    assert plain.status_code == 301 and plain.headers["Location"].startswith("https://")


def test_a_draft_from_creation_to_approval_through_nginx_with_its_pdf_rendered_by_the_worker(stack):
    stack.manage(
        "shell",
        "-c",
        "from drafts.models import ActType; ActType.objects.update_or_create(code='tezkor', "
        "defaults={'name': 'Tezkor qaror', 'name_uz': 'Tezkor qaror', 'name_uz_cyrl': 'Тезкор қарор', "
        "'name_ru': 'Срочное решение', 'name_en': 'Urgent decision', 'min_discussion_days': 0})",
    )
    drafter, expert, citizen = token(stack, "drafter"), token(stack, "expert"), token(stack, "citizen")
    moderator, approver = token(stack, "moderator"), token(stack, "approver")
    headers = {"Authorization": f"Token {drafter}"}
    act_type = next(t["id"] for t in stack.get("/api/v1/act-types/").json() if t["code"] == "tezkor")
    body = stack.get("/api/v1/issuing-bodies/").json()[0]["id"]
    # The demo expert's group (the API names groups in the request's language, Uzbek Latin by default).
    groups = stack.get("/api/v1/expert-groups/", headers=headers).json()
    legal = next(g["id"] for g in groups if "Huquqiy" in g["name"])

    created = stack.post(
        "/api/v1/drafts/",
        drafter,
        {
            "title": "Ishlab chiqarish stendi sinovi",
            "act_type": act_type,
            "issuing_body": body,
            "body": "1. Birinchi band matni.\n2. Ikkinchi band matni.\n",
        },
    )
    assert created.status_code == 201, created.text
    draft = created.json()["id"]
    shared["draft"] = draft
    base = f"/api/v1/drafts/{draft}"
    assert stack.post(f"{base}/expert-groups/", drafter, {"group": legal}).status_code in (200, 201)
    assert stack.post(f"{base}/transitions/submit_for_review/", drafter).status_code == 200
    remark = stack.post(f"{base}/comments/", expert, {"text": "2-bandni aniqlashtiring.", "article": "p-2"})
    assert remark.status_code == 201, remark.text
    conclusion = stack.post(f"{base}/conclusions/", expert, {"verdict": "positive", "text": "Ma'qul."})
    assert conclusion.status_code == 201, conclusion.text

    ends_at = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=12)
    opened = stack.post(f"{base}/transitions/open_discussion/", drafter, {"discussion_ends_at": ends_at.isoformat()})
    assert opened.status_code == 200, opened.text
    comment = stack.post(f"{base}/comments/", citizen, {"text": "Muddatni aniq yozing.", "article": "p-1"})
    assert comment.status_code == 201, comment.text
    published = stack.post(f"/api/v1/comments/{comment.json()['id']}/moderation/", moderator, {"decision": "publish"})
    assert published.status_code == 200, published.text

    # Nobody closes it: the worker runs the closing job queued for the deadline.
    wait(
        "the worker closes the discussion at its deadline",
        lambda: stack.get(base + "/", headers=headers).json()["status"] == "finalization",
        seconds=60,
    )
    for answered in (remark.json()["id"], comment.json()["id"]):
        response = stack.post(
            f"/api/v1/comments/{answered}/response/", drafter, {"decision": "accepted", "text": "Ok."}
        )
        assert response.status_code in (200, 201), response.text
    assert stack.post(f"{base}/transitions/submit_for_approval/", drafter).status_code == 200
    approved = stack.post(f"{base}/transitions/approve/", approver, {"number": "77", "approved_on": "2026-11-28"})
    assert approved.status_code == 200, approved.text

    # The approval only queued the rendering; the PDF answers 503 + Retry-After until the worker is done.
    def ready():
        answer = stack.get(f"{base}/pdf/")
        assert answer.status_code in (200, 503), answer.text
        return answer if answer.status_code == 200 else None

    pdf = wait("the worker renders the official PDF", ready, seconds=120)
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    checksum = stack.sql(f"SELECT pdf_checksum FROM drafts_officialcopy WHERE draft_id = {draft}")
    assert hashlib.sha256(pdf.content).hexdigest() == checksum
    # Sent by nginx from the internal location (X-Accel-Redirect), with the app's ETag and caching.
    assert pdf.headers["ETag"] == f'"{checksum}"'
    assert pdf.headers["Cache-Control"] == "public, max-age=86400"
    assert "X-Accel-Redirect" not in pdf.headers
    assert stack.get(f"{base}/pdf/", headers={"If-None-Match": f'"{checksum}"'}).status_code == 304

    # The worker rendered it: the job that returned this checksum names the worker, and so does its log.
    job, rendered_by = stack.sql(
        "SELECT id, worker_ids FROM django_tasks_database_dbtaskresult "
        f"WHERE task_path = 'publishing.tasks.render_official_copy' AND return_value #>> '{{}}' = '{checksum}'"
    ).split("|")
    assert json.loads(rendered_by) == ["worker-0"]
    assert job in stack.log("worker")
    assert job not in stack.log("web")

    # Prometheus reads the worker's counts through nginx's listener on the machine's own address.
    metrics = requests.get(f"http://127.0.0.1:{stack.metrics_port}/internal/metrics", timeout=30)
    assert metrics.status_code == 200
    finished = [line for line in metrics.text.splitlines() if line.startswith("legaldrafts_jobs_finished_total{")]
    assert any("render_official_copy" in line and 'outcome="successful"' in line for line in finished), finished
    assert requests.get(f"http://127.0.0.1:{stack.metrics_port}/api/v1/health/", timeout=10).status_code == 404
    # Throttles count in the stack's own Redis, shared by every gunicorn worker.
    assert "legaldrafts:" in stack.redis("--scan", "--pattern", "legaldrafts:*")


def test_ready_answers_503_naming_the_database_while_the_stacks_postgresql_is_stopped(stack):
    assert stack.get("/api/v1/health/ready/").status_code == 200
    assert "stopped" in stack.ctl("stop", "postgres")
    try:
        # Each process reuses its last report for READY_CACHE_SECONDS (2 s): the outage shows within a few.
        # (A list, because a 503 Response is itself falsy.)
        [down] = wait(
            "ready answering 503",
            lambda: (answer := stack.get("/api/v1/health/ready/")).status_code == 503 and [answer],
            seconds=15,
        )
        assert "database" in down.json()["failing"]
        assert down.headers["Retry-After"]
        # The trivial check for load balancers does not touch the database.
        assert stack.get("/api/v1/health/").status_code == 200
    finally:
        assert "started" in stack.ctl("start", "postgres")
    wait("ready again", lambda: stack.get("/api/v1/health/ready/").status_code == 200, seconds=60)
    assert stack.get(f"/api/v1/drafts/{shared['draft']}/").json()["status"] == "approved"


COUNTED = [
    "auth_user",
    "drafts_draft",
    "drafts_draftversion",
    "comments_comment",
    "workflow_transitionrecord",
    "drafts_officialcopy",
    "drafts_renderattempt",
]


def test_a_backup_restored_into_a_fresh_database_has_the_same_rows_and_every_official_copy(stack):
    archive = stack.run / "backup.tar.gz"
    stack.manage("backup", str(archive), timeout=300)
    stack.sql("CREATE DATABASE legaldrafts_restored", database="postgres")
    restored_url = stack.env()["DATABASE_URL"].rsplit("/", 1)[0] + "/legaldrafts_restored"
    media = stack.run / "media-restored"
    media.mkdir()
    fresh = {"DATABASE_URL": restored_url, "MEDIA_ROOT": str(media)}
    stack.manage("migrate", "--noinput", **fresh)
    stack.manage("restore", str(archive), timeout=300, **fresh)

    for table in COUNTED:
        original = stack.sql(f"SELECT count(*) FROM {table}")
        assert stack.sql(f"SELECT count(*) FROM {table}", database="legaldrafts_restored") == original, table
    copies = stack.sql("SELECT file, pdf_checksum FROM drafts_officialcopy WHERE status = 'ready' ORDER BY id")
    assert copies, "the demo world and this test's draft have official copies"
    restored = stack.sql(
        "SELECT file, pdf_checksum FROM drafts_officialcopy WHERE status = 'ready' ORDER BY id",
        database="legaldrafts_restored",
    )
    assert restored == copies
    for line in copies.splitlines():
        name, checksum = line.split("|")
        assert sha256(media / name) == checksum == sha256(stack.run / "media" / name), name
