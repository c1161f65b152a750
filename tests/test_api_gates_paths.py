"""Whole paths through the gates, entirely through the API: scale, adapt, stop, hold, and
the rules along the way (conditions of a go, the criteria lock and amendments)."""

from typing import Any

import pytest

from tests import gate_steps as steps
from tests.factories import ready_fields
from tests.gate_api import GateApi, assert_problem, open_pilot_gate


@pytest.fixture
def cast(session, world):
    return steps.build_cast(session, world)


@pytest.fixture
def api(client, session):
    return GateApi(client, session)


def fire(api: GateApi, user, experiment_id: int, trigger: str, **params: Any):
    """Fire a trigger with the version the user just read."""
    version = api.experiment(user, experiment_id)["version"]
    body = {"trigger": trigger, "version": version, **params}
    return api.post(user, f"/experiments/{experiment_id}/transitions", body)


def in_prototype(api: GateApi, cast) -> int:
    """A new, complete experiment of the owner, moved to prototype through the API."""
    fields = {**ready_fields(), "team": [cast.teammate.email]}
    created = api.post(cast.owner, "/experiments", fields)
    assert created.status_code == 201, created.get_json()
    experiment_id = created.get_json()["id"]
    assert fire(api, cast.owner, experiment_id, "start_prototype").status_code == 200
    return experiment_id


def pilot_gate(api: GateApi, cast, experiment_id: int, decision: str, **data: Any) -> dict:
    """Request the pilot gate, have the board review it and decide `decision`."""
    gate = api.request(cast.owner, experiment_id, "pilot")
    assert gate.status_code == 201, gate.get_json()
    return api.reviewed(cast, gate.get_json()["id"], decision, **data)


def measure_and_evaluate(api: GateApi, cast, experiment_id: int) -> None:
    """Log the criterion's measurement in the journal, then begin the evaluation."""
    entry = {"kind": "measurement", "indicator": "Taux d'abandon", "value": 15}
    logged = api.post(cast.teammate, f"/experiments/{experiment_id}/journal", entry)
    assert logged.status_code == 201, logged.get_json()
    assert fire(api, cast.owner, experiment_id, "begin_evaluation").status_code == 200


def decision_gate(api: GateApi, cast, experiment_id: int, decision: str, **data: Any) -> dict:
    """Request the decision gate and have it decided."""
    gate = api.request(cast.owner, experiment_id, "decision")
    assert gate.status_code == 201, gate.get_json()
    return api.reviewed(cast, gate.get_json()["id"], decision, **data)


def in_evaluation(api: GateApi, cast) -> int:
    """Prototype, a go at the pilot gate, a measured pilot, then evaluation."""
    experiment_id = in_prototype(api, cast)
    pilot_gate(api, cast, experiment_id, "go")
    measure_and_evaluate(api, cast, experiment_id)
    return experiment_id


def test_prototype_to_scaled(api, cast):
    experiment_id = in_evaluation(api, cast)
    result = decision_gate(
        api, cast, experiment_id, "scale", route="public_policy", scaling_plan="Loi de finances."
    )
    gate = result["gate"]
    # Three separate facts: the evidence, the board's decision and the scaling route.
    assert gate["verdict"] == "conclusive_positive"
    assert gate["decision"]["decision"] == "scale"
    assert gate["decision"]["route"] == "public_policy"
    assert gate["decision"]["scaling_plan"] == "Loi de finances."
    assert result["experiment"]["state"] == "scaling"
    [criterion] = gate["criteria_results"]
    assert criterion["frozen"] is True and criterion["values"] == [15.0]
    assert criterion["target"] == "moins de 20 %" and criterion["met"] is True
    keyed = {total["key"]: total for total in gate["score_totals"]}
    assert keyed["user_value"]["total"] == 8 and keyed["legal_ok"]["yes"] == 2
    refused = fire(api, cast.owner, experiment_id, "complete_scaling", scaling_report="Fait.")
    assert_problem(refused, 403)
    missing = fire(api, cast.chair, experiment_id, "complete_scaling")
    assert_problem(missing, 422)
    done = fire(api, cast.chair, experiment_id, "complete_scaling", scaling_report="Généralisé.")
    assert done.status_code == 200 and done.get_json()["state"] == "scaled"


def test_adapt_at_the_pilot_gate_restarts_the_prototype(api, cast):
    experiment_id = in_prototype(api, cast)
    result = pilot_gate(api, cast, experiment_id, "adapt")
    assert result["gate"]["decision"]["restart_at"] == "prototype"
    assert result["gate"]["decision"]["changes"]
    experiment = result["experiment"]
    assert (experiment["state"], experiment["iteration"]) == ("prototype", 2)
    # The next iteration goes through the pilot gate again.
    assert pilot_gate(api, cast, experiment_id, "go")["experiment"]["state"] == "pilot"


@pytest.mark.parametrize("restart_at", ["prototype", "pilot"])
def test_adapt_at_the_decision_gate_restarts_where_chosen(api, cast, restart_at):
    experiment_id = in_evaluation(api, cast)
    result = decision_gate(api, cast, experiment_id, "adapt", restart_at=restart_at)
    experiment = result["experiment"]
    assert (experiment["state"], experiment["iteration"]) == (restart_at, 2)
    assert result["gate"]["decision"]["restart_at"] == restart_at


def test_adapt_at_the_decision_gate_without_restart_point_is_422(api, cast):
    experiment_id = in_evaluation(api, cast)
    gate_id = api.request(cast.owner, experiment_id, "decision").get_json()["id"]
    api.vote(cast.chair, gate_id, "adapt")
    api.vote(cast.member, gate_id, "adapt")
    assert_problem(api.decide(cast.chair, gate_id, "adapt"), 422)
    assert api.get(cast.chair, f"/gates/{gate_id}").get_json()["status"] == "open"


@pytest.mark.parametrize("at", ["pilot", "decision"])
def test_stop_at_either_gate_records_the_reason(api, cast, at):
    experiment_id = in_prototype(api, cast) if at == "pilot" else in_evaluation(api, cast)
    review = pilot_gate if at == "pilot" else decision_gate
    result = review(api, cast, experiment_id, "stop", stop_reason="cost")
    assert result["gate"]["decision"]["stop_reason"] == "cost"
    experiment = result["experiment"]
    assert (experiment["state"], experiment["stop_reason"]) == ("stopped", "cost")
    assert experiment["allowed_triggers"] == []


def test_hold_keeps_the_state_and_a_new_gate_can_follow(api, cast):
    experiment_id = in_prototype(api, cast)
    result = pilot_gate(api, cast, experiment_id, "hold", review_date="2030-03-01")
    assert result["experiment"]["state"] == "prototype"
    assert result["gate"]["status"] == "decided"
    assert result["gate"]["decision"]["next_review_date"] == "2030-03-01"
    assert pilot_gate(api, cast, experiment_id, "go")["experiment"]["state"] == "pilot"


def test_the_timeline_records_each_gate_step(api, cast):
    experiment_id = in_prototype(api, cast)
    pilot_gate(api, cast, experiment_id, "go")
    events = api.get(cast.owner, f"/experiments/{experiment_id}/events").get_json()
    triggers = [event["trigger"] for event in events]
    gated = [t for t in triggers if t in {"gate_requested", "go_pilot", "gate_decided"}]
    assert gated == ["gate_requested", "go_pilot", "gate_decided"]


# Conditions and the criteria lock -------------------------------------------------------------


def test_a_conditional_go_blocks_the_next_gate_until_met(session, api, cast):
    experiment_id, gate_id = open_pilot_gate(session, api, cast)
    result = api.reviewed(cast, gate_id, "go", conditions=["Signer la convention CAF"])
    conditions = result["gate"]["conditions"]
    assert [(c["text"], c["met"]) for c in conditions] == [("Signer la convention CAF", False)]
    assert result["gate"]["decision"]["conditions"] == conditions
    measure_and_evaluate(api, cast, experiment_id)
    blocked = assert_problem(api.request(cast.owner, experiment_id, "decision"), 409)
    assert "Signer la convention CAF" in blocked["detail"]
    met = f"/gates/{gate_id}/conditions/{conditions[0]['id']}/met"
    assert_problem(api.post(cast.member, met), 403)
    assert_problem(api.post(cast.chair, f"/gates/{gate_id}/conditions/999999/met"), 404)
    response = api.post(cast.chair, met)
    assert response.status_code == 200
    assert response.get_json()["conditions"][0]["met"] is True
    assert api.request(cast.owner, experiment_id, "decision").status_code == 201


def test_criteria_under_review_are_locked(session, api, cast):
    experiment_id, _gate_id = open_pilot_gate(session, api, cast)
    experiment = api.experiment(cast.owner, experiment_id)
    response = api.patch(
        cast.owner,
        f"/experiments/{experiment_id}",
        {"version": experiment["version"], "stop_criteria": ["autre critère"]},
    )
    assert_problem(response, 409)


def test_frozen_criteria_change_only_with_an_amendment_reason(session, api, cast):
    experiment_id, gate_id = open_pilot_gate(session, api, cast)
    api.reviewed(cast, gate_id, "go")
    experiment = api.experiment(cast.owner, experiment_id)
    assert experiment["amendments"] == []
    change = {"version": experiment["version"], "stop_criteria": ["aucune baisse à six mois"]}
    path = f"/experiments/{experiment_id}"
    body = assert_problem(api.patch(cast.owner, path, change), 422)
    assert "amendment_reason" in body["errors"]
    reason = "Le partenaire a décalé le lancement."
    response = api.patch(cast.owner, path, {**change, "amendment_reason": reason})
    assert response.status_code == 200
    [amendment] = response.get_json()["amendments"]
    assert amendment["reason"] == reason
    assert amendment["author"] == {"id": cast.owner.id, "name": cast.owner.name}
    assert amendment["before"] == {"stop_criteria": ["aucune baisse après trois mois"]}
    assert amendment["after"] == {"stop_criteria": ["aucune baisse à six mois"]}
    assert amendment["version"] == response.get_json()["version"]


def test_other_fields_change_freely_after_the_go(session, api, cast):
    experiment_id, gate_id = open_pilot_gate(session, api, cast)
    api.reviewed(cast, gate_id, "go")
    version = api.experiment(cast.owner, experiment_id)["version"]
    response = api.patch(
        cast.owner, f"/experiments/{experiment_id}", {"version": version, "title": "Nouveau"}
    )
    assert response.status_code == 200 and response.get_json()["amendments"] == []
