"""The planner's marks: a rule looks only at moments that crossed its threshold since its
last pass, and looks at everything again when that window cannot be trusted."""

from datetime import timedelta

from sqlmodel import col, select

from tests.conftest import NOW
from tests.gate_steps import build_cast, in_prototype
from tracker.jobs import marks, planner
from tracker.jobs.thresholds import groups
from tracker.models import OutboxMessage, PlannerMark, ReminderSettings
from tracker.services import journal as journal_service

DAY = timedelta(days=1)


def _plan(app, now):
    with app.app_context():
        return planner.plan(app, now=now)


def _stale(session):
    session.expire_all()
    query = select(OutboxMessage).where(OutboxMessage.kind == "stale")
    return session.exec(query.order_by(col(OutboxMessage.id))).all()


def test_each_rule_marks_its_pass_and_the_mark_never_moves_back(app, session, world):
    _plan(app, NOW + 10 * DAY)
    _plan(app, NOW + 5 * DAY)
    session.expire_all()
    rows = session.exec(select(PlannerMark)).all()
    assert {row.rule for row in rows} == {rule.__name__ for rule in planner.RULES}
    assert {row.through for row in rows} == {NOW + 10 * DAY}
    [group] = groups(session)
    # A pass for a time before the mark cannot use it: it looks at everything.
    assert marks.previous(session, "stale", group, NOW + 5 * DAY) is None
    assert marks.previous(session, "stale", group, NOW + 11 * DAY) == NOW + 10 * DAY


def test_activity_after_a_pass_is_found_when_its_silence_crosses_the_threshold(app, session, world):
    cast = build_cast(session, world)
    experiment = in_prototype(session, cast)
    _plan(app, NOW + 25 * DAY)
    journal_service.add_entry(
        session=session,
        actor=cast.owner,
        experiment_id=experiment.id,
        data={"kind": "note", "body": "Point d'étape."},
        now=NOW + 26 * DAY,
    )
    for days in (30, 40, 55):
        _plan(app, NOW + days * DAY)
    assert _stale(session) == []
    _plan(app, NOW + 56 * DAY)
    [row] = _stale(session)
    assert row.dedup_key.endswith(f":stale-30:{(NOW + 26 * DAY).date()}:user:{cast.owner.id}")


def test_new_thresholds_look_again_at_every_experiment(app, session, world):
    cast = build_cast(session, world)
    in_prototype(session, cast)
    _plan(app, NOW + 20 * DAY)
    assert _stale(session) == []
    # Silent for 20 days already: with the old mark, a 10-day threshold would look only at
    # activity between day 10 and day 11, and miss it.
    session.add(ReminderSettings(organisation_id=world.org_a.id, thresholds={"stale_days": 10}))
    session.commit()
    _plan(app, NOW + 21 * DAY)
    [row] = _stale(session)
    assert (row.user_id, row.context["days"]) == (cast.owner.id, 10)
