"""API workflow: the definition, and firing triggers with their status codes."""

from tests.conftest import NOW
from tests.factories import make_experiment
from tracker.services import auth as auth_service
from workflows.experiment import EXPERIMENT
from workflows.retrospective import RETROSPECTIVE


def bearer(session, user):
    """Authorization headers with a fresh personal token of `user`."""
    _, plain = auth_service.create_token(session=session, user=user, name="test", now=NOW)
    return {"Authorization": f"Bearer {plain}"}


def fire(client, experiment_id, headers, **body):
    return client.post(
        f"/api/v1/experiments/{experiment_id}/transitions", json=body, headers=headers
    )


def test_workflow_is_the_definition(client):
    response = client.get("/api/v1/workflow")
    assert response.get_json() == {
        "experiment": EXPERIMENT.as_dict(),
        "retrospective": RETROSPECTIVE.as_dict(),
    }


def test_start_prototype_moves_the_experiment(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    response = fire(
        client, experiment.id, bearer(session, world.agent_a), trigger="start_prototype", version=1
    )
    assert response.status_code == 200
    body = response.get_json()
    assert (body["state"], body["version"]) == ("prototype", 2)
    assert body["allowed_triggers"] == ["stop"]


def test_a_team_member_may_fire_the_owners_triggers(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW, team=[world.colleague_a.email])
    response = fire(
        client,
        experiment.id,
        bearer(session, world.colleague_a),
        trigger="start_prototype",
        version=1,
    )
    assert response.status_code == 200


def test_go_pilot_by_the_owner_is_403(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    headers = bearer(session, world.agent_a)
    fire(client, experiment.id, headers, trigger="start_prototype", version=1)
    response = fire(client, experiment.id, headers, trigger="go_pilot", version=2)
    assert response.status_code == 403
    assert response.mimetype == "application/problem+json"


def test_a_colleague_outside_the_team_is_403(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    response = fire(
        client,
        experiment.id,
        bearer(session, world.colleague_a),
        trigger="start_prototype",
        version=1,
    )
    assert response.status_code == 403


def test_begin_evaluation_from_draft_is_409(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    response = fire(
        client, experiment.id, bearer(session, world.agent_a), trigger="begin_evaluation", version=1
    )
    assert response.status_code == 409


def test_a_stale_version_is_409(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    headers = bearer(session, world.agent_a)
    client.patch(
        f"/api/v1/experiments/{experiment.id}", json={"version": 1, "title": "v2"}, headers=headers
    )
    response = fire(client, experiment.id, headers, trigger="start_prototype", version=1)
    assert response.status_code == 409
    assert response.get_json()["current_version"] == 2


def test_stop_without_explanation_is_422_naming_what_is_missing(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    response = fire(
        client, experiment.id, bearer(session, world.agent_a), trigger="stop", version=1
    )
    assert response.status_code == 422
    problem = response.get_json()
    assert problem["trigger"] == "stop"
    assert len(problem["reasons"]) == 2
    assert all(reason in problem["detail"] for reason in problem["reasons"])


def test_stop_with_a_reason_and_an_explanation(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    response = fire(
        client,
        experiment.id,
        bearer(session, world.agent_a),
        trigger="stop",
        version=1,
        stop_reason="budget_cut",
        explanation="Crédits supprimés en loi de finances.",
    )
    assert response.status_code == 200
    body = response.get_json()
    assert (body["state"], body["stop_reason"]) == ("stopped", "budget_cut")
    assert body["stop_explanation"] == "Crédits supprimés en loi de finances."
    assert body["allowed_triggers"] == [] and body["blocked_triggers"] == []


def test_a_guard_failure_on_start_prototype_names_each_condition(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW, hypothesis="", target_users="")
    response = fire(
        client, experiment.id, bearer(session, world.agent_a), trigger="start_prototype", version=1
    )
    assert response.status_code == 422
    assert len(response.get_json()["reasons"]) == 2


def test_an_unknown_trigger_is_422(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    response = fire(
        client, experiment.id, bearer(session, world.agent_a), trigger="to_scaled", version=1
    )
    assert response.status_code == 422
    assert "trigger" in response.get_json()["errors"]


def test_an_unknown_stop_reason_is_422(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    response = fire(
        client,
        experiment.id,
        bearer(session, world.agent_a),
        trigger="stop",
        version=1,
        stop_reason="boredom",
        explanation="x",
    )
    assert response.status_code == 422
    assert "stop_reason" in response.get_json()["errors"]


def test_a_transition_without_version_is_422(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    response = fire(
        client, experiment.id, bearer(session, world.agent_a), trigger="start_prototype"
    )
    assert response.status_code == 422
    assert "version" in response.get_json()["errors"]


def test_a_transition_on_an_invisible_experiment_is_404(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    response = fire(
        client, experiment.id, bearer(session, world.agent_b), trigger="start_prototype", version=1
    )
    assert response.status_code == 404
