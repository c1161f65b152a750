"""Portfolio figures against a hand-built dataset (tests/portfolio_data.py), on both databases."""

from datetime import date

import pytest
from sqlmodel import Session

from tests import portfolio_data
from tests.conftest import NOW
from tests.factories import World
from tracker.services import portfolio as portfolio_service
from tracker.services.errors import Forbidden
from tracker.services.portfolio_scope import Filters


@pytest.fixture
def data(session: Session, world: World) -> portfolio_data.Portfolio:
    return portfolio_data.build(session, world)


def _board(session, actor, admins=frozenset(), all_organisations=False, **filters):
    return portfolio_service.dashboard(
        session=session,
        actor=actor,
        filters=Filters(**filters),
        all_organisations=all_organisations,
        instance_admins=admins,
        now=NOW,
    )[1]


def test_funnel_counts_states_now_and_ever_reached(session, world, data) -> None:
    board = _board(session, world.agent_a)
    assert board.total == 5
    assert [(row.state, row.current, row.reached) for row in board.funnel] == [
        ("draft", 1, 5),
        ("prototype", 1, 4),
        ("pilot", 1, 2),
        ("evaluation", 0, 1),
        ("scaling", 1, 1),
        ("scaled", 0, 0),
        ("stopped", 1, 1),
    ]


def test_outcomes_per_quarter(session, world, data) -> None:
    board = _board(session, world.agent_a)
    assert [(r.year, r.quarter, r.scale, r.adapt, r.stop) for r in board.outcomes] == [
        (2026, 2, 0, 1, 1),
        (2026, 3, 1, 0, 0),
    ]


def test_median_days_per_stage_on_completed_stays(session, world, data) -> None:
    board = _board(session, world.agent_a)
    assert [(row.state, row.stays, row.median_days) for row in board.stages] == [
        ("draft", 4, 7.0),  # 2, 4, 10, 20: the mean of the middle two
        ("prototype", 3, 30.0),  # 20, 30, 30 (the adapt does not cut E3's stay)
        ("pilot", 1, 60.0),
        ("evaluation", 1, 60.0),
        ("scaling", 0, None),
    ]


def test_gates_pending_and_overdue_per_board(session, world, data) -> None:
    board = _board(session, world.agent_a)
    assert [(row.board, row.pending, row.overdue) for row in board.gates] == [
        ("Comité", 1, 1),
        ("Comité numérique", 1, 0),
    ]


def test_verdict_against_decision(session, world, data) -> None:
    rows = {row.verdict: row for row in _board(session, world.agent_a).verdicts}
    assert set(rows) == {
        "conclusive_positive",
        "conclusive_negative",
        "inconclusive",
        "not_finished",
    }
    assert rows["conclusive_negative"].scale == 1  # the board scaled a negative result
    assert rows["conclusive_positive"].stop == 1  # and stopped a positive one
    total = sum(r.scale + r.adapt + r.stop + r.hold for r in rows.values())
    assert total == 2  # the pilot gate's go is not a decision-gate decision


def test_territories_commons_and_training(session, world, data) -> None:
    board = _board(session, world.agent_a)
    assert [(row.territory, row.experiments) for row in board.territories] == [
        ("Mende", 2),
        ("Florac", 1),
    ]
    assert [
        (row.kind, row.unit, row.contributions, row.quantity, row.value_eur)
        for row in board.commons
    ] == [("funding", "", 1, None, 20000.0), ("premises", "m2", 2, 150.0, 5000.0)]
    assert [
        (row.trained, row.experiments, row.in_progress, row.scaled, row.stopped)
        for row in board.training
    ] == [(True, 2, 1, 1, 0), (False, 3, 2, 0, 1)]


def test_filters(session, world, data) -> None:
    def states(**filters) -> dict[str, int]:
        board = _board(session, world.agent_a, **filters)
        return {row.state: row.current for row in board.funnel if row.current}

    assert states(territory_id=data.florac.id) == {"pilot": 1}
    # The experiments' own theme (any case); E1 has no lesson, E6 is another organisation's.
    assert states(theme="MOBILITY") == {"stopped": 1}
    assert states(theme="health") == {"scaling": 1}
    assert states(theme="housing") == {}
    assert states(board_id=data.other_board.id) == {"prototype": 1}
    assert states(board_id=data.board.id) == {"draft": 1, "pilot": 1, "scaling": 1, "stopped": 1}
    assert states(start=date(2026, 3, 1), end=date(2026, 4, 1)) == {"stopped": 1, "pilot": 1}
    assert states(end=date(2025, 12, 31)) == {"draft": 1}


def test_each_organisation_sees_its_own(session, world, data) -> None:
    board = _board(session, world.agent_b)
    assert board.total == 1
    assert [(row.state, row.median_days) for row in board.stages][0] == ("draft", 5.0)
    assert [(row.board, row.pending, row.overdue) for row in board.gates] == [("Comité B", 1, 1)]
    assert [(row.territory, row.experiments) for row in board.territories] == [("Mende", 1)]
    # Asking for another organisation changes nothing for those not granted the instance view.
    with pytest.raises(Forbidden):
        _board(session, world.agent_b, organisation_id=world.org_a.id)
    with pytest.raises(Forbidden):
        _board(session, world.admin_b, all_organisations=True)


def test_instance_admins_see_every_organisation(session, world, data) -> None:
    admins = frozenset({world.admin_b.email})
    everything = _board(session, world.admin_b, admins, all_organisations=True)
    assert everything.total == 6
    assert [(row.territory, row.experiments) for row in everything.territories][0] == ("Mende", 3)
    other = _board(session, world.admin_b, admins, organisation_id=world.org_a.id)
    assert other.total == 5
    # The grant is for admins: an agent named in the setting gets nothing more.
    with pytest.raises(Forbidden):
        _board(session, world.agent_b, frozenset({world.agent_b.email}), all_organisations=True)
