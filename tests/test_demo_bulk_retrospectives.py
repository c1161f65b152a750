"""Bench data keeps the retrospective invariant: every bulk stop has exactly one, and the
planner's retrospective rules find the due ones."""

from datetime import timedelta

from sqlmodel import Session, col, func, select

from tests.conftest import NOW
from tracker.db import get_engine
from tracker.demo import bulk
from tracker.jobs import planner
from tracker.models import Experiment, OutboxMessage, Retrospective


def test_every_bulk_stop_has_one_retrospective_and_its_reminders(app, session: Session, world):
    cast = bulk.prepare_cast(session, NOW)
    bulk.generate(get_engine(app), cast, 200, NOW)
    stopped = set(session.exec(select(Experiment.id).where(Experiment.state == "stopped")))
    opened = list(session.exec(select(Retrospective.experiment_id)))
    assert stopped and sorted(opened) == sorted(stopped)
    unpublished = session.exec(
        select(func.count()).where(col(Retrospective.state) != "published")
    ).one()
    assert unpublished > 0
    with app.app_context():
        planner.plan(app, now=NOW + timedelta(days=60))
    session.expire_all()
    reminded = session.exec(
        select(func.count()).where(OutboxMessage.kind == "retrospective_unpublished")
    ).one()
    assert reminded == unpublished
