"""API organisation settings: GET|PUT /api/v1/organisation/settings (admins)."""

import pytest
from sqlmodel import Session

from tests.conftest import NOW
from tests.factories import World
from tracker.notifications.kinds import DEFAULT_THRESHOLDS
from tracker.services import auth as auth_service

URL = "/api/v1/organisation/settings"


def bearer(session: Session, user) -> dict[str, str]:
    _, plain = auth_service.create_token(session=session, user=user, name="test", now=NOW)
    return {"Authorization": f"Bearer {plain}"}


def test_an_admin_reads_every_threshold(client, session: Session, world: World) -> None:
    response = client.get(URL, headers=bearer(session, world.admin_a))
    assert response.status_code == 200
    assert response.get_json() == {"thresholds": DEFAULT_THRESHOLDS}
    assert response.get_json()["thresholds"]["retrospective_due_days"] == 30


def test_a_put_changes_the_keys_it_names_for_the_admins_organisation(
    client, session: Session, world: World
) -> None:
    headers = bearer(session, world.admin_a)
    body = {"thresholds": {"retrospective_due_days": 45}}
    response = client.put(URL, json=body, headers=headers)
    assert response.status_code == 200
    assert response.get_json()["thresholds"] == {**DEFAULT_THRESHOLDS, "retrospective_due_days": 45}
    again = client.put(URL, json={"thresholds": {"stale_days": 10}}, headers=headers)
    assert again.get_json()["thresholds"]["retrospective_due_days"] == 45
    other = client.get(URL, headers=bearer(session, world.admin_b)).get_json()
    assert other["thresholds"]["retrospective_due_days"] == 30


@pytest.mark.parametrize(
    "thresholds",
    [
        {"retrospective_due_days": 0},
        {"retrospective_due_days": -1},
        {"retrospective_due_days": 4000},
        {"retrospective_due_days": "30"},
        {"retrospective_due_days": 1.5},
        {"retrospective_due_days": True},
        {"no_such_setting": 3},
    ],
)
def test_bad_values_are_422(client, session: Session, world: World, thresholds) -> None:
    headers = bearer(session, world.admin_a)
    response = client.put(URL, json={"thresholds": thresholds}, headers=headers)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    current = client.get(URL, headers=headers).get_json()["thresholds"]
    assert current == DEFAULT_THRESHOLDS


def test_non_admins_get_403_and_strangers_401(client, session: Session, world: World) -> None:
    headers = bearer(session, world.agent_a)
    assert client.get(URL, headers=headers).status_code == 403
    put = client.put(URL, json={"thresholds": {"stale_days": 3}}, headers=headers)
    assert put.status_code == 403
    assert client.get(URL).status_code == 401
