"""API experiments: create, read, list with keyset pagination, edit with versions."""

from datetime import timedelta

import pytest

from tests.conftest import NOW
from tests.factories import make_experiment, ready_fields
from tracker.services import auth as auth_service

URL = "/api/v1/experiments"


def bearer(session, user):
    """Authorization headers with a fresh personal token of `user`."""
    _, plain = auth_service.create_token(session=session, user=user, name="test", now=NOW)
    return {"Authorization": f"Bearer {plain}"}


def test_create_answers_201_with_the_experiment_and_its_location(client, session, world):
    response = client.post(URL, json=ready_fields(), headers=bearer(session, world.agent_a))
    assert response.status_code == 201
    body = response.get_json()
    assert response.headers["Location"].endswith(f"/api/v1/experiments/{body['id']}")
    assert body["state"] == "draft" and body["version"] == 1 and body["iteration"] == 1
    assert body["visibility"] == "internal"
    assert body["organisation"] == {"id": world.org_a.id, "name": world.org_a.name}
    assert body["owner"] == {
        "id": world.agent_a.id,
        "name": world.agent_a.name,
        "email": world.agent_a.email,
    }
    assert body["success_criteria"][0]["indicator"] == "taux d'abandon"
    assert body["allowed_triggers"] == ["start_prototype", "stop"]
    assert body["created_at"].endswith(("Z", "+00:00"))


def test_a_draft_needs_only_a_title(client, session, world):
    response = client.post(URL, json={"title": "Idée"}, headers=bearer(session, world.agent_a))
    assert response.status_code == 201
    blocked = {b["trigger"]: b["reasons"] for b in response.get_json()["blocked_triggers"]}
    assert len(blocked["start_prototype"]) == 4


def test_create_with_a_team_lists_its_members(client, session, world):
    response = client.post(
        URL,
        json={"title": "En équipe", "team": [world.colleague_a.email]},
        headers=bearer(session, world.agent_a),
    )
    assert [m["id"] for m in response.get_json()["team"]] == [world.colleague_a.id]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x", "colour": "blue"}, "colour"),
        ({"title": "x", "visibility": "secret"}, "visibility"),
        ({"title": "x", "planned_start": "someday"}, "planned_start"),
    ],
)
def test_invalid_creation_is_422_naming_the_field(client, session, world, payload, field):
    response = client.post(URL, json=payload, headers=bearer(session, world.agent_a))
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert field in response.get_json()["errors"]


def test_get_returns_the_experiment(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    response = client.get(f"{URL}/{experiment.id}", headers=bearer(session, world.colleague_a))
    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == experiment.id and body["title"] == experiment.title
    # A colleague outside the team sees the experiment but may fire nothing.
    assert body["allowed_triggers"] == [] and body["blocked_triggers"] == []


def test_an_unknown_experiment_is_404(client, session, world):
    response = client.get(f"{URL}/999999", headers=bearer(session, world.agent_a))
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_an_internal_experiment_is_404_to_another_organisation(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    headers = bearer(session, world.agent_b)
    assert client.get(f"{URL}/{experiment.id}", headers=headers).status_code == 404
    assert client.get(f"{URL}/{experiment.id}/events", headers=headers).status_code == 404
    assert client.get(f"{URL}/{experiment.id}/journal", headers=headers).status_code == 404
    patch = client.patch(f"{URL}/{experiment.id}", json={"version": 1}, headers=headers)
    assert patch.status_code == 404
    assert experiment.id not in [e["id"] for e in client.get(URL, headers=headers).json["items"]]


def test_a_public_experiment_is_readable_by_another_organisation(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW, visibility="public")
    headers = bearer(session, world.agent_b)
    response = client.get(f"{URL}/{experiment.id}", headers=headers)
    assert response.status_code == 200
    assert response.get_json()["allowed_triggers"] == []
    assert experiment.id in [e["id"] for e in client.get(URL, headers=headers).json["items"]]
    patch = client.patch(
        f"{URL}/{experiment.id}", json={"version": 1, "title": "x"}, headers=headers
    )
    assert patch.status_code == 403


def test_list_pages_through_25_experiments_without_duplicates(client, session, world):
    created = [
        make_experiment(session, world.agent_a, NOW + timedelta(minutes=i % 5), title=f"E{i}").id
        for i in range(25)
    ]
    headers = bearer(session, world.agent_a)
    seen, cursor, pages = [], None, 0
    while True:
        query = {"limit": 10} | ({"cursor": cursor} if cursor else {})
        body = client.get(URL, query_string=query, headers=headers).get_json()
        seen += [item["id"] for item in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert sorted(seen) == sorted(created) and len(seen) == len(set(seen))


def test_list_is_ordered_by_last_activity_newest_first(client, session, world):
    older = make_experiment(session, world.agent_a, NOW - timedelta(days=1), title="Ancienne")
    newer = make_experiment(session, world.agent_a, NOW, title="Récente")
    body = client.get(URL, headers=bearer(session, world.agent_a)).get_json()
    assert [item["id"] for item in body["items"]] == [newer.id, older.id]
    assert body["next_cursor"] is None


def test_list_filters_by_state_territory_and_text(client, session, world):
    make_experiment(session, world.agent_a, NOW, title="Cantine bio", territory="Lozère")
    make_experiment(session, world.agent_a, NOW, title="Navette", territory="Gers")
    headers = bearer(session, world.agent_a)

    def titles(**query):
        body = client.get(URL, query_string=query, headers=headers).get_json()
        return sorted(item["title"] for item in body["items"])

    assert titles(territory="lozère") == ["Cantine bio"]
    assert titles(q="navet") == ["Navette"]
    assert titles(state="draft") == ["Cantine bio", "Navette"]
    assert titles(state="pilot") == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"state": "flying"}, "state"),
        ({"cursor": "not-a-cursor"}, "cursor"),
    ],
)
def test_bad_list_parameters_are_422(client, session, world, query, field):
    response = client.get(URL, query_string=query, headers=bearer(session, world.agent_a))
    assert response.status_code == 422
    assert field in response.get_json()["errors"]


def test_patch_changes_fields_and_bumps_the_version(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    response = client.patch(
        f"{URL}/{experiment.id}",
        json={"version": 1, "title": "Nouveau titre", "territory": "Gers"},
        headers=bearer(session, world.agent_a),
    )
    assert response.status_code == 200
    body = response.get_json()
    assert (body["title"], body["territory"], body["version"]) == ("Nouveau titre", "Gers", 2)
    assert body["problem"] == ready_fields()["problem"]  # untouched fields are kept


def test_patch_without_version_is_422(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    response = client.patch(
        f"{URL}/{experiment.id}", json={"title": "x"}, headers=bearer(session, world.agent_a)
    )
    assert response.status_code == 422
    assert "version" in response.get_json()["errors"]


def test_patch_with_a_stale_version_is_409(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    headers = bearer(session, world.agent_a)
    url = f"{URL}/{experiment.id}"
    assert client.patch(url, json={"version": 1, "title": "A"}, headers=headers).status_code == 200
    stale = client.patch(url, json={"version": 1, "title": "B"}, headers=headers)
    assert stale.status_code == 409
    assert stale.mimetype == "application/problem+json"
    assert client.get(url, headers=headers).get_json()["title"] == "A"


def test_patch_with_an_unknown_field_is_422(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    response = client.patch(
        f"{URL}/{experiment.id}",
        json={"version": 1, "state": "scaled"},
        headers=bearer(session, world.agent_a),
    )
    assert response.status_code == 422
    assert "state" in response.get_json()["errors"]


def test_patch_by_a_colleague_outside_the_team_is_403(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    response = client.patch(
        f"{URL}/{experiment.id}",
        json={"version": 1, "title": "x"},
        headers=bearer(session, world.colleague_a),
    )
    assert response.status_code == 403
