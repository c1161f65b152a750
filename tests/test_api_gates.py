"""API gates: requesting, voting, deciding, withdrawing; who may do each; problem+json refusals."""

from datetime import timedelta

import pytest

from tests import gate_steps as steps
from tests.conftest import NOW
from tests.factories import make_user
from tests.gate_api import PROBLEM, GateApi, assert_problem, open_pilot_gate


@pytest.fixture
def cast(session, world):
    return steps.build_cast(session, world)


@pytest.fixture
def api(client, session):
    return GateApi(client, session)


# Requesting --------------------------------------------------------------------------------


def test_requesting_the_pilot_gate_returns_it_open(session, api, cast):
    experiment = steps.in_prototype(session, cast)
    response = api.request(cast.owner, experiment.id, "pilot")
    assert response.status_code == 201
    gate = response.get_json()
    assert response.headers["Location"].endswith(f"/api/v1/gates/{gate['id']}")
    assert (gate["kind"], gate["status"], gate["experiment_id"]) == ("pilot", "open", experiment.id)
    assert gate["review_date"] == (NOW + timedelta(days=14)).date().isoformat()
    assert gate["quorum"] == 2 and gate["votes"] == [] and gate["decision"] is None
    assert gate["pilot_plan"]["partners"] == ["CAF de la Lozère"]
    assert {item["kind"] for item in gate["scorecard"]} == {"knockout", "scored"}
    assert api.get(cast.member, f"/gates/{gate['id']}").get_json() == gate


def test_a_review_date_can_be_given(session, api, cast):
    experiment = steps.in_prototype(session, cast)
    response = api.request(cast.owner, experiment.id, "pilot", review_date="2030-01-15")
    assert response.get_json()["review_date"] == "2030-01-15"


def test_an_incomplete_request_names_what_is_missing(session, api, cast):
    experiment = steps.in_prototype(session, cast)
    response = api.post(
        cast.owner,
        f"/experiments/{experiment.id}/gates",
        {"kind": "pilot", "pilot_plan": {"territory": "Lozère"}},
    )
    body = assert_problem(response, 422)
    assert {"prototype_learnings", "pilot_plan.population", "pilot_plan.partners"} <= set(
        body["errors"]
    )


def test_an_unknown_kind_or_field_is_422(session, api, cast):
    experiment = steps.in_prototype(session, cast)
    path = f"/experiments/{experiment.id}/gates"
    assert "kind" in assert_problem(api.post(cast.owner, path, {"kind": "final"}), 422)["errors"]
    body = assert_problem(api.post(cast.owner, path, {"kind": "pilot", "colour": "red"}), 422)
    assert "colour" in body["errors"]


def test_the_decision_gate_needs_a_measurement_per_criterion(session, api, cast):
    experiment = steps.evaluate(session, cast, steps.in_pilot(session, cast), measured=False)
    body = assert_problem(api.request(cast.owner, experiment.id, "decision"), 422)
    assert "measurements" in body["errors"]


def test_a_gate_from_the_wrong_stage_is_409(session, api, cast):
    experiment = steps.in_prototype(session, cast)
    assert_problem(api.request(cast.owner, experiment.id, "decision"), 409)


def test_a_second_open_gate_is_409(session, api, cast):
    experiment_id, _gate_id = open_pilot_gate(session, api, cast)
    assert_problem(api.request(cast.owner, experiment_id, "pilot"), 409)


@pytest.mark.parametrize(
    ("who", "status"),
    [("owner", 201), ("teammate", 201), ("chair", 403), ("member", 403), ("outsider", 404)],
)
def test_who_may_request_a_gate(session, api, cast, who, status):
    experiment = steps.in_prototype(session, cast)
    response = api.request(getattr(cast, who), experiment.id, "pilot")
    assert response.status_code == status
    if status != 201:
        assert response.mimetype == PROBLEM


# Voting ------------------------------------------------------------------------------------


def test_a_vote_is_201_when_cast_and_200_when_changed(session, api, cast):
    _experiment_id, gate_id = open_pilot_gate(session, api, cast)
    first = api.vote(cast.member, gate_id, "go", comment="Prêt.")
    assert first.status_code == 201
    assert first.get_json()["voter"] == {"id": cast.member.id, "name": cast.member.name}
    again = api.vote(cast.member, gate_id, "hold", comment="À revoir.")
    assert again.status_code == 200
    votes = api.get(cast.chair, f"/gates/{gate_id}").get_json()["votes"]
    assert [(v["recommendation"], v["comment"]) for v in votes] == [("hold", "À revoir.")]
    assert votes[0]["scores"] == steps.SCORES


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("chair", 201),
        ("member", 201),
        ("owner", 403),  # on the board, but owns the experiment
        ("teammate", 403),  # on the board, but on the team
        ("stranger", 403),  # same organisation, not on the board
        ("outsider", 404),  # another organisation
    ],
)
def test_who_may_vote(session, api, cast, world, who, status):
    _experiment_id, gate_id = open_pilot_gate(session, api, cast)
    users = {"stranger": make_user(session, world.org_a, "stranger@a.example", "reviewer", NOW)}
    voter = users.get(who) or getattr(cast, who)
    response = api.vote(voter, gate_id, "go")
    assert response.status_code == status
    if status != 201:
        assert response.mimetype == PROBLEM


def test_an_incomplete_scorecard_is_422_by_criterion(session, api, cast):
    _experiment_id, gate_id = open_pilot_gate(session, api, cast)
    scores = {**steps.SCORES, "legal_ok": 3, "cost": 9}
    del scores["feasibility"]
    body = assert_problem(api.vote(cast.chair, gate_id, "go", scores=scores), 422)
    assert {"scores.legal_ok", "scores.cost", "scores.feasibility"} <= set(body["errors"])


def test_a_recommendation_of_the_other_gate_is_422(session, api, cast):
    _experiment_id, gate_id = open_pilot_gate(session, api, cast)
    body = assert_problem(api.vote(cast.chair, gate_id, "scale"), 422)
    assert "recommendation" in body["errors"]


def test_the_queue_lists_gates_waiting_for_my_vote(session, api, cast):
    _experiment_id, gate_id = open_pilot_gate(session, api, cast)

    def waiting(user):
        response = api.get(user, "/gates/queue")
        assert response.status_code == 200
        return [gate["id"] for gate in response.get_json()]

    assert waiting(cast.chair) == waiting(cast.member) == [gate_id]
    assert waiting(cast.owner) == waiting(cast.teammate) == waiting(cast.outsider) == []
    api.vote(cast.member, gate_id, "go")
    assert waiting(cast.member) == []


# Deciding ----------------------------------------------------------------------------------


def test_a_go_moves_the_experiment_and_freezes_the_criteria(session, api, cast):
    experiment_id, gate_id = open_pilot_gate(session, api, cast)
    result = api.reviewed(cast, gate_id, "go")
    gate, experiment = result["gate"], result["experiment"]
    assert gate["status"] == "decided"
    decision = gate["decision"]
    assert decision["decision"] == "go" and decision["rationale"]
    assert decision["decided_by"] == {"id": cast.chair.id, "name": cast.chair.name}
    assert decision["route"] is None and gate["verdict"] is None
    assert (experiment["id"], experiment["state"]) == (experiment_id, "pilot")
    assert experiment["criteria_frozen_at"] is not None


def test_deciding_without_quorum_is_422(session, api, cast):
    _experiment_id, gate_id = open_pilot_gate(session, api, cast)
    api.vote(cast.chair, gate_id, "go")
    body = assert_problem(api.decide(cast.chair, gate_id, "go"), 422)
    assert "votes" in body["errors"]
    assert api.get(cast.chair, f"/gates/{gate_id}").get_json()["status"] == "open"


def test_deciding_without_rationale_is_422(session, api, cast):
    _experiment_id, gate_id = open_pilot_gate(session, api, cast)
    api.vote(cast.chair, gate_id, "go")
    api.vote(cast.member, gate_id, "go")
    body = assert_problem(api.decide(cast.chair, gate_id, "go", rationale="  "), 422)
    assert "rationale" in body["errors"]


def test_a_decided_gate_refuses_votes_and_decisions_with_409(session, api, cast):
    _experiment_id, gate_id = open_pilot_gate(session, api, cast)
    api.reviewed(cast, gate_id, "go")
    assert_problem(api.decide(cast.chair, gate_id, "stop"), 409)
    assert_problem(api.vote(cast.member, gate_id, "stop"), 409)
    assert_problem(api.post(cast.owner, f"/gates/{gate_id}/withdraw"), 409)


def test_a_stale_gate_version_is_409(session, api, cast):
    _experiment_id, gate_id = open_pilot_gate(session, api, cast)
    api.vote(cast.chair, gate_id, "go")
    api.vote(cast.member, gate_id, "go")
    assert_problem(api.decide(cast.chair, gate_id, "go", version=7), 409)


@pytest.mark.parametrize(
    ("who", "status"),
    [("chair", 200), ("member", 403), ("owner", 403), ("teammate", 403), ("outsider", 404)],
)
def test_who_may_decide(session, api, cast, who, status):
    _experiment_id, gate_id = open_pilot_gate(session, api, cast)
    api.vote(cast.chair, gate_id, "go")
    api.vote(cast.member, gate_id, "go")
    response = api.decide(getattr(cast, who), gate_id, "go")
    assert response.status_code == status
    if status != 200:
        assert response.mimetype == PROBLEM


def test_a_conflicted_chair_cannot_decide(session, api, cast, world):
    experiment = steps.in_prototype(session, cast, team=[cast.teammate.email, cast.chair.email])
    gate_id = api.request(cast.owner, experiment.id, "pilot").get_json()["id"]
    api.vote(cast.member, gate_id, "go")
    assert_problem(api.decide(cast.chair, gate_id, "go"), 403)


# Withdrawing and reading ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("owner", 200), ("teammate", 200), ("chair", 403), ("member", 403), ("outsider", 404)],
)
def test_who_may_withdraw(session, api, cast, who, status):
    _experiment_id, gate_id = open_pilot_gate(session, api, cast)
    response = api.post(getattr(cast, who), f"/gates/{gate_id}/withdraw", {"reason": "Trop tôt"})
    assert response.status_code == status
    if status == 200:
        assert response.get_json()["status"] == "withdrawn"
        assert response.get_json()["decision"] is None


def test_a_withdrawn_gate_frees_the_experiment_for_a_new_request(session, api, cast):
    experiment_id, gate_id = open_pilot_gate(session, api, cast)
    api.post(cast.owner, f"/gates/{gate_id}/withdraw")
    assert api.request(cast.owner, experiment_id, "pilot").status_code == 201
    gates = api.get(cast.owner, f"/experiments/{experiment_id}/gates").get_json()
    assert [g["status"] for g in gates] == ["withdrawn", "open"]


def test_gates_of_another_organisation_and_unknown_gates_are_404(session, api, cast):
    experiment_id, gate_id = open_pilot_gate(session, api, cast)
    assert_problem(api.get(cast.outsider, f"/gates/{gate_id}"), 404)
    assert_problem(api.get(cast.outsider, f"/experiments/{experiment_id}/gates"), 404)
    assert_problem(api.get(cast.chair, "/gates/999999"), 404)
    assert_problem(api.vote(cast.chair, 999999, "go"), 404)


# The documented contract ---------------------------------------------------------------------


def test_the_openapi_document_lists_the_gate_operations_and_fields(client):
    document = client.get("/api/v1/openapi.json").get_json()
    paths = document["paths"]
    assert set(paths["/boards"]) == {"get", "post"}
    assert "get" in paths["/boards/{board_id}"]
    assert set(paths["/experiments/{experiment_id}/gates"]) == {"get", "post"}
    assert "get" in paths["/gates/queue"] and "get" in paths["/gates/{gate_id}"]
    for action in ("votes", "decision", "withdraw", "conditions/{condition_id}/met"):
        assert "post" in paths[f"/gates/{{gate_id}}/{action}"], action
    assert set(paths["/gates/{gate_id}/votes"]["post"]["responses"]) >= {"200", "201", "403"}
    schemas = document["components"]["schemas"]
    gate_fields = set(schemas["GateOut"]["properties"])
    assert {
        "id", "kind", "status", "experiment_id", "review_date", "quorum", "votes", "decision",
        "conditions", "verdict", "analysis", "scorecard", "score_totals", "criteria_results",
    } <= gate_fields  # fmt: skip
    assert {"decision", "rationale", "decided_by", "decided_at", "route"} <= set(
        schemas["DecisionOut"]["properties"]
    )
    assert {"board_id", "amendments", "criteria_frozen_at"} <= set(
        schemas["ExperimentOut"]["properties"]
    )
    assert "amendment_reason" in schemas["ExperimentPatch"]["properties"]
