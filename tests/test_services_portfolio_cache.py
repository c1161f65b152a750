"""The dashboard cache: reused while nothing changes, recomputed after any change it can see."""

from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from tests import portfolio_data
from tests.conftest import NOW
from tests.factories import World, make_experiment
from tracker.models import Event, Gate, GateDecision, Lesson, Training
from tracker.models.commons import CommonsContribution
from tracker.models.territory import Territory
from tracker.services import portfolio as portfolio_service
from tracker.services import trainings as training_service
from tracker.services.portfolio_cache import fingerprint
from tracker.services.portfolio_scope import Filters


@pytest.fixture
def data(session: Session, world: World) -> portfolio_data.Portfolio:
    return portfolio_data.build(session, world)


def _board(session, actor, cache, now=NOW):
    return portfolio_service.dashboard(
        session=session, actor=actor, filters=Filters(), cache=cache, now=now
    )[1]


def test_the_same_figures_are_reused_until_the_data_changes(session, world, data) -> None:
    cache = portfolio_service.DashboardCache()
    first = _board(session, world.agent_a, cache)
    assert _board(session, world.agent_a, cache) is first
    # Another organisation, and another day, are other entries.
    assert _board(session, world.agent_b, cache) is not first
    assert _board(session, world.agent_a, cache, NOW + timedelta(days=1)) is not first
    make_experiment(session, world.colleague_a, NOW)
    after = _board(session, world.agent_a, cache)
    assert after is not first and after.total == first.total + 1
    training_service.record(
        session=session,
        actor=world.admin_a,
        user_id=world.colleague_a.id,
        data={"kind": "evaluation", "followed_on": date(2025, 1, 1)},
        now=NOW,
    )
    trained = _board(session, world.agent_a, cache)
    assert [row.experiments for row in trained.training] == [4, 2]


def _close_a_gate(session: Session) -> None:
    gate = session.exec(select(Gate).where(Gate.status == "open")).first()
    gate.status, gate.version = "withdrawn", gate.version + 1
    session.add(gate)


def _withdraw_commons(session: Session) -> None:
    line = session.exec(select(CommonsContribution)).first()
    line.version += 1
    session.add(line)


def _rename_territory(session: Session) -> None:
    territory = session.exec(select(Territory)).first()
    territory.name, territory.version = "Mende-centre", territory.version + 1
    session.add(territory)


def _add(row_of):
    def change(session: Session) -> None:
        session.add(row_of(session))

    return change


CHANGES = {
    "event": _add(
        lambda s: Event(experiment_id=s.exec(select(Event.experiment_id)).first(), trigger="update",
                        from_state="draft", to_state="draft")
    ),
    "gate closed": _close_a_gate,
    "decision": _add(
        lambda s: GateDecision(gate_id=s.exec(select(Gate.id).where(Gate.status == "open")).first(),
                               decision="hold", rationale="Vu", decided_by=1)
    ),
    "lesson": _add(
        lambda s: Lesson(experiment_id=s.exec(select(Event.experiment_id)).first(),
                         organisation_id=1, kind="adapt", title="L", outcome="adapt")
    ),
    "training": _add(
        lambda s: Training(user_id=1, kind="evaluation", followed_on=date(2026, 1, 1),
                           recorded_by=1)
    ),
    "commons": _withdraw_commons,
    "territory": _rename_territory,
}  # fmt: skip


@pytest.mark.parametrize("change", list(CHANGES))
def test_every_change_a_figure_can_see_moves_the_fingerprint(session, data, change) -> None:
    before = fingerprint(session, NOW.date())
    CHANGES[change](session)
    session.commit()
    assert fingerprint(session, NOW.date()) != before
