"""API authentication: bearer tokens only; everything else is a 401 problem."""

import pytest

from tests.conftest import NOW
from tests.factories import make_experiment
from tracker.services import auth as auth_service
from tracker.services import users as user_service

PROTECTED = "/api/v1/experiments"


def bearer(session, user):
    """Authorization headers with a fresh personal token of `user`."""
    _, plain = auth_service.create_token(session=session, user=user, name="test", now=NOW)
    return {"Authorization": f"Bearer {plain}"}


def assert_unauthorized(response):
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.get_json()["status"] == 401


def test_a_valid_token_is_accepted(client, session, world):
    response = client.get(PROTECTED, headers=bearer(session, world.agent_a))
    assert response.status_code == 200


def test_no_token_is_401(client):
    assert_unauthorized(client.get(PROTECTED))


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer ", "Bearer dae_not-a-real-token", "Basic YWdlbnQ6cGFzcw==", "dae_x"],
)
def test_a_malformed_or_unknown_token_is_401(client, header):
    assert_unauthorized(client.get(PROTECTED, headers={"Authorization": header}))


def test_an_unknown_token_is_reported_as_invalid(client):
    response = client.get(PROTECTED, headers={"Authorization": "Bearer dae_nope"})
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_a_revoked_token_is_401(client, session, world):
    token, plain = auth_service.create_token(session=session, user=world.agent_a, name="t", now=NOW)
    auth_service.revoke_token(session=session, actor=world.agent_a, token_id=token.id, now=NOW)
    assert_unauthorized(client.get(PROTECTED, headers={"Authorization": f"Bearer {plain}"}))


def test_a_deactivated_users_token_is_401(client, session, world):
    headers = bearer(session, world.agent_a)
    user_service.set_active(
        session=session, actor=world.admin_a, user_id=world.agent_a.id, active=False
    )
    assert_unauthorized(client.get(PROTECTED, headers=headers))


def test_the_session_cookie_is_not_accepted(client, session, world):
    with client.session_transaction() as cookie:
        cookie["_user_id"] = world.agent_a.get_id()
        cookie["_fresh"] = True
    assert_unauthorized(client.get(PROTECTED))


def test_every_protected_operation_needs_a_token(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    calls = [
        ("GET", "/api/v1/experiments"),
        ("POST", "/api/v1/experiments"),
        ("GET", f"/api/v1/experiments/{experiment.id}"),
        ("PATCH", f"/api/v1/experiments/{experiment.id}"),
        ("POST", f"/api/v1/experiments/{experiment.id}/transitions"),
        ("GET", f"/api/v1/experiments/{experiment.id}/events"),
        ("GET", f"/api/v1/experiments/{experiment.id}/journal"),
        ("POST", f"/api/v1/experiments/{experiment.id}/journal"),
    ]
    for method, url in calls:
        assert_unauthorized(client.open(url, method=method, json={"title": "x", "version": 1}))


@pytest.mark.parametrize("url", ["/api/v1/workflow", "/api/v1/openapi.json", "/api/v1/docs"])
def test_documentation_and_workflow_are_public(client, url):
    assert client.get(url).status_code == 200


def test_writes_need_no_csrf_token_with_a_bearer_token(app, client, session, world):
    assert app.config.get("WTF_CSRF_ENABLED", True)
    response = client.post(
        PROTECTED, json={"title": "Sans jeton CSRF"}, headers=bearer(session, world.agent_a)
    )
    assert response.status_code == 201


def test_problems_speak_the_token_owners_language(client, session, world):
    user_service.set_locale(session=session, actor=world.agent_b, locale="en")
    url = f"/api/v1/experiments/{make_experiment(session, world.agent_a, NOW).id}"
    english = client.get(url, headers=bearer(session, world.agent_b)).get_json()["detail"]
    french = client.get(url, headers=bearer(session, world.admin_b)).get_json()["detail"]
    assert english == "Experiment not found."
    assert french != english  # the French catalogue translates it (the default locale)
