"""Derogation reminders: 90 and 30 days before the expiry (owner and chairs) and before the
evaluation report's due date (owner), each once, through the outbox to a real SMTP server."""

from datetime import timedelta

import pytest
from sqlmodel import col, select

from tests.conftest import NOW
from tests.factories import make_experiment
from tests.gate_steps import build_cast
from tests.scaling_steps import record_derogation
from tests.smtp import free_port, smtp_sink, use_smtp
from tracker.jobs import dispatcher, planner, rules_derogations
from tracker.models import OutboxMessage
from tracker.services import derogations as derogation_service
from tracker.services import transitions as transition_service

DAY = timedelta(days=1)
EXPIRES = NOW.date() + 200 * DAY
REPORT = NOW.date() + 150 * DAY
KINDS = ("derogation_expiring", "derogation_expiring_chair", "derogation_report_due")


@pytest.fixture
def cast(session, world):
    return build_cast(session, world)


def _at(day):
    """The planner's clock on that calendar day, at 09:00 UTC."""
    return NOW + (day - NOW.date())


def _plan(app, now):
    with app.app_context():
        return planner.plan(app, now=now)


def _reminders(session):
    session.expire_all()
    query = select(OutboxMessage).where(col(OutboxMessage.kind).in_(KINDS))
    return [
        (row.kind, row.user_id, row.context["days"])
        for row in session.exec(query.order_by(col(OutboxMessage.id))).all()
    ]


def _experiment(session, cast, **derogation):
    experiment = make_experiment(session, cast.owner, NOW)
    dates = {
        "starts_on": "2026-01-01",
        "expires_on": EXPIRES.isoformat(),
        "report_due_on": REPORT.isoformat(),
    }
    record_derogation(session, cast.owner, experiment, **{**dates, **derogation})
    return experiment


def test_the_rules_are_registered_in_the_planner():
    assert set(rules_derogations.RULES) <= set(planner.RULES)


def test_expiry_reminds_owner_and_chair_at_90_then_30_days_once_each(app, session, cast):
    _experiment(session, cast, report_due_on=None)
    _plan(app, _at(EXPIRES - 91 * DAY))
    assert _reminders(session) == []
    _plan(app, _at(EXPIRES - 90 * DAY))
    _plan(app, _at(EXPIRES - 60 * DAY))
    first = [
        ("derogation_expiring", cast.owner.id, 90),
        ("derogation_expiring_chair", cast.chair.id, 90),
    ]
    assert _reminders(session) == first
    _plan(app, _at(EXPIRES - 30 * DAY))
    _plan(app, _at(EXPIRES - 2 * DAY))
    assert _reminders(session) == [
        *first,
        ("derogation_expiring", cast.owner.id, 30),
        ("derogation_expiring_chair", cast.chair.id, 30),
    ]
    _plan(app, _at(EXPIRES + DAY))
    assert len(_reminders(session)) == 4


def test_report_due_reminds_the_owner_only(app, session, cast):
    experiment = _experiment(session, cast)
    _plan(app, _at(REPORT - 90 * DAY))
    _plan(app, _at(REPORT - 30 * DAY))
    # (the expiry's first notice falls in between: it is another rule's)
    assert [r for r in _reminders(session) if r[0] == "derogation_report_due"] == [
        ("derogation_report_due", cast.owner.id, 90),
        ("derogation_report_due", cast.owner.id, 30),
    ]
    session.expire_all()
    row = session.exec(select(OutboxMessage).where(OutboxMessage.kind == KINDS[2])).first()
    assert row.context["path"] == f"/experiments/{experiment.id}/derogation"
    assert row.context["date"] == REPORT.isoformat()
    assert row.dedup_key.endswith(f":report:{REPORT.isoformat()}:90d:user:{cast.owner.id}")


def test_a_derogation_recorded_late_gets_only_the_last_notice(app, session, cast):
    _experiment(session, cast, report_due_on=None)
    _plan(app, _at(EXPIRES - 20 * DAY))
    assert _reminders(session) == [
        ("derogation_expiring", cast.owner.id, 30),
        ("derogation_expiring_chair", cast.chair.id, 30),
    ]


def test_a_new_expiry_date_arms_the_notices_again(app, session, cast):
    experiment = _experiment(session, cast, report_due_on=None)
    _plan(app, _at(EXPIRES - 90 * DAY))
    later = EXPIRES + 365 * DAY
    derogation_service.save(
        session=session,
        actor=cast.owner,
        experiment_id=experiment.id,
        version=1,
        data={
            "kind": "constitution_37_1",
            "reference": "Loi n° 2026-12",
            "starts_on": "2026-01-01",
            "expires_on": later.isoformat(),
        },
        now=NOW,
    )
    _plan(app, _at(later - 90 * DAY))
    assert [days for _kind, _user, days in _reminders(session)] == [90, 90, 90, 90]


def test_a_stopped_experiment_gets_no_expiry_notice_but_its_report_is_still_due(app, session, cast):
    experiment = _experiment(session, cast)
    transition_service.fire(
        session=session,
        actor=cast.owner,
        experiment_id=experiment.id,
        trigger="stop",
        version=experiment.version,
        params={"stop_reason": "no_impact", "explanation": "Aucun effet."},
        now=NOW,
    )
    _plan(app, _at(REPORT - 90 * DAY))
    _plan(app, _at(EXPIRES - 90 * DAY))
    assert [kind for kind, _user, _days in _reminders(session)] == ["derogation_report_due"]


def test_the_reminders_reach_the_smtp_server_once(app, session, cast):
    _experiment(session, cast)
    port = free_port()
    use_smtp(app, port)
    with smtp_sink(port) as sink, app.app_context():
        for day in (EXPIRES - 90 * DAY, EXPIRES - 89 * DAY):
            planner.plan(app, now=_at(day))
            dispatcher.dispatch(app, now=_at(day))
    owner_mail = sink.to(cast.owner.email)
    chair_mail = sink.to(cast.chair.email)
    assert len(owner_mail) == 2  # the expiry notice, and the report's (due 50 days earlier)
    assert len(chair_mail) == 1
    subjects = sorted(str(message["Subject"]) for message in owner_mail)
    assert all("Arrêté du 3 mars 2026" in m.get_body(("plain",)).get_content() for m in owner_mail)
    assert any("90" in subject for subject in subjects)
