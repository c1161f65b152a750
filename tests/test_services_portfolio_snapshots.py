"""Stored dashboards: an unfiltered dashboard is read from its snapshot, shown with its age
while the data moves on, recomputed by the scheduler's pass or when too old."""

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from tests import portfolio_data
from tests.conftest import NOW
from tests.factories import World, make_experiment
from tracker.models import PortfolioSnapshot
from tracker.services import portfolio as portfolio_service
from tracker.services.portfolio_scope import Filters

MAX_AGE = timedelta(minutes=15)


@pytest.fixture
def data(session: Session, world: World) -> portfolio_data.Portfolio:
    return portfolio_data.build(session, world)


def _board(session, actor, now=NOW, all_organisations=False, admins=frozenset(), **filters):
    return portfolio_service.dashboard(
        session=session,
        actor=actor,
        filters=Filters(**filters),
        all_organisations=all_organisations,
        instance_admins=admins,
        cache=portfolio_service.DashboardCache(),
        snapshot_max_age=MAX_AGE,
        now=now,
    )[1]


def _scopes(session: Session) -> list[str]:
    return sorted(session.exec(select(PortfolioSnapshot.scope)).all())


def test_the_first_read_stores_the_dashboard_and_the_next_reads_it(session, world, data) -> None:
    first = _board(session, world.agent_a)
    assert (first.total, first.as_of, first.up_to_date) == (5, NOW, True)
    assert _scopes(session) == [f"organisation:{world.org_a.id}"]
    again = _board(session, world.agent_a, now=NOW + timedelta(minutes=1))
    assert again.as_of == NOW and again.up_to_date
    assert again.model_dump(exclude={"as_of"}) == first.model_dump(exclude={"as_of"})


def test_a_change_is_shown_late_with_the_age_then_by_the_refresh(session, world, data) -> None:
    _board(session, world.agent_a)
    make_experiment(session, world.colleague_a, NOW + timedelta(minutes=1))
    later = NOW + timedelta(minutes=2)
    stale = _board(session, world.agent_a, now=later)
    assert (stale.total, stale.as_of, stale.up_to_date) == (5, NOW, False)
    assert portfolio_service.refresh_snapshots(session, now=later) == [
        f"organisation:{world.org_a.id}",
        f"organisation:{world.org_b.id}",
    ]
    fresh = _board(session, world.agent_a, now=later + timedelta(minutes=1))
    assert (fresh.total, fresh.as_of, fresh.up_to_date) == (6, later, True)
    # Nothing changed since: the next pass recomputes nothing.
    assert portfolio_service.refresh_snapshots(session, now=later + timedelta(minutes=5)) == []


def test_a_snapshot_older_than_the_age_is_recomputed_by_the_reader(session, world, data) -> None:
    _board(session, world.agent_a)
    make_experiment(session, world.colleague_a, NOW + timedelta(minutes=1))
    much_later = NOW + MAX_AGE + timedelta(minutes=1)
    board = _board(session, world.agent_a, now=much_later)
    assert (board.total, board.as_of, board.up_to_date) == (6, much_later, True)


def test_filtered_dashboards_are_never_stored_and_see_changes_at_once(session, world, data) -> None:
    before = _board(session, world.agent_a, territory_id=data.mende.id)
    assert _scopes(session) == []
    make_experiment(session, world.colleague_a, NOW, territory_ids=[data.mende.id])
    after = _board(session, world.agent_a, territory_id=data.mende.id)
    assert after.total == before.total + 1 and after.up_to_date


def test_each_organisation_reads_its_own_snapshot(session, world, data) -> None:
    mine = _board(session, world.agent_a)
    theirs = _board(session, world.agent_b)
    assert mine.total == 5 and theirs.total != mine.total
    assert _board(session, world.agent_b).total == theirs.total


def test_the_instance_wide_snapshot_is_refreshed_once_asked_for(session, world, data) -> None:
    admins = frozenset({world.admin_a.email})
    assert _board(session, world.admin_a, all_organisations=True, admins=admins).up_to_date
    assert "all" in _scopes(session)
    make_experiment(session, world.agent_b, NOW)
    assert "all" in portfolio_service.refresh_snapshots(session, now=NOW + timedelta(minutes=1))
