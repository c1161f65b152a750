"""API replication: POST /experiments/{id}/replicate and GET /experiments/{id}/lineage."""

from tests.conftest import NOW
from tests.factories import make_experiment
from tests.gate_api import PROBLEM, bearer
from tests.scaling_steps import replicate
from tracker.services import experiments as experiment_service


def _public(session, owner):
    experiment = make_experiment(session, owner, NOW)
    return experiment_service.update(
        session=session,
        actor=owner,
        experiment_id=experiment.id,
        version=experiment.version,
        changes={"visibility": "public"},
        now=NOW,
    )


def test_replicate_answers_201_with_the_new_experiment_linked_to_its_source(client, session, world):
    source = _public(session, world.agent_a)
    response = client.post(
        f"/api/v1/experiments/{source.id}/replicate",
        json={"territory": "Gironde", "title": "Guichet unique, Gironde"},
        headers=bearer(session, world.agent_b),
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["replicated_from"] == source.id
    assert body["id"] != source.id
    assert response.headers["Location"].endswith(f"/api/v1/experiments/{body['id']}")
    assert (body["title"], body["territory"], body["state"]) == (
        "Guichet unique, Gironde",
        "Gironde",
        "draft",
    )
    assert body["organisation"]["id"] == world.org_b.id
    assert body["owner"]["id"] == world.agent_b.id
    assert body["problem"] == source.problem and body["hypothesis"] == source.hypothesis
    again = client.get(f"/api/v1/experiments/{body['id']}", headers=bearer(session, world.agent_b))
    assert again.get_json()["replicated_from"] == source.id


def test_replicating_an_invisible_source_is_404(client, session, world):
    source = make_experiment(session, world.agent_a, NOW)
    response = client.post(
        f"/api/v1/experiments/{source.id}/replicate",
        json={},
        headers=bearer(session, world.agent_b),
    )
    assert response.status_code == 404
    assert response.mimetype == PROBLEM
    missing = client.post(
        "/api/v1/experiments/999999/replicate", json={}, headers=bearer(session, world.agent_b)
    )
    assert missing.status_code == 404


def test_a_bad_body_is_422(client, session, world):
    source = make_experiment(session, world.agent_a, NOW)
    headers = bearer(session, world.agent_a)
    url = f"/api/v1/experiments/{source.id}/replicate"
    for body in ({"title": ""}, {"organisation_id": 2}, {"territory": "x" * 201}):
        response = client.post(url, json=body, headers=headers)
        assert response.status_code == 422, body
        assert response.mimetype == PROBLEM


def test_replicate_needs_a_token(client, session, world):
    source = make_experiment(session, world.agent_a, NOW)
    assert client.post(f"/api/v1/experiments/{source.id}/replicate", json={}).status_code == 401


def test_the_lineage_tree_redacts_what_the_caller_may_not_see(client, session, world):
    origin = _public(session, world.agent_a)
    hidden = replicate(session, world.agent_b, origin, title="Interne à B")
    below = replicate(session, world.agent_a, origin, title="Essaimage A")
    deeper = replicate(session, world.colleague_a, below, title="Essaimage A, second")
    response = client.get(
        f"/api/v1/experiments/{deeper.id}/lineage", headers=bearer(session, world.agent_a)
    )
    assert response.status_code == 200
    root = response.get_json()
    assert (root["id"], root["depth"], root["redacted"], root["current"]) == (
        origin.id,
        0,
        False,
        False,
    )
    assert root["organisation"] == world.org_a.name and root["outcome"] is None
    first, second = root["replicas"]
    assert first == {
        "id": None,
        "redacted": True,
        "depth": 1,
        "current": False,
        "title": None,
        "state": None,
        "outcome": None,
        "organisation": None,
        "territory": None,
        "replicas": [],
    }
    assert (second["id"], second["title"]) == (below.id, "Essaimage A")
    leaf = second["replicas"][0]
    assert (leaf["id"], leaf["depth"], leaf["current"], leaf["state"]) == (
        deeper.id,
        2,
        True,
        "draft",
    )
    seen_by_b = client.get(
        f"/api/v1/experiments/{hidden.id}/lineage", headers=bearer(session, world.agent_b)
    ).get_json()
    assert [n["redacted"] for n in seen_by_b["replicas"]] == [False, True]


def test_the_lineage_of_an_invisible_experiment_is_404(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    response = client.get(
        f"/api/v1/experiments/{experiment.id}/lineage", headers=bearer(session, world.agent_b)
    )
    assert response.status_code == 404
