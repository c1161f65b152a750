"""API personal tokens: list yours without secrets, create one (secret once), revoke yours."""

import pytest

from tests.gate_api import GateApi, assert_problem


@pytest.fixture
def api(client, session):
    return GateApi(client, session)


def test_create_list_and_revoke(api, client, world) -> None:
    created = api.post(world.agent_a, "/tokens", {"name": "CI"})
    assert created.status_code == 201, created.get_json()
    token = created.get_json()
    assert token["name"] == "CI" and token["token"].startswith("dae_")
    assert token["revoked_at"] is None
    headers = {"Authorization": f"Bearer {token['token']}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200

    listed = api.get(world.agent_a, "/tokens").get_json()
    names = [row["name"] for row in listed]
    assert names == ["CI", "test"]  # newest first, the one the test helper made too
    assert all("token" not in row and "token_hash" not in row for row in listed)

    revoked = api.post(world.agent_a, f"/tokens/{token['id']}/revoke")
    assert revoked.status_code == 200
    assert revoked.get_json()["revoked_at"] is not None
    assert_problem(client.get("/api/v1/me", headers=headers), 401)


def test_someone_elses_token_is_not_found(api, world) -> None:
    token = api.post(world.agent_a, "/tokens", {"name": "mine"}).get_json()
    assert_problem(api.post(world.colleague_a, f"/tokens/{token['id']}/revoke"), 404)
    assert_problem(api.post(world.admin_b, f"/tokens/{token['id']}/revoke"), 404)
    assert_problem(api.post(world.agent_a, "/tokens/999999/revoke"), 404)
    assert [row["revoked_at"] for row in api.get(world.agent_a, "/tokens").get_json()][0] is None
    assert [row["name"] for row in api.get(world.colleague_a, "/tokens").get_json()] == ["test"]


def test_refusals(api, client, world) -> None:
    assert_problem(client.get("/api/v1/tokens"), 401)
    assert_problem(api.post(world.agent_a, "/tokens", {}), 422)
    assert_problem(api.post(world.agent_a, "/tokens", {"name": ""}), 422)
    assert_problem(api.post(world.agent_a, "/tokens", {"name": "x", "secret": "y"}), 422)
    assert_problem(api.post(world.agent_a, "/tokens", {"name": "x" * 101}), 422)
