"""The dispatcher: claim, send outside the transaction, mark; backoff, dead letters, leases."""

import threading
from datetime import timedelta

from sqlmodel import select

from tests.conftest import NOW
from tests.smtp import free_port, smtp_sink, use_smtp
from tracker.jobs import dispatcher
from tracker.models import OutboxMessage
from tracker.notifications import outbox

MINUTE = timedelta(minutes=1)


def fill(session, user, count, now=NOW):
    """`count` pending reminders for one user, each with its own key."""
    items = [
        outbox.item_for(
            user,
            "stale",
            f"test:{n}:user:{user.id}",
            {"title": f"Essai {n}", "path": f"/experiments/{n}", "days": 30},
        )
        for n in range(count)
    ]
    added = outbox.enqueue(session=session, items=items, now=now)
    session.commit()
    return added


def rows(session):
    session.expire_all()
    return session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_backoff_is_one_minute_then_times_four():
    assert [dispatcher.backoff(n) for n in (1, 2, 3, 4)] == [
        MINUTE,
        4 * MINUTE,
        16 * MINUTE,
        64 * MINUTE,
    ]


def test_smtp_down_keeps_messages_pending_with_backoff_then_delivers_once(app, session, world):
    fill(session, world.agent_a, 2)
    port = free_port()
    use_smtp(app, port)
    now = NOW
    with app.app_context():
        for attempt, wait in ((1, 1), (2, 4), (3, 16)):
            report = dispatcher.dispatch(app, now=now)
            assert report.failed == 2
            for row in rows(session):
                assert (row.status, row.attempts) == ("pending", attempt)
                assert row.next_attempt_at == now + wait * MINUTE
                assert "ConnectionRefusedError" in row.last_error
            # Before the backoff ends nothing is tried.
            assert dispatcher.dispatch(app, now=now + (wait * MINUTE) / 2).failed == 0
            now += wait * MINUTE
        with smtp_sink(port) as sink:
            assert dispatcher.dispatch(app, now=now).sent == 2
            assert dispatcher.dispatch(app, now=now + 100 * MINUTE).sent == 0
    assert len(sink.messages) == 2
    assert {row.status for row in rows(session)} == {"sent"}


def test_a_message_is_dead_after_max_attempts_and_visible(app, runner, session, world):
    fill(session, world.agent_a, 1)
    app.config["TRACKER"]["MAIL_MAX_ATTEMPTS"] = 3
    use_smtp(app, free_port())
    now = NOW
    with app.app_context():
        for _ in range(3):
            dispatcher.dispatch(app, now=now)
            now += 100 * MINUTE
        assert dispatcher.dispatch(app, now=now + 10_000 * MINUTE).failed == 0
    [row] = rows(session)
    assert (row.status, row.attempts) == ("dead", 3)
    listed = runner.invoke(args=["outbox", "list", "--status", "dead"])
    assert listed.exit_code == 0, listed.output
    fields = listed.stdout.strip().split("\t")
    assert fields[:4] == [str(row.id), "dead", "3", world.agent_a.email]
    assert runner.invoke(args=["outbox", "list", "--status", "sent"]).stdout == ""


def test_retry_puts_a_dead_message_back_and_it_is_delivered(app, runner, session, world):
    fill(session, world.agent_a, 1)
    app.config["TRACKER"]["MAIL_MAX_ATTEMPTS"] = 1
    use_smtp(app, free_port())
    with app.app_context():
        dispatcher.dispatch(app, now=NOW)
    [row] = rows(session)
    assert row.status == "dead"
    result = runner.invoke(args=["outbox", "retry", str(row.id)])
    assert result.exit_code == 0, result.output
    with smtp_sink() as sink, app.app_context():
        use_smtp(app, sink.port)
        # retry makes the message due at the wall-clock time, which is after NOW.
        assert dispatcher.dispatch(app, now=NOW + timedelta(days=3650)).sent == 1
    assert len(sink.messages) == 1


def test_retry_of_an_unknown_or_sent_message_is_refused_in_one_line(runner, session, world):
    assert runner.invoke(args=["outbox", "retry", "999"]).stderr.strip() == (
        "Error: No such message in the outbox"
    )


def test_a_claim_left_by_a_crashed_dispatcher_is_delivered_after_the_lease(app, session, world):
    fill(session, world.agent_a, 3)
    with app.app_context():
        claimed = dispatcher.claim(session, worker="crashed", now=NOW, limit=10)
    assert len(claimed) == 3  # then the process "dies" before sending
    with smtp_sink() as sink, app.app_context():
        use_smtp(app, sink.port)
        assert dispatcher.dispatch(app, now=NOW + 5 * MINUTE).sent == 0
        report = dispatcher.dispatch(app, now=NOW + 11 * MINUTE)
        assert (report.reclaimed, report.sent) == (3, 3)
        assert dispatcher.dispatch(app, now=NOW + 60 * MINUTE).sent == 0
    assert len(sink.messages) == 3
    assert all(row.status == "sent" for row in rows(session))


def test_a_late_mark_by_the_expired_claimant_changes_nothing(app, session, world):
    fill(session, world.agent_a, 1)
    with smtp_sink() as sink, app.app_context():
        use_smtp(app, sink.port)
        [first] = dispatcher.claim(session, worker="slow", now=NOW, limit=1)
        dispatcher.dispatch(app, now=NOW + 11 * MINUTE)
        # The slow worker wakes up: its mark only applies to a row it still holds.
        dispatcher._mark(session, first, "slow", status="pending")
    [row] = rows(session)
    assert (row.status, len(sink.messages)) == ("sent", 1)


def test_three_threads_drain_a_thousand_messages_exactly_once(app, session, world):
    assert fill(session, world.agent_a, 1000) == 1000
    barrier = threading.Barrier(3)
    reports = []

    def drain():
        with app.app_context():
            barrier.wait()
            reports.append(dispatcher.dispatch(app, now=NOW))

    with smtp_sink() as sink:
        use_smtp(app, sink.port)
        threads = [threading.Thread(target=drain) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    ids = [m["Message-ID"] for m in sink.messages]
    assert len(ids) == 1000 and len(set(ids)) == 1000
    assert sum(r.sent for r in reports) == 1000
    assert {row.status for row in rows(session)} == {"sent"}
