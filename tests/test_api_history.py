"""API history: the event timeline and the journal."""

import pytest

from tests.conftest import NOW
from tests.factories import make_experiment
from tracker.services import auth as auth_service


def bearer(session, user):
    """Authorization headers with a fresh personal token of `user`."""
    _, plain = auth_service.create_token(session=session, user=user, name="test", now=NOW)
    return {"Authorization": f"Bearer {plain}"}


def test_events_are_listed_oldest_first_with_their_actor(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    headers = bearer(session, world.agent_a)
    base = f"/api/v1/experiments/{experiment.id}"
    client.patch(base, json={"version": 1, "title": "Renommée"}, headers=headers)
    client.post(
        f"{base}/transitions", json={"trigger": "start_prototype", "version": 2}, headers=headers
    )
    client.post(
        f"{base}/transitions",
        json={"trigger": "stop", "version": 3, "stop_reason": "cost", "explanation": "Trop cher"},
        headers=headers,
    )
    events = client.get(f"{base}/events", headers=headers).get_json()
    assert [(e["trigger"], e["from_state"], e["to_state"]) for e in events] == [
        ("create", None, "draft"),
        ("update", "draft", "draft"),
        ("start_prototype", "draft", "prototype"),
        ("stop", "prototype", "stopped"),
    ]
    assert [e["id"] for e in events] == sorted(e["id"] for e in events)
    assert events[0]["actor"] == {"id": world.agent_a.id, "name": world.agent_a.name}
    assert events[-1]["reason"] == "Trop cher"
    assert set(events[0]) == {"id", "trigger", "from_state", "to_state", "actor", "reason", "at"}


def test_a_journal_entry_is_created_with_201(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    response = client.post(
        f"/api/v1/experiments/{experiment.id}/journal",
        json={"kind": "measurement", "indicator": "taux d'abandon", "value": 31.5},
        headers=bearer(session, world.agent_a),
    )
    assert response.status_code == 201
    entry = response.get_json()
    assert (entry["kind"], entry["value"], entry["logged_in_state"]) == (
        "measurement",
        31.5,
        "draft",
    )
    assert entry["author"]["id"] == world.agent_a.id


def test_the_journal_lists_entries_oldest_first(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW, visibility="public")
    url = f"/api/v1/experiments/{experiment.id}/journal"
    headers = bearer(session, world.agent_a)
    for body in ("Premier", "Second"):
        client.post(
            url, json={"kind": "note", "body": body, "occurred_on": "2026-11-20"}, headers=headers
        )
    entries = client.get(url, headers=bearer(session, world.agent_b)).get_json()
    assert [e["body"] for e in entries] == ["Premier", "Second"]
    assert entries[0]["occurred_on"] == "2026-11-20"


@pytest.mark.parametrize(
    "payload",
    [
        {"kind": "measurement", "indicator": "taux"},
        {"kind": "note", "body": "  "},
        {"kind": "gossip", "body": "x"},
        {"kind": "note", "body": "x", "mood": "good"},
    ],
)
def test_an_invalid_journal_entry_is_422(client, session, world, payload):
    experiment = make_experiment(session, world.agent_a, NOW)
    response = client.post(
        f"/api/v1/experiments/{experiment.id}/journal",
        json=payload,
        headers=bearer(session, world.agent_a),
    )
    assert response.status_code == 422
    assert response.get_json()["errors"]


def test_only_the_team_writes_the_journal(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    response = client.post(
        f"/api/v1/experiments/{experiment.id}/journal",
        json={"kind": "note", "body": "Pas mon équipe"},
        headers=bearer(session, world.colleague_a),
    )
    assert response.status_code == 403
