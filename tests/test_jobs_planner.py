"""The planner: each rule finds what is due at `now`, keyed by period, so a second pass
enqueues nothing."""

from datetime import date, timedelta

import pytest
from sqlalchemy import delete, event
from sqlmodel import col, select

from tests.conftest import NOW
from tests.gate_steps import (
    PILOT_REQUEST,
    build_cast,
    in_evaluation,
    in_prototype,
    request,
    reviewed,
    vote,
)
from tests.smtp import smtp_sink, use_smtp
from tracker.db import get_engine
from tracker.jobs import dispatcher, planner
from tracker.models import NotificationPreference, OutboxMessage, PlannerMark, ReminderSettings
from tracker.services import journal as journal_service

DAY = timedelta(days=1)


def _reminders(session, kind=None):
    query = select(OutboxMessage).where(
        col(OutboxMessage.kind).not_in(("gate_requested", "gate_decided", "experiment_stopped"))
    )
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return session.exec(query.order_by(col(OutboxMessage.id))).all()


def _plan(app, now):
    with app.app_context():
        return planner.plan(app, now=now)


@pytest.fixture
def cast(session, world):
    return build_cast(session, world)


def test_vote_due_three_days_before_the_review_then_daily_once_overdue(app, session, cast):
    experiment = in_prototype(session, cast)
    gate = request(session, cast.owner, experiment, "pilot", PILOT_REQUEST)
    review = gate.review_date
    assert _plan(app, NOW + DAY).enqueued.get("vote_due", 0) == 0
    _plan(app, NOW + (review - NOW.date() - 3 * DAY))
    due = _reminders(session, "vote_due")
    # The team sits on the board but does not vote on its own experiment.
    assert sorted(row.user_id for row in due) == sorted([cast.chair.id, cast.member.id])
    vote(session, cast.chair, gate, "go")
    overdue = NOW + (review - NOW.date() + DAY)
    _plan(app, overdue)
    _plan(app, overdue + DAY)
    later = [row for row in _reminders(session, "vote_due") if row not in due]
    assert [(row.user_id, row.dedup_key) for row in later] == [
        (
            cast.member.id,
            f"gate:{gate.id}:vote-due:{(review + DAY).isoformat()}:user:{cast.member.id}",
        ),
        (
            cast.member.id,
            f"gate:{gate.id}:vote-due:{(review + 2 * DAY).isoformat()}:user:{cast.member.id}",
        ),
    ]


def test_the_chair_is_told_once_when_a_gate_is_overdue(app, session, cast):
    experiment = in_prototype(session, cast)
    gate = request(session, cast.owner, experiment, "pilot", PILOT_REQUEST)
    for days in (1, 2, 5):
        _plan(app, NOW + (gate.review_date - NOW.date()) + days * DAY)
    [escalation] = _reminders(session, "gate_overdue")
    assert escalation.user_id == cast.chair.id
    assert escalation.context["gate"]["review_date"] == gate.review_date.isoformat()


def test_a_decided_gate_needs_no_more_votes(app, session, cast):
    experiment = in_prototype(session, cast)
    gate = request(session, cast.owner, experiment, "pilot", PILOT_REQUEST)
    reviewed(session, cast, gate, "go")
    _plan(app, NOW + 30 * DAY)
    assert _reminders(session, "vote_due") == []
    assert _reminders(session, "gate_overdue") == []


def test_stale_experiment_owner_at_30_days_chair_too_at_60(app, session, cast):
    experiment = in_prototype(session, cast)
    _plan(app, NOW + 29 * DAY)
    assert _reminders(session) == []
    _plan(app, NOW + 30 * DAY)
    assert [(r.kind, r.user_id) for r in _reminders(session)] == [("stale", cast.owner.id)]
    _plan(app, NOW + 60 * DAY)
    assert sorted((r.kind, r.user_id, r.context["days"]) for r in _reminders(session)) == sorted(
        [
            ("stale", cast.owner.id, 30),
            ("stale", cast.owner.id, 60),
            ("stale_chair", cast.chair.id, 60),
        ]
    )
    assert all(r.context["title"] == experiment.title for r in _reminders(session))


def test_a_journal_entry_restarts_the_silence(app, session, cast):
    experiment = in_prototype(session, cast)
    journal_service.add_entry(
        session=session,
        actor=cast.owner,
        experiment_id=experiment.id,
        data={"kind": "note", "body": "Premiers retours."},
        now=NOW + 20 * DAY,
    )
    _plan(app, NOW + 45 * DAY)
    assert _reminders(session) == []
    _plan(app, NOW + 50 * DAY)
    assert [r.kind for r in _reminders(session)] == ["stale"]


def test_pilot_past_its_end_reminds_the_owner_weekly(app, session, cast):
    end = NOW.date() + 10 * DAY
    experiment = in_prototype(session, cast, planned_start=NOW.date(), planned_end=end)
    gate = request(session, cast.owner, experiment, "pilot", PILOT_REQUEST)
    reviewed(session, cast, gate, "go")
    for days in range(0, 16):
        # A note every day keeps the stale rule quiet: only the pilot's end speaks.
        when = NOW + (end - NOW.date()) + days * DAY
        journal_service.add_entry(
            session=session,
            actor=cast.owner,
            experiment_id=experiment.id,
            data={"kind": "note", "body": f"Jour {days}"},
            now=when,
        )
        _plan(app, when)
    rows = _reminders(session)
    assert [r.kind for r in rows] == ["pilot_overdue"] * 3
    assert {r.user_id for r in rows} == {cast.owner.id}


def test_evaluation_without_decision_gate_reminds_the_owner_after_14_days(app, session, cast):
    experiment = in_evaluation(session, cast)  # evaluation begins at NOW + 90 days
    _plan(app, NOW + 103 * DAY)
    assert _reminders(session, "evaluation_idle") == []
    _plan(app, NOW + 104 * DAY)
    [row] = _reminders(session, "evaluation_idle")
    assert (row.user_id, row.context["experiment_id"]) == (cast.owner.id, experiment.id)


def test_running_the_planner_twice_for_the_same_now_enqueues_nothing(app, session, cast):
    experiment = in_prototype(session, cast)
    request(session, cast.owner, experiment, "pilot", PILOT_REQUEST)
    in_prototype(session, cast, title="Deuxième essai")
    when = NOW + 70 * DAY
    first = _plan(app, when)
    assert first.total > 0
    assert _plan(app, when).total == 0
    keys = [row.dedup_key for row in session.exec(select(OutboxMessage)).all()]
    assert len(keys) == len(set(keys))


def test_an_organisation_sets_its_own_thresholds(app, session, world, cast):
    session.add(ReminderSettings(organisation_id=world.org_a.id, thresholds={"stale_days": 10}))
    session.commit()
    in_prototype(session, cast)
    _plan(app, NOW + 10 * DAY)
    [row] = _reminders(session)
    assert (row.kind, row.context["days"]) == ("stale", 10)


def test_a_muted_reminder_is_not_enqueued_but_an_escalation_is(app, session, cast):
    for user in (cast.owner, cast.chair):
        session.add(NotificationPreference(user_id=user.id, muted=["stale"]))
    session.commit()
    in_prototype(session, cast)
    _plan(app, NOW + 60 * DAY)
    assert [(r.kind, r.user_id) for r in _reminders(session)] == [("stale_chair", cast.chair.id)]


def test_digest_readers_get_one_email_on_monday_morning(app, session, cast):
    session.add(NotificationPreference(user_id=cast.owner.id, delivery="digest"))
    session.commit()
    in_prototype(session, cast)
    in_prototype(session, cast, title="Deuxième essai")
    sunday = NOW + 30 * DAY
    assert sunday.date() == date(2026, 12, 27)
    _plan(app, sunday)
    held = _reminders(session, "stale")
    assert len(held) == 2 and all(row.held for row in held)
    monday_early = sunday + timedelta(hours=21)  # Monday 07:00 in Paris
    _plan(app, monday_early)
    assert _reminders(session, "digest") == []
    _plan(app, monday_early + timedelta(hours=1))
    _plan(app, monday_early + timedelta(hours=2))
    [digest] = _reminders(session, "digest")
    assert (digest.user_id, digest.context["count"], digest.held) == (cast.owner.id, 2, False)
    for row in _reminders(session, "stale"):
        session.refresh(row)
        assert (row.status, row.digest_id) == ("sent", digest.id)


def test_the_digest_email_lists_each_held_item_with_its_link(app, session, cast):
    session.add(NotificationPreference(user_id=cast.owner.id, delivery="digest"))
    session.commit()
    first = in_prototype(session, cast)
    second = in_prototype(session, cast, title="Deuxième essai")
    monday = NOW + 30 * DAY + timedelta(hours=23)  # Monday 09:00 in Paris
    _plan(app, NOW + 30 * DAY)
    _plan(app, monday)
    with smtp_sink() as sink, app.app_context():
        use_smtp(app, sink.port)
        dispatcher.dispatch(app, now=monday)
    [message] = sink.to(cast.owner.email)
    assert message["Subject"] == "Votre récapitulatif hebdomadaire : 2 éléments"
    text = message.get_body(("plain",)).get_content()
    for experiment in (first, second):
        assert f"« {experiment.title} »" in text
        assert f"/experiments/{experiment.id}" in text


def _statements_of_a_pass(app, when):
    statements = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = get_engine(app)
    event.listen(engine, "before_cursor_execute", count)
    try:
        _plan(app, when)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def test_the_planner_cost_does_not_grow_with_the_number_of_experiments(app, session, cast):
    """A handful of queries per rule: four times more due experiments, the same statements."""
    for n in range(2):
        in_prototype(session, cast, title=f"Petit {n}")
    few = _statements_of_a_pass(app, NOW + 61 * DAY)
    for n in range(6):
        in_prototype(session, cast, title=f"Grand {n}")
    # The newcomers are back-dated to NOW, before the pass above: forget its marks so this
    # pass looks at every experiment again, as a first pass does.
    session.execute(delete(PlannerMark))
    session.commit()
    many = _statements_of_a_pass(app, NOW + 61 * DAY)
    assert len(_reminders(session)) == 3 * 8
    assert many == few
