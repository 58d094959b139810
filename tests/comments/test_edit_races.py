"""An edit, a withdrawal and a moderation decision on one comment at the same moment: never two winners
(real threads, real database)."""

import threading

import pytest
from django.db import connection

from comments import services
from comments.models import Comment
from kernel.errors import StateConflict
from workflow.demo.world import build_demo_world


def _race(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=30)
            call()
            outcomes[i] = "ok"
        except StateConflict:
            outcomes[i] = "conflict"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.concurrency
def test_an_edit_and_a_decision_at_the_same_moment_do_not_both_win():
    world = build_demo_world()
    draft = world.drafts["public_discussion"]
    for round_ in range(3):
        comment = services.comment_submit(user=world.users["citizen"], draft_id=draft.pk, text=f"Poyga {round_}.")
        outcomes = _race(
            lambda pk=comment.pk: services.comment_edit(user=world.users["citizen"], comment_id=pk, text="Tahrir."),
            lambda pk=comment.pk: services.comment_moderate(
                user=world.users["moderator"], comment_id=pk, decision="publish"
            ),
            lambda pk=comment.pk: services.comment_withdraw(user=world.users["citizen"], comment_id=pk),
        )
        comment.refresh_from_db()
        assert None not in outcomes, f"a thread failed (a deadlock?): {outcomes}"
        edit, decision, withdrawal = outcomes
        # The withdrawal and the decision exclude each other; an edit lands only before the decision.
        assert [decision, withdrawal].count("ok") == 1, outcomes
        assert comment.status == ("published" if decision == "ok" else "withdrawn")
        if edit == "ok" and decision == "ok":
            assert comment.text == "Tahrir."  # the edit came first; the moderator published the edited text


@pytest.mark.django_db(transaction=True)
@pytest.mark.concurrency
def test_two_moderators_deciding_the_same_batch_at_once_decide_each_comment_once():
    world = build_demo_world()
    draft = world.drafts["public_discussion"]
    ids = [
        services.comment_submit(user=world.users["citizen"], draft_id=draft.pk, text=f"Partiya {i}.").pk
        for i in range(4)
    ]
    results = {}

    def decide(name, decision):
        results[name] = services.comment_moderate_many(
            user=world.users["moderator"], comment_ids=ids, decision=decision, reason="Bir vaqtda."
        )

    _race(lambda: decide("a", "publish"), lambda: decide("b", "reject"))
    assert set(results) == {"a", "b"}, "a thread failed (a deadlock?)"
    for index, comment_id in enumerate(ids):
        outcomes = [results["a"][index]["outcome"], results["b"][index]["outcome"]]
        assert sorted(outcomes) in (["published", "refused"], ["refused", "rejected"]), outcomes
        decided = next(o for o in outcomes if o != "refused")
        assert Comment.objects.get(pk=comment_id).status == decided
