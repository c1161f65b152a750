"""GET /api/v1/portfolio: the dashboard's figures and filters as JSON."""

import pytest
from sqlmodel import Session

from tests import portfolio_data
from tests.conftest import NOW
from tests.factories import World, make_experiment
from tests.gate_api import GateApi, assert_problem


@pytest.fixture
def api(client, session):
    return GateApi(client, session)


@pytest.fixture
def data(session: Session, world: World) -> portfolio_data.Portfolio:
    return portfolio_data.build(session, world)


def test_the_figures_and_the_filters_applied(api, world, data) -> None:
    body = api.get(world.agent_a, "/portfolio").get_json()
    assert body["total"] == 5
    assert body["filters"]["organisation_id"] == world.org_a.id
    assert body["funnel"][1] == {"state": "prototype", "current": 1, "reached": 4}
    assert body["stages"][0] == {"state": "draft", "stays": 4, "median_days": 7.0}
    verdicts = {row["verdict"]: row for row in body["verdicts"]}
    assert verdicts["conclusive_negative"]["scale"] == 1
    assert body["training"][0]["trained"] is True
    assert set(body) >= {"outcomes", "gates", "territories", "commons"}
    florac = api.get(world.agent_a, f"/portfolio?territory_id={data.florac.id}").get_json()
    assert florac["total"] == 1
    assert florac["filters"]["territory_id"] == data.florac.id
    period = api.get(world.agent_a, "/portfolio?start=2026-03-01&end=2026-04-01").get_json()
    assert period["total"] == 2


def test_refusals(api, world, data) -> None:
    assert_problem(api.get(world.agent_b, "/portfolio?organisation=all"), 403)
    assert_problem(api.get(world.admin_b, f"/portfolio?organisation={world.org_a.id}"), 403)
    assert_problem(api.get(world.agent_a, "/portfolio?start=2026-05-01&end=2026-01-01"), 422)
    assert_problem(api.get(world.agent_a, "/portfolio?organisation=some"), 422)
    assert_problem(api.get(world.agent_a, "/portfolio?board_id=0"), 422)


def test_the_figures_say_when_they_were_computed(api, world, data, session) -> None:
    first = api.get(world.agent_a, "/portfolio").get_json()
    assert first["up_to_date"] is True and first["as_of"]
    make_experiment(session, world.colleague_a, NOW)
    # The stored dashboard is shown, saying it predates the change, until it is recomputed.
    stale = api.get(world.agent_a, "/portfolio").get_json()
    assert (stale["total"], stale["as_of"], stale["up_to_date"]) == (5, first["as_of"], False)
    filtered = api.get(world.agent_a, f"/portfolio?territory_id={data.mende.id}").get_json()
    assert filtered["up_to_date"] is True
