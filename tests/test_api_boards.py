"""API boards: admins create them, everyone reads their organisation's, others' are 404."""

import pytest

from tests.gate_api import GateApi, assert_problem


@pytest.fixture
def api(client, session):
    return GateApi(client, session)


BOARD = {
    "name": "Comité d'innovation",
    "chairs": ["reviewer@a.example"],
    "members": ["colleague@a.example", "Admin@A.example"],
}


def test_an_admin_creates_the_first_board_as_default(api, world):
    response = api.post(world.admin_a, "/boards", BOARD)
    assert response.status_code == 201, response.get_json()
    board = response.get_json()
    assert response.headers["Location"].endswith(f"/api/v1/boards/{board['id']}")
    assert (board["name"], board["quorum"], board["is_default"]) == (BOARD["name"], 2, True)
    members = {(m["email"], m["chair"]) for m in board["members"]}
    assert members == {
        ("reviewer@a.example", True),
        ("colleague@a.example", False),
        ("admin@a.example", False),
    }
    assert board["members"][0]["chair"] is True  # chairs first
    assert {item["kind"] for item in board["scorecard"]} == {"knockout", "scored"}
    assert board["evidence_levels"] == {"pilot": 1, "decision": 3}
    assert api.get(world.agent_a, f"/boards/{board['id']}").get_json() == board


def test_a_custom_scorecard_and_a_second_default(api, world):
    api.post(world.admin_a, "/boards", BOARD)
    custom = {
        **BOARD,
        "name": "Comité numérique",
        "quorum": 1,
        "is_default": True,
        "scorecard": [{"key": "impact", "label": "Impact", "kind": "scored"}],
        "meeting_cadence": "trimestriel",
    }
    response = api.post(world.admin_a, "/boards", custom)
    assert response.status_code == 201, response.get_json()
    listed = api.get(world.reviewer_a, "/boards").get_json()
    assert [(b["name"], b["is_default"]) for b in listed] == [
        ("Comité numérique", True),
        ("Comité d'innovation", False),
    ]
    assert listed[0]["scorecard"] == [{"key": "impact", "label": "Impact", "kind": "scored"}]


@pytest.mark.parametrize("who", ["agent_a", "reviewer_a"])
def test_only_admins_create_boards(api, world, who):
    assert_problem(api.post(getattr(world, who), "/boards", BOARD), 403)
    assert api.get(world.admin_a, "/boards").get_json() == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"chairs": ["nobody@a.example"]}, "chairs"),
        ({"chairs": ["reviewer@b.example"]}, "chairs"),
        ({"chairs": []}, "chairs"),
        ({"quorum": 9}, "quorum"),
        ({"quorum": 0}, "quorum"),
        ({"name": "  "}, "name"),
        ({"scorecard": [{"key": "Bad Key", "label": "x", "kind": "scored"}]}, "scorecard.0.key"),
        ({"colour": "bleu"}, "colour"),
    ],
)
def test_bad_boards_are_422_by_field(api, world, change, field):
    body = assert_problem(api.post(world.admin_a, "/boards", {**BOARD, **change}), 422)
    assert field in body["errors"]


def test_a_name_in_use_is_422(api, world):
    api.post(world.admin_a, "/boards", BOARD)
    body = assert_problem(api.post(world.admin_a, "/boards", BOARD), 422)
    assert "name" in body["errors"]


def test_boards_of_another_organisation_are_hidden(api, world):
    board_id = api.post(world.admin_a, "/boards", BOARD).get_json()["id"]
    assert_problem(api.get(world.admin_b, f"/boards/{board_id}"), 404)
    assert api.get(world.admin_b, "/boards").get_json() == []
    assert_problem(api.get(world.admin_a, "/boards/999999"), 404)


def test_the_experiment_names_its_board(api, session, world):
    created = api.post(world.agent_a, "/experiments", {"title": "Guichet"}).get_json()
    assert created["board_id"] is None  # reviewed by the organisation's default board
    assert created["criteria_frozen_at"] is None and created["amendments"] == []
