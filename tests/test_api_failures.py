"""GET /api/v1/failures: the failure page's figures as JSON, with the page's access rules."""

from datetime import timedelta

import pytest

from tests.conftest import NOW
from tests.gate_api import GateApi, assert_problem
from tests.test_services_failures import LATER, build
from tracker import clock


@pytest.fixture(autouse=True)
def _later(monkeypatch):
    """The figures read the clock: 100 days after the dataset was built."""
    monkeypatch.setattr(clock, "now", lambda: LATER)


@pytest.fixture
def api(client, session):
    return GateApi(client, session)


def test_the_figures_of_your_organisation(api, session, world):
    made = build(session, world)
    response = api.get(world.agent_a, "/failures")
    assert response.status_code == 200
    body = response.get_json()
    assert body["organisation_id"] == world.org_a.id
    assert body["stops"] == 4
    assert body["stops_by_reason"] == [
        {"key": "no_impact", "count": 2},
        {"key": "cost", "count": 1},
        {"key": "legal", "count": 1},
    ]
    assert body["stops_by_stage"] == [
        {"key": "prototype", "count": 3},
        {"key": "draft", "count": 1},
    ]
    assert (body["published"], body["median_days_to_publish"]) == (3, 30)
    assert body["overdue_count"] == 1
    [late] = body["overdue"]
    assert (late["experiment_id"], late["state"]) == (made["overdue"].id, "due")
    assert late["since"] == (NOW.date() + timedelta(days=30)).isoformat()
    assert (body["lessons_reused"], body["reuses"]) == (1, 2)
    assert (body["silent_days"], body["silent_count"]) == (90, 1)
    assert [row["experiment_id"] for row in body["silent"]] == [made["quiet"].id]


def test_each_organisation_sees_its_own(api, session, world):
    build(session, world)
    body = api.get(world.agent_b, "/failures").get_json()
    assert body["organisation_id"] == world.org_b.id
    assert body["stops_by_reason"] == [{"key": "budget_cut", "count": 1}]


def test_only_instance_admins_see_every_organisation(api, app, session, world):
    build(session, world)
    app.config["TRACKER"]["INSTANCE_ADMINS"] = "Admin@A.example"
    assert_problem(api.get(world.admin_b, "/failures?organisation=all"), 403)
    body = api.get(world.admin_a, "/failures?organisation=all").get_json()
    assert body["organisation_id"] is None
    assert body["stops"] == 5 and body["silent_days"] is None


@pytest.mark.parametrize("query", ["organisation=7", "organisation=", "organisation=ALL"])
def test_a_bad_query_is_422(api, world, query):
    assert_problem(api.get(world.agent_a, f"/failures?{query}"), 422)


def test_a_missing_token_is_401(client):
    assert client.get("/api/v1/failures").status_code == 401
