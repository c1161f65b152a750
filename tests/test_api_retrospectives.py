"""API retrospectives: GET|PUT /experiments/{id}/retrospective and its transitions."""

from tests.conftest import NOW
from tests.factories import make_experiment
from tests.gate_steps import build_cast
from tests.retro_steps import DUE_ON, FILLED, stop
from tracker.services import auth as auth_service


def bearer(session, user):
    """Authorization headers with a fresh personal token of `user`."""
    _, plain = auth_service.create_token(session=session, user=user, name="test", now=NOW)
    return {"Authorization": f"Bearer {plain}"}


def url(experiment, suffix=""):
    return f"/api/v1/experiments/{experiment.id}/retrospective{suffix}"


def stopped(session, owner):
    experiment = make_experiment(session, owner, NOW)
    return stop(session, owner, experiment)


def test_get_shows_the_due_retrospective_with_the_contract_fields(client, session, world):
    experiment = stopped(session, world.agent_a)
    response = client.get(url(experiment), headers=bearer(session, world.agent_a))
    assert response.status_code == 200
    body = response.get_json()
    assert (body["experiment_id"], body["state"], body["version"]) == (experiment.id, "due", 1)
    assert body["due_on"] == DUE_ON.isoformat()
    assert body["decided_by"] == "team"
    assert {
        "id",
        "what_we_tried",
        "what_happened",
        "why",
        "cause_tags",
        "what_we_learned",
        "do_differently",
        "advice",
        "follow_ups",
    } <= set(body)
    assert body["prefill"]["hypothesis"] == experiment.hypothesis


def test_a_running_experiment_has_no_retrospective(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    response = client.get(url(experiment), headers=bearer(session, world.agent_a))
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_another_organisation_gets_404(client, session, world):
    experiment = stopped(session, world.agent_a)
    headers = bearer(session, world.agent_b)
    assert client.get(url(experiment), headers=headers).status_code == 404
    put = client.put(url(experiment), json={"version": 1, "why": "x"}, headers=headers)
    assert put.status_code == 404


def test_the_first_put_starts_drafting_and_saves_follow_ups(client, session, world):
    experiment = stopped(session, world.agent_a)
    follow_up = {"title": "Partager le guide", "owner": world.colleague_a.email}
    response = client.put(
        url(experiment),
        json={"version": 1, **FILLED, "follow_ups": [follow_up]},
        headers=bearer(session, world.agent_a),
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["state"], body["version"]) == ("drafting", 2)
    assert body["cause_tags"] == ["timing", "user_adoption"]
    assert body["follow_ups"] == [
        {"title": "Partager le guide", "owner": world.colleague_a.email, "due_on": None,
         "status": "open"}
    ]  # fmt: skip
    assert body["allowed_triggers"] == ["submit"]


def test_a_stale_put_is_409(client, session, world):
    experiment = stopped(session, world.agent_a)
    headers = bearer(session, world.agent_a)
    client.put(url(experiment), json={"version": 1, "why": "a"}, headers=headers)
    response = client.put(url(experiment), json={"version": 1, "why": "b"}, headers=headers)
    assert response.status_code == 409


def test_a_put_without_version_is_422_naming_it(client, session, world):
    experiment = stopped(session, world.agent_a)
    response = client.put(
        url(experiment), json={"why": "a"}, headers=bearer(session, world.agent_a)
    )
    assert response.status_code == 422
    assert "version" in response.get_json()["errors"]


def test_a_bad_cause_tag_is_422(client, session, world):
    experiment = stopped(session, world.agent_a)
    response = client.put(
        url(experiment),
        json={"version": 1, "cause_tags": ["someone"]},
        headers=bearer(session, world.agent_a),
    )
    assert response.status_code == 422


def test_the_lifecycle_through_the_api(client, session, world):
    cast = build_cast(session, world)
    experiment = stopped(session, cast.owner)
    owner, chair = bearer(session, cast.owner), bearer(session, cast.chair)
    client.put(url(experiment), json={"version": 1, **FILLED}, headers=owner)

    def fire(trigger, headers):
        return client.post(
            url(experiment, "/transitions"), json={"trigger": trigger}, headers=headers
        )

    assert fire("publish", chair).status_code == 409  # still drafting
    assert fire("submit", chair).status_code == 403
    assert fire("submit", owner).get_json()["state"] == "submitted"
    put = client.put(url(experiment), json={"version": 3, "why": "x"}, headers=owner)
    assert put.status_code == 409
    assert fire("publish", owner).status_code == 403
    assert fire("request_changes", chair).get_json()["state"] == "drafting"
    assert fire("submit", owner).status_code == 200
    published = fire("publish", chair).get_json()
    assert published["state"] == "published" and published["published_at"]
    put = client.put(
        url(experiment), json={"version": published["version"], "why": "x"}, headers=owner
    )
    assert put.status_code == 409
    assert client.get(url(experiment), headers=owner).get_json()["why"] == FILLED["why"]


def test_submit_with_missing_answers_names_them(client, session, world):
    experiment = stopped(session, world.agent_a)
    headers = bearer(session, world.agent_a)
    client.put(url(experiment), json={"version": 1, "why": "Horaires."}, headers=headers)
    response = client.post(
        url(experiment, "/transitions"), json={"trigger": "submit"}, headers=headers
    )
    assert response.status_code == 422
    # Reasons are translated into the reader's language (French by default).
    assert response.get_json()["reasons"] == [
        "ce qui s'est passé est raconté",
        "les enseignements sont rédigés",
    ]


def test_an_unknown_trigger_is_422(client, session, world):
    experiment = stopped(session, world.agent_a)
    response = client.post(
        url(experiment, "/transitions"),
        json={"trigger": "bury"},
        headers=bearer(session, world.agent_a),
    )
    assert response.status_code == 422
