"""API routes to scale: GET|PUT /experiments/{id}/scaling, and the report of complete_scaling."""

import pytest

from tests.conftest import NOW
from tests.factories import make_experiment
from tests.gate_api import PROBLEM, bearer
from tests.gate_steps import build_cast
from tests.scaling_steps import complete, in_scaling
from tracker.services.errors import GuardFailed

PLAN = {
    "route": "public_policy",
    "carrier": "Conseil départemental de la Lozère",
    "summary": "Inscrire le guichet unique au schéma départemental.",
    "milestones": [
        {"title": "Délibération du conseil", "due_on": "2027-02-15", "done": True},
        {"title": "Formation des agents d'accueil", "due_on": "2027-04-01"},
        {"title": "Ouverture dans tous les cantons", "due_on": "2027-09-01"},
    ],
}


@pytest.fixture
def cast(session, world):
    return build_cast(session, world)


def url(experiment):
    return f"/api/v1/experiments/{experiment.id}/scaling"


def test_the_scale_decision_opens_the_plan_with_the_boards_route(client, session, cast):
    experiment = in_scaling(session, cast)
    response = client.get(url(experiment), headers=bearer(session, cast.teammate))
    assert response.status_code == 200
    body = response.get_json()
    assert (body["route"], body["version"], body["milestones"], body["report"]) == (
        "replication",
        1,
        [],
        None,
    )
    assert body["summary"] == "Essaimage dans trois départements."
    assert body["progress_percent"] == 0


def test_the_team_saves_the_plan_and_progress_follows_the_milestones(client, session, cast):
    experiment = in_scaling(session, cast)
    headers = bearer(session, cast.owner)
    response = client.put(url(experiment), json={"version": 1, **PLAN}, headers=headers)
    assert response.status_code == 200
    body = response.get_json()
    assert (body["route"], body["carrier"], body["version"]) == (
        "public_policy",
        "Conseil départemental de la Lozère",
        2,
    )
    assert [m["title"] for m in body["milestones"]] == [m["title"] for m in PLAN["milestones"]]
    assert (body["milestones_done"], body["progress_percent"]) == (1, 33)
    assert body["milestones"][0]["done_at"] is not None
    shorter = {"version": 2, "milestones": [{"title": "Délibération du conseil", "done": True}]}
    body = client.put(url(experiment), json=shorter, headers=headers).get_json()
    assert (body["milestones_done"], body["progress_percent"], body["route"]) == (
        1,
        100,
        "public_policy",
    )


def test_a_stale_version_is_409_and_outsiders_are_refused(client, session, cast):
    experiment = in_scaling(session, cast)
    owner = bearer(session, cast.owner)
    assert (
        client.put(url(experiment), json={"version": 1, **PLAN}, headers=owner).status_code == 200
    )
    stale = client.put(url(experiment), json={"version": 1, "carrier": "x"}, headers=owner)
    assert stale.status_code == 409 and stale.mimetype == PROBLEM
    chair = client.put(url(experiment), json={"version": 2}, headers=bearer(session, cast.chair))
    assert chair.status_code == 403
    other = client.get(url(experiment), headers=bearer(session, cast.outsider))
    assert other.status_code == 404


def test_bad_fields_are_422(client, session, cast):
    experiment = in_scaling(session, cast)
    headers = bearer(session, cast.owner)
    for body in (
        {"version": 1, "route": "somewhere"},
        {"version": 1, "milestones": [{"title": ""}]},
        {"route": "partnership"},
    ):
        response = client.put(url(experiment), json=body, headers=headers)
        assert response.status_code == 422, body


def test_no_plan_before_the_scale_decision(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    headers = bearer(session, world.agent_a)
    assert client.get(url(experiment), headers=headers).status_code == 404
    put = client.put(url(experiment), json={"version": 1, **PLAN}, headers=headers)
    assert put.status_code == 409


def test_complete_scaling_requires_the_report_and_records_it(client, session, cast):
    experiment = in_scaling(session, cast)
    with pytest.raises(GuardFailed):
        complete(session, cast.chair, experiment, "  ")
    complete(session, cast.chair, experiment, "Généralisé à tout le département.")
    body = client.get(url(experiment), headers=bearer(session, cast.owner)).get_json()
    assert body["report"] == "Généralisé à tout le département."
    assert body["completed_at"] is not None
    closed = client.put(
        url(experiment), json={"version": body["version"]}, headers=bearer(session, cast.owner)
    )
    assert closed.status_code == 409


def test_complete_scaling_through_the_api_without_report_is_422(client, session, cast):
    experiment = in_scaling(session, cast)
    response = client.post(
        f"/api/v1/experiments/{experiment.id}/transitions",
        json={"trigger": "complete_scaling", "version": experiment.version},
        headers=bearer(session, cast.chair),
    )
    assert response.status_code == 422
    assert (
        client.get(url(experiment), headers=bearer(session, cast.chair)).get_json()["report"]
        is None
    )
