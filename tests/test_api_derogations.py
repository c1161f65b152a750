"""API legal basis: GET|PUT /experiments/{id}/derogation."""

from tests.conftest import NOW
from tests.factories import make_experiment
from tests.gate_api import PROBLEM, bearer
from tests.scaling_steps import DEROGATION


def url(experiment):
    return f"/api/v1/experiments/{experiment.id}/derogation"


def test_the_team_records_then_corrects_the_derogation(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW, team=["colleague@a.example"])
    assert client.get(url(experiment), headers=bearer(session, world.agent_a)).status_code == 404
    created = client.put(url(experiment), json=DEROGATION, headers=bearer(session, world.agent_a))
    assert created.status_code == 200
    body = created.get_json()
    assert (body["kind"], body["expires_on"], body["report_due_on"], body["version"]) == (
        "france_experimentation",
        "2027-06-30",
        "2027-03-31",
        1,
    )
    teammate = bearer(session, world.colleague_a)
    corrected = client.put(
        url(experiment),
        json={**DEROGATION, "kind": "constitution_37_1", "expires_on": "2028-06-30", "version": 1},
        headers=teammate,
    )
    assert corrected.status_code == 200
    assert (corrected.get_json()["kind"], corrected.get_json()["version"]) == (
        "constitution_37_1",
        2,
    )
    read = client.get(url(experiment), headers=teammate).get_json()
    assert read["expires_on"] == "2028-06-30"


def test_stale_or_missing_versions_are_conflicts(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    headers = bearer(session, world.agent_a)
    client.put(url(experiment), json=DEROGATION, headers=headers)
    again = client.put(url(experiment), json=DEROGATION, headers=headers)
    assert again.status_code == 422  # a correction names the version it read
    stale = client.put(url(experiment), json={**DEROGATION, "version": 7}, headers=headers)
    assert stale.status_code == 409 and stale.mimetype == PROBLEM


def test_bad_fields_are_422(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    headers = bearer(session, world.agent_a)
    for body in (
        {**DEROGATION, "kind": "royal_decree"},
        {**DEROGATION, "reference": ""},
        {**DEROGATION, "expires_on": "2026-01-01"},
        {**DEROGATION, "report_due_on": "2020-01-01"},
        {key: value for key, value in DEROGATION.items() if key != "expires_on"},
    ):
        response = client.put(url(experiment), json=body, headers=headers)
        assert response.status_code == 422, body


def test_other_organisations_and_non_members_are_refused(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    client.put(url(experiment), json=DEROGATION, headers=bearer(session, world.agent_a))
    assert client.get(url(experiment), headers=bearer(session, world.agent_b)).status_code == 404
    outsider = client.put(url(experiment), json=DEROGATION, headers=bearer(session, world.agent_b))
    assert outsider.status_code == 404
    colleague = client.put(
        url(experiment),
        json={**DEROGATION, "version": 1},
        headers=bearer(session, world.reviewer_a),
    )
    assert colleague.status_code == 403
    assert client.get(url(experiment), headers=bearer(session, world.reviewer_a)).status_code == 200
