"""Two catch-ups, two readers or four printers at once, with real threads on the real database: one renders.

Runs on whichever database the suite runs on (SQLite by default, PostgreSQL in CI's second pass).
"""

import threading

import pytest
from django.db import connection
from django.test import Client

from kernel.catch_up import catch_up
from publishing import official_copies
from publishing.models import OfficialCopy, RenderAttempt
from publishing.pdf import prints
from workflow.demo.world import build_demo_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


def together(work, times: int) -> list:
    """Runs `work()` in `times` threads released together; returns what each returned (or raised)."""
    barrier = threading.Barrier(times)
    results: list = [None] * times

    def run(i):
        try:
            barrier.wait(timeout=30)
            results[i] = work()
        except Exception as error:  # noqa: BLE001 - reported by the assertions
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def counting(monkeypatch, module) -> list:
    """Counts the renderings through `module.render_pdf`; each still renders for real."""
    calls = []
    real = module.render_pdf

    def render(html, **options):
        calls.append(1)
        return real(html, **options)

    monkeypatch.setattr(module, "render_pdf", render)
    return calls


def test_two_catch_ups_at_once_render_a_stranded_copy_once(monkeypatch):
    world = build_demo_world()
    draft = world.drafts["approved"]
    # What a process killed mid-rendering long ago leaves: pending, its claim stale.
    OfficialCopy.objects.filter(draft=draft).update(status="pending", render_started_at="2000-01-01T00:00:00Z")
    before = RenderAttempt.objects.filter(copy__draft=draft).count()
    renders = counting(monkeypatch, official_copies)

    reports = together(catch_up, 2)

    assert not [r for r in reports if isinstance(r, Exception)], reports
    assert sorted(len(r.parts["publishing"].rendered) for r in reports) == [0, 1]
    assert len(renders) == 1
    assert RenderAttempt.objects.filter(copy__draft=draft).count() == before + 1
    assert OfficialCopy.objects.get(draft=draft).status == "ready"


def test_readers_of_a_stranded_copy_at_once_schedule_one_rendering(monkeypatch):
    world = build_demo_world()
    draft = world.drafts["approved"]
    OfficialCopy.objects.filter(draft=draft).update(status="pending", render_started_at=None)
    renders = counting(monkeypatch, official_copies)

    statuses = together(lambda: Client().get(f"/api/v1/drafts/{draft.pk}/pdf/").status_code, 4)

    # The immediate backend renders right after the request that scheduled it; the others were told to wait.
    assert sorted(statuses) == [503] * 4
    assert len(renders) == 1
    assert Client().get(f"/api/v1/drafts/{draft.pk}/pdf/").status_code == 200


def test_concurrent_first_prints_render_once(monkeypatch):
    world = build_demo_world()
    path = f"/api/v1/drafts/{world.drafts['public_discussion'].pk}/print/"
    renders = counting(monkeypatch, prints)

    def ask():
        response = Client().get(path)
        return response.status_code, b"".join(response.streaming_content)

    answers = together(ask, 4)

    assert [status for status, _ in answers] == [200] * 4, answers
    assert len({content for _, content in answers}) == 1
    assert len(renders) == 1
