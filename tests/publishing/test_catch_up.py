"""Nothing stranded: what a killed process leaves behind is finished by `catch_up`, and `/pdf/` asks for it.

A killed process is simulated honestly: the approval commits (in the test's transaction) and its
after-commit jobs are captured and never run, which is exactly the state a process killed right
after the commit leaves; or a copy carries a claim older than the stale limit, which is what a
process killed mid-rendering leaves.
"""

import datetime
import hashlib
import io
from io import StringIO

import pypdf
import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from kernel.tasks import catch_up_job
from publishing.models import OfficialCopy, RenderAttempt
from publishing.pdf.claims import stale_after
from search.models import PendingIndexUpdate
from tests.workflow.test_transitions import post

pytestmark = pytest.mark.django_db

DATABASE_WORKER = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def killed_after_approval(world, api, django_capture_on_commit_callbacks):
    """The demo draft in `approval`, approved by a process that died before its after-commit jobs ran."""
    draft = world.drafts["approval"]
    with django_capture_on_commit_callbacks(execute=False) as never_run:
        response = post(api, world.users["approver"], draft, "approve", number="46", approved_on="2026-11-26")
    assert response.status_code == 200, response.json()
    assert never_run, "the approval scheduled its jobs after commit"
    draft.refresh_from_db()
    return draft


def catch_up() -> str:
    out = StringIO()
    call_command("catch_up", stdout=out)
    return out.getvalue()


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_a_killed_approval_leaves_a_stranded_copy_that_catch_up_renders(killed_after_approval, api):
    draft = killed_after_approval
    copy = OfficialCopy.objects.get(draft=draft)
    assert (copy.status, copy.attempts) == ("pending", 0)

    report = catch_up()

    assert f"Official copies rendered: 1 (drafts {draft.pk})." in report
    response = api(None).get(f"/api/v1/drafts/{draft.pk}/pdf/")
    assert response.status_code == 200
    assert "46-сон" in pdf_text(b"".join(response.streaming_content))
    attempt = RenderAttempt.objects.get(copy__draft=draft)
    assert (attempt.succeeded, attempt.reason) == (True, "catch_up: no live attempt")
    # Run again, nothing is left to do.
    assert "Official copies rendered: 0." in catch_up()
    assert RenderAttempt.objects.filter(copy__draft=draft).count() == 1


def test_search_updates_left_waiting_are_applied(killed_after_approval, api):
    draft = killed_after_approval
    approved_hits = {"q": "шериклик", "status": "approved"}
    assert PendingIndexUpdate.objects.filter(draft_id=draft.pk).exists()
    assert api(None).get("/api/v1/search/", approved_hits).json()["count"] == 0  # the index still says `approval`

    report = catch_up()

    assert "still waiting: 0." in report
    assert not PendingIndexUpdate.objects.exists()
    results = api(None).get("/api/v1/search/", approved_hits).json()["results"]
    assert [result["draft"] for result in results] == [draft.pk]


def test_expired_discussions_are_closed(world, api):
    draft = world.drafts["public_discussion"]
    with time_machine.travel(draft.discussion_ends_at + datetime.timedelta(minutes=1)):
        report = catch_up()
    assert f"Discussions closed: 1 (drafts {draft.pk})." in report
    draft.refresh_from_db()
    assert draft.status == "finalization"


def test_a_claim_older_than_the_stale_limit_is_taken_over_a_live_one_is_not(killed_after_approval, api):
    draft = killed_after_approval
    # A process that claimed the rendering a minute ago is still at it: nobody else renders the copy.
    OfficialCopy.objects.filter(draft=draft).update(render_started_at=timezone.now() - datetime.timedelta(minutes=1))
    assert "Official copies rendered: 0." in catch_up()
    assert OfficialCopy.objects.get(draft=draft).status == "pending"

    # The same claim past the stale limit was left by a process that died mid-rendering.
    OfficialCopy.objects.filter(draft=draft).update(
        render_started_at=timezone.now() - stale_after() - datetime.timedelta(seconds=1)
    )
    assert f"Official copies rendered: 1 (drafts {draft.pk})." in catch_up()
    copy = OfficialCopy.objects.get(draft=draft)
    assert (copy.status, copy.attempts, copy.render_started_at) == ("ready", 1, None)


def test_pdf_of_a_stranded_copy_schedules_its_rendering(killed_after_approval, api, django_capture_on_commit_callbacks):
    draft = killed_after_approval
    path = f"/api/v1/drafts/{draft.pk}/pdf/"
    # The immediate backend runs the job right after the request's commit, as in production.
    with django_capture_on_commit_callbacks(execute=True) as scheduled:
        response = api(None).get(path)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    body = response.json()
    assert body["code"] == "not_ready" and "try again" in body["detail"]
    assert body["retry_after"] == int(response["Retry-After"])
    assert len(scheduled) == 1

    response = api(None).get(path)
    assert response.status_code == 200
    assert "46-сон" in pdf_text(b"".join(response.streaming_content))
    attempt = RenderAttempt.objects.get(copy__draft=draft)
    assert attempt.reason == "requested while stranded"


def test_many_readers_of_a_stranded_copy_schedule_one_rendering(
    killed_after_approval, api, django_capture_on_commit_callbacks
):
    path = f"/api/v1/drafts/{killed_after_approval.pk}/pdf/"
    with django_capture_on_commit_callbacks(execute=False) as scheduled:
        statuses = [api(None).get(path).status_code for _ in range(3)]
    assert statuses == [503, 503, 503]
    assert len(scheduled) == 1
    # The scheduled job holds a live claim, so the catch-up leaves the copy to it.
    assert "Official copies rendered: 0." in catch_up()


def test_a_missing_stored_file_is_rendered_again_never_a_500(world, api, django_capture_on_commit_callbacks):
    draft = world.drafts["approved"]
    copy = OfficialCopy.objects.get(draft=draft)
    path = f"/api/v1/drafts/{draft.pk}/pdf/"
    copy.file.storage.delete(copy.file.name)

    # Noticed weeks after the approval: the copy is rendered again as it was.
    later = timezone.now() + datetime.timedelta(days=40)
    with django_capture_on_commit_callbacks(execute=True), time_machine.travel(later):
        response = api(None).get(path)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0 and response.json()["code"] == "not_ready"

    response = api(None).get(path)
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert "45-son" in pdf_text(content)
    assert RenderAttempt.objects.filter(copy=copy).last().reason == "stored file missing"
    # The same bytes as before the loss, so a copy downloaded earlier still verifies by its own SHA-256.
    assert hashlib.sha256(content).hexdigest() == copy.pdf_checksum
    assert api(None).get(f"/api/v1/verify/{copy.pdf_checksum}/").json()["valid"] is True


def test_the_database_worker_keeps_one_catch_up_queued(world):
    queued = DBTaskResult.objects.filter(task_path=catch_up_job.module_path, status=TaskResultStatus.READY)
    assert "catches up next" not in catch_up()  # the immediate backend has no worker to defer to
    assert not queued.exists()

    with override_settings(TASKS=DATABASE_WORKER):
        started = timezone.now()
        assert "The worker catches up next at" in catch_up()
        first = queued.get()
        assert started + datetime.timedelta(minutes=4) < first.run_after < started + datetime.timedelta(minutes=6)
        assert "The worker catches up next at" in catch_up()
        assert queued.get() == first  # running the command again queues no second one

        # When it is due, the worker claims the job and runs it; the job queues the next run.
        with time_machine.travel(first.run_after + datetime.timedelta(seconds=1)):
            first.claim("test-worker")
            catch_up_job.call()
            following = queued.get()
            assert following.run_after > timezone.now() + datetime.timedelta(minutes=4)


def test_a_copy_being_rendered_again_still_verifies(world, api, django_capture_on_commit_callbacks):
    copy = OfficialCopy.objects.get(draft=world.drafts["approved"])
    copy.file.storage.delete(copy.file.name)
    with django_capture_on_commit_callbacks(execute=False):
        assert api(None).get(f"/api/v1/drafts/{copy.draft_id}/pdf/").status_code == 503
    assert OfficialCopy.objects.get(pk=copy.pk).status == "pending"
    for checksum in (copy.text_checksum, copy.pdf_checksum):
        assert api(None).get(f"/api/v1/verify/{checksum}/").json()["valid"] is True
