"""API twins of the last UI actions: board members, retrospective addenda, the board of an
experiment, transition clusters and the account's language."""

import pytest
from sqlmodel import select

from tests import gate_steps as steps
from tests import retro_steps
from tests.conftest import NOW
from tests.factories import make_experiment, make_user
from tests.gate_api import GateApi, assert_problem, open_pilot_gate
from tracker.models import Event, Experiment, User


@pytest.fixture
def api(client, session):
    return GateApi(client, session)


@pytest.fixture
def cast(session, world):
    return steps.build_cast(session, world)


def put(api, user, path, body):
    return api.client.put(f"/api/v1{path}", json=body, headers=api.headers(user))


# POST /boards/{id}/members


def test_an_admin_adds_a_member_then_makes_them_chair(api, world, cast, session):
    board_id = cast.board.id
    make_user(session, world.org_a, "new@a.example", "agent", NOW)
    response = api.post(world.admin_a, f"/boards/{board_id}/members", {"email": "NEW@a.example"})
    assert response.status_code == 201, response.get_json()
    members = {m["email"]: m["chair"] for m in response.get_json()["members"]}
    assert members["new@a.example"] is False
    again = api.post(
        world.admin_a, f"/boards/{board_id}/members", {"email": "new@a.example", "is_chair": True}
    )
    assert again.status_code == 201
    assert {m["email"]: m["chair"] for m in again.get_json()["members"]}["new@a.example"]


def test_board_members_refusals(api, world, cast):
    path = f"/boards/{cast.board.id}/members"
    assert_problem(api.post(world.reviewer_a, path, {"email": "agent@a.example"}), 403)
    assert_problem(api.post(world.admin_b, path, {"email": "agent@b.example"}), 404)
    assert_problem(api.post(world.admin_a, path, {"email": "agent@b.example"}), 422)
    assert_problem(api.post(world.admin_a, path, {"is_chair": True}), 422)
    assert_problem(api.post(world.admin_a, path, {"email": "a@a.example", "x": 1}), 422)


# POST /experiments/{id}/retrospective/addenda


def published(session, world, cast):
    experiment = make_experiment(session, world.agent_a, NOW)
    retro_steps.submitted(session, world.agent_a, experiment)
    retro_steps.fire(session, cast.chair, experiment, "publish")
    return experiment


def test_the_team_and_the_chair_add_addenda_shown_on_the_retrospective(api, session, world, cast):
    experiment = published(session, world, cast)
    path = f"/experiments/{experiment.id}/retrospective"
    first = api.post(world.agent_a, path + "/addenda", {"body": "  Six mois après : adopté. "})
    assert first.status_code == 201, first.get_json()
    assert first.get_json()["body"] == "Six mois après : adopté."
    assert first.get_json()["author_id"] == world.agent_a.id
    assert api.post(world.reviewer_a, path + "/addenda", {"body": "Vu"}).status_code == 201
    addenda = api.get(world.agent_a, path).get_json()["addenda"]
    assert [a["body"] for a in addenda] == ["Six mois après : adopté.", "Vu"]


def test_addenda_refusals(api, session, world, cast):
    experiment = published(session, world, cast)
    path = f"/experiments/{experiment.id}/retrospective/addenda"
    assert_problem(api.post(world.admin_a, path, {"body": "x"}), 403)
    assert_problem(api.post(world.agent_b, path, {"body": "x"}), 404)
    assert_problem(api.post(world.agent_a, path, {"body": ""}), 422)
    assert_problem(api.post(world.agent_a, path, {"body": "   "}), 422)
    draft = make_experiment(session, world.agent_a, NOW)
    retro_steps.submitted(session, world.agent_a, draft)
    late = f"/experiments/{draft.id}/retrospective/addenda"
    assert_problem(api.post(world.agent_a, late, {"body": "Trop tôt"}), 409)


# PUT /experiments/{id}/board


def test_the_team_chooses_a_board_then_the_default_again(api, session, world, cast):
    other = api.post(
        world.admin_a, "/boards", {"name": "Numérique", "chairs": ["admin@a.example"], "quorum": 1}
    )
    assert other.status_code == 201, other.get_json()
    experiment = make_experiment(session, world.agent_a, NOW)
    path = f"/experiments/{experiment.id}/board"
    body = {"board_id": other.get_json()["id"], "version": experiment.version}
    response = put(api, world.agent_a, path, body)
    assert response.status_code == 200, response.get_json()
    version = response.get_json()["version"]
    assert version == body["version"] + 1
    session.expire_all()
    assert session.get(Experiment, experiment.id).board_id == other.get_json()["id"]
    events = session.exec(select(Event).where(Event.experiment_id == experiment.id)).all()
    assert any(e.data.get("fields") == ["board_id"] for e in events)
    back = put(api, world.admin_a, path, {"board_id": None, "version": version})
    assert back.status_code == 200, back.get_json()
    session.expire_all()
    assert session.get(Experiment, experiment.id).board_id is None


def test_choosing_a_board_refusals(api, session, world, cast):
    experiment = make_experiment(session, world.agent_a, NOW)
    path = f"/experiments/{experiment.id}/board"
    body = {"board_id": None, "version": experiment.version}
    assert_problem(put(api, world.reviewer_a, path, body), 403)
    assert_problem(put(api, world.agent_b, path, body), 404)
    assert_problem(put(api, world.agent_a, path, {"board_id": None, "version": 99}), 409)
    assert_problem(put(api, world.agent_a, path, {"version": experiment.version}), 422)
    foreign = {"board_id": 2_000_000_000, "version": experiment.version}
    assert_problem(put(api, world.agent_a, path, foreign), 422)


def test_no_board_change_while_a_gate_is_open(api, session, world, cast):
    experiment_id, _gate = open_pilot_gate(session, api, cast)
    version = api.experiment(world.agent_a, experiment_id)["version"]
    path = f"/experiments/{experiment_id}/board"
    assert_problem(put(api, world.agent_a, path, {"board_id": None, "version": version}), 409)


# GET|POST /territories/clusters


def test_an_admin_creates_a_cluster_everyone_lists_it(api, world):
    body = {"name": "  Vallée   de la Roya ", "description": "Reconstruction"}
    response = api.post(world.admin_a, "/territories/clusters", body)
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert (created["name"], created["description"]) == ("Vallée de la Roya", "Reconstruction")
    assert response.headers["Location"].endswith("/api/v1/territories/clusters")
    listed = api.get(world.agent_b, "/territories/clusters")
    assert listed.status_code == 200
    assert [c["name"] for c in listed.get_json()] == ["Vallée de la Roya"]


def test_cluster_refusals(api, world):
    assert_problem(api.post(world.agent_a, "/territories/clusters", {"name": "X"}), 403)
    assert api.post(world.admin_a, "/territories/clusters", {"name": "X"}).status_code == 201
    assert_problem(api.post(world.admin_b, "/territories/clusters", {"name": "X"}), 422)
    assert_problem(api.post(world.admin_a, "/territories/clusters", {}), 422)
    assert_problem(api.post(world.admin_a, "/territories/clusters", {"name": ""}), 422)


# PATCH /me


def test_patch_me_changes_the_language(api, session, world):
    response = api.patch(world.agent_a, "/me", {"locale": "en"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["locale"] == "en"
    session.expire_all()
    assert session.get(User, world.agent_a.id).locale == "en"
    assert api.patch(world.agent_a, "/me", {"locale": "fr"}).get_json()["locale"] == "fr"


@pytest.mark.parametrize("body", [{"locale": "de"}, {}, {"locale": "fr", "name": "x"}])
def test_patch_me_refuses_bad_bodies(api, world, body):
    assert_problem(api.patch(world.agent_a, "/me", body), 422)
