"""API admin users: list with filters and cursor pagination, create, change role or active."""

import pytest

from tests.factories import PASSWORD
from tests.gate_api import GateApi, assert_problem


@pytest.fixture
def api(client, session):
    return GateApi(client, session)


def _walk(api, user, path: str) -> list[dict]:
    rows: list[dict] = []
    cursor = None
    while True:
        url = path + (f"&cursor={cursor}" if cursor else "")
        page = api.get(user, url)
        assert page.status_code == 200, page.get_json()
        rows += page.get_json()["items"]
        cursor = page.get_json()["next_cursor"]
        if cursor is None:
            return rows


def test_pagination_walks_every_account_once(api, world, session) -> None:
    for n in range(5):
        body = {"email": f"p{n}@a.example", "name": f"Page {n}", "password": PASSWORD}
        assert api.post(world.admin_a, "/users", body).status_code == 201
    everyone = api.get(world.admin_a, "/users?limit=100").get_json()
    assert everyone["next_cursor"] is None
    walked = _walk(api, world.admin_a, "/users?limit=2")
    assert [row["id"] for row in walked] == [row["id"] for row in everyone["items"]]
    assert len({row["id"] for row in walked}) == len(walked) >= 8
    assert all(row["email"].endswith("@a.example") for row in walked)  # never org B


def test_filters(api, world) -> None:
    by_q = api.get(world.admin_a, "/users?q=COLLEAGUE").get_json()["items"]
    assert [row["email"] for row in by_q] == ["colleague@a.example"]
    assert api.get(world.admin_a, "/users?q=%25").get_json()["items"] == []
    admins = api.get(world.admin_a, "/users?role=admin").get_json()["items"]
    assert {row["role"] for row in admins} == {"admin"} and admins
    api.patch(world.admin_a, f"/users/{world.colleague_a.id}", {"active": False})
    inactive = api.get(world.admin_a, "/users?active=false").get_json()["items"]
    assert [row["id"] for row in inactive] == [world.colleague_a.id]


def test_create_and_patch(api, client, world) -> None:
    body = {"email": "New@A.example", "name": "Nouvelle", "role": "reviewer", "password": PASSWORD}
    created = api.post(world.admin_a, "/users", body)
    assert created.status_code == 201, created.get_json()
    user = created.get_json()
    assert (user["email"], user["role"], user["active"]) == ("new@a.example", "reviewer", True)
    assert created.headers["Location"].endswith("/api/v1/users")
    assert_problem(api.post(world.admin_a, "/users", body), 409)

    changed = api.patch(world.admin_a, f"/users/{user['id']}", {"role": "agent", "active": False})
    assert changed.status_code == 200, changed.get_json()
    assert (changed.get_json()["role"], changed.get_json()["active"]) == ("agent", False)


def test_refusals(api, client, world) -> None:
    target = f"/users/{world.agent_a.id}"
    assert_problem(client.get("/api/v1/users"), 401)
    assert_problem(api.get(world.agent_a, "/users"), 403)
    assert_problem(api.patch(world.agent_a, target, {"role": "admin"}), 403)
    assert_problem(api.patch(world.admin_b, target, {"active": False}), 404)
    assert_problem(api.patch(world.admin_a, "/users/999999", {"active": False}), 404)
    assert_problem(api.patch(world.admin_a, target, {"role": "king"}), 422)
    assert_problem(api.patch(world.admin_a, target, {"name": "x"}), 422)
    assert_problem(api.patch(world.admin_a, f"/users/{world.admin_a.id}", {"active": False}), 409)
    assert_problem(api.get(world.admin_a, "/users?cursor=nonsense"), 422)
    assert_problem(api.get(world.admin_a, "/users?limit=0"), 422)
    assert_problem(api.get(world.admin_a, "/users?role=king"), 422)
    short = {"email": "x@a.example", "name": "X", "password": "short"}
    assert_problem(api.post(world.admin_a, "/users", short), 422)
    assert_problem(
        api.post(world.admin_a, "/users", {**short, "password": PASSWORD, "email": "no"}), 422
    )
    assert_problem(api.post(world.agent_a, "/users", {**short, "password": PASSWORD}), 403)
    assert api.get(world.admin_b, "/users").get_json()["items"][0]["email"].endswith("b.example")
