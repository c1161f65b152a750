"""API trainings: admins of the user's organisation record and read; the user reads own."""

import pytest

from tests.gate_api import GateApi, assert_problem


@pytest.fixture
def api(client, session):
    return GateApi(client, session)


def test_an_admin_records_and_the_user_reads(api, world) -> None:
    path = f"/users/{world.agent_a.id}/trainings"
    body = {"kind": "intrapreneurship", "followed_on": "2026-05-20", "provider": "Réseau"}
    created = api.post(world.admin_a, path, body)
    assert created.status_code == 201, created.get_json()
    assert created.headers["Location"].endswith(f"/api/v1{path}")
    training = created.get_json()
    assert (training["kind"], training["followed_on"], training["provider"]) == (
        "intrapreneurship",
        "2026-05-20",
        "Réseau",
    )
    assert api.get(world.agent_a, path).get_json() == [training]
    assert api.get(world.admin_a, path).get_json() == [training]


def test_refusals(api, world) -> None:
    path = f"/users/{world.agent_a.id}/trainings"
    assert_problem(
        api.post(world.agent_a, path, {"kind": "evaluation", "followed_on": "2026-01-02"}), 403
    )
    assert_problem(api.get(world.colleague_a, path), 403)
    assert_problem(api.get(world.admin_b, path), 404)
    assert_problem(
        api.post(world.admin_a, path, {"kind": "yoga", "followed_on": "2026-01-02"}), 422
    )
    assert_problem(
        api.post(world.admin_a, path, {"kind": "evaluation", "followed_on": "2031-01-02"}), 422
    )
    assert_problem(api.get(world.admin_a, "/users/999999/trainings"), 404)
