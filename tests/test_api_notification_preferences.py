"""API email preferences: read the defaults, save your own choice, escalations stay on."""

import pytest

from tests.gate_api import GateApi, assert_problem

PATH = "/me/notifications"


@pytest.fixture
def api(client, session):
    return GateApi(client, session)


def test_defaults_then_save(api, world) -> None:
    first = api.get(world.agent_a, PATH)
    assert first.status_code == 200
    assert first.get_json() == {"delivery": "immediate", "muted": [], "updated_at": None}

    body = {"delivery": "digest", "muted": ["vote_due", "stale", "stale"]}
    saved = api.client.put(f"/api/v1{PATH}", json=body, headers=api.headers(world.agent_a))
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["delivery"] == "digest"
    assert saved.get_json()["muted"] == ["stale", "vote_due"]
    assert saved.get_json()["updated_at"] is not None
    assert api.get(world.agent_a, PATH).get_json() == saved.get_json()
    # Each user's own: a colleague still has the defaults.
    assert api.get(world.colleague_a, PATH).get_json()["delivery"] == "immediate"


def _put(api, user, body):
    return api.client.put(f"/api/v1{PATH}", json=body, headers=api.headers(user))


def test_refusals(api, client, world) -> None:
    assert_problem(client.get(f"/api/v1{PATH}"), 401)
    assert_problem(client.put(f"/api/v1{PATH}", json={"delivery": "digest"}), 401)
    escalation = assert_problem(
        _put(api, world.agent_a, {"delivery": "immediate", "muted": ["gate_overdue"]}), 422
    )
    assert "muted" in str(escalation)
    assert_problem(_put(api, world.agent_a, {"delivery": "weekly"}), 422)
    assert_problem(_put(api, world.agent_a, {"delivery": "digest", "muted": "stale"}), 422)
    assert_problem(_put(api, world.agent_a, {"delivery": "digest", "other": 1}), 422)
    assert api.get(world.agent_a, PATH).get_json()["updated_at"] is None
