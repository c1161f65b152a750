"""API charter: GET|PUT /api/v1/charter, and the acknowledgement fields of the gate API."""

from tests import gate_steps as steps
from tests.gate_api import GateApi, assert_problem
from tests.test_services_charters import TEXT


def test_get_says_null_until_an_admin_writes_it(client, session, world):
    api = GateApi(client, session)
    response = api.get(world.agent_a, "/charter")
    assert response.status_code == 200
    assert response.get_json() == {"current": None, "versions": []}


def test_put_saves_versions_and_everyone_reads_the_current_one(client, session, world):
    api = GateApi(client, session)
    first = api.client.put("/api/v1/charter", json=TEXT, headers=api.headers(world.admin_a))
    assert first.status_code == 200, first.get_json()
    changed = {**TEXT, "duty_to_share": "Publier sous 30 jours."}
    api.client.put("/api/v1/charter", json=changed, headers=api.headers(world.admin_a))
    body = api.get(world.agent_a, "/charter").get_json()
    assert body["current"]["number"] == 2
    assert body["current"]["duty_to_share"] == "Publier sous 30 jours."
    assert [v["number"] for v in body["versions"]] == [2, 1]
    assert api.get(world.agent_b, "/charter").get_json()["current"] is None


def test_put_is_for_admins_and_checks_the_fields(client, session, world):
    api = GateApi(client, session)
    response = api.client.put("/api/v1/charter", json=TEXT, headers=api.headers(world.agent_a))
    assert_problem(response, 403)
    bad = {**TEXT, "non_sanction": ""}
    response = api.client.put("/api/v1/charter", json=bad, headers=api.headers(world.admin_a))
    assert_problem(response, 422)
    extra = {**TEXT, "number": 7}
    response = api.client.put("/api/v1/charter", json=extra, headers=api.headers(world.admin_a))
    assert_problem(response, 422)


def test_gate_request_and_go_need_the_acknowledgement(client, session, world):
    api = GateApi(client, session)
    cast = steps.build_cast(session, world)
    api.client.put("/api/v1/charter", json=TEXT, headers=api.headers(world.admin_a))
    experiment = steps.in_prototype(session, cast)
    refused = api.request(cast.owner, experiment.id, "pilot", charter_acknowledged=False)
    body = assert_problem(refused, 422)
    assert "charter_acknowledged" in str(body)
    gate = api.request(cast.owner, experiment.id, "pilot").get_json()
    assert api.vote(cast.chair, gate["id"], "go").status_code == 201
    assert api.vote(cast.member, gate["id"], "go").status_code == 201
    refused = api.decide(cast.chair, gate["id"], "go", charter_acknowledged=False)
    assert "charter_acknowledged" in str(assert_problem(refused, 422))
    assert api.decide(cast.chair, gate["id"], "go").status_code == 200
    assert api.experiment(cast.owner, experiment.id)["state"] == "pilot"


def test_the_acknowledgements_are_read_on_the_experiment(client, session, world):
    api = GateApi(client, session)
    cast = steps.build_cast(session, world)
    api.client.put("/api/v1/charter", json=TEXT, headers=api.headers(world.admin_a))
    experiment = steps.in_prototype(session, cast)
    path = f"/experiments/{experiment.id}/charter-acknowledgements"
    assert api.get(cast.owner, path).get_json() == []
    gate = api.request(cast.owner, experiment.id, "pilot").get_json()
    api.vote(cast.chair, gate["id"], "go")
    api.vote(cast.member, gate["id"], "go")
    assert api.decide(cast.chair, gate["id"], "go").status_code == 200
    response = api.get(cast.owner, path)
    assert response.status_code == 200
    rows = response.get_json()
    assert [(r["user"]["id"], r["role"], r["charter_version"]) for r in rows] == [
        (cast.owner.id, "owner", 1),
        (cast.chair.id, "chair", 1),
    ]
    assert rows[1]["gate_id"] == gate["id"] and rows[0]["acknowledged_at"]
    assert_problem(api.get(world.agent_b, path), 404)
    # Kept on the experiment: its JSON carries them too.
    assert api.experiment(cast.owner, experiment.id)["charter_acknowledgements"] == rows
