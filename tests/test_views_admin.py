"""User administration through the HTML views: admins of one organisation only."""

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from tests.factories import PASSWORD, World
from tests.web import csrf_token, login, post_form
from tracker.models import User

NEW_USER = {
    "email": "nouvelle@a.example",
    "name": "Nouvelle Agente",
    "role": "reviewer",
    "password": "un mot de passe solide",
}


@pytest.fixture
def admin_client(client: FlaskClient, world: World) -> FlaskClient:
    login(client, "admin@a.example")
    return client


def _user(session: Session, email: str) -> User | None:
    session.expire_all()
    return session.exec(select(User).where(User.email == email)).first()


def _post(client: FlaskClient, url: str, data: dict | None = None):
    return post_form(client, url, data, form_url="/admin/users")


def test_admin_lists_only_their_organisation(admin_client: FlaskClient) -> None:
    page = admin_client.get("/admin/users").get_data(as_text=True)
    assert "agent@a.example" in page
    assert "reviewer@a.example" in page
    assert "agent@b.example" not in page


def test_admin_creates_an_account_that_can_sign_in(
    app: Flask, admin_client: FlaskClient, session: Session, world: World
) -> None:
    response = _post(admin_client, "/admin/users", NEW_USER)
    assert response.status_code == 302
    created = _user(session, "nouvelle@a.example")
    assert created is not None
    assert created.role == "reviewer"
    assert created.organisation_id == world.org_a.id
    login(app.test_client(), "nouvelle@a.example", NEW_USER["password"])


def test_bad_input_re_renders_with_field_messages(
    admin_client: FlaskClient, session: Session
) -> None:
    response = _post(
        admin_client, "/admin/users", {**NEW_USER, "email": "pas-une-adresse", "password": "court"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'class="error-summary"' in page
    assert 'href="#email"' in page
    assert 'href="#password"' in page
    assert 'aria-describedby="password-hint password-error"' in page
    assert _user(session, "pas-une-adresse") is None


def test_an_unknown_role_is_refused(admin_client: FlaskClient, session: Session) -> None:
    response = _post(admin_client, "/admin/users", {**NEW_USER, "role": "superuser"})
    assert response.status_code == 422
    assert _user(session, NEW_USER["email"]) is None


def test_an_existing_email_is_a_conflict(admin_client: FlaskClient) -> None:
    response = _post(admin_client, "/admin/users", {**NEW_USER, "email": "agent@b.example"})
    assert response.status_code == 409
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


def test_admin_changes_a_role(admin_client: FlaskClient, session: Session, world: World) -> None:
    response = _post(admin_client, f"/admin/users/{world.agent_a.id}/role", {"role": "reviewer"})
    assert response.status_code == 302
    assert _user(session, "agent@a.example").role == "reviewer"


def test_admin_cannot_drop_their_own_admin_role(
    admin_client: FlaskClient, session: Session, world: World
) -> None:
    response = _post(admin_client, f"/admin/users/{world.admin_a.id}/role", {"role": "agent"})
    assert response.status_code == 302
    assert _user(session, "admin@a.example").role == "admin"
    assert 'class="flash flash-error"' in admin_client.get("/admin/users").get_data(as_text=True)


def test_an_invalid_role_change_is_refused(
    admin_client: FlaskClient, session: Session, world: World
) -> None:
    _post(admin_client, f"/admin/users/{world.agent_a.id}/role", {"role": "root"})
    assert _user(session, "agent@a.example").role == "agent"


def test_deactivation_ends_the_users_other_session(
    app: Flask, admin_client: FlaskClient, session: Session, world: World
) -> None:
    agent = app.test_client()
    login(agent, "agent@a.example")
    assert agent.get("/profile").status_code == 200

    response = _post(admin_client, f"/admin/users/{world.agent_a.id}/deactivate")
    assert response.status_code == 302
    assert _user(session, "agent@a.example").active is False

    assert agent.get("/profile").status_code == 302
    again = post_form(agent, "/login", {"email": "agent@a.example", "password": PASSWORD})
    assert again.status_code == 422


def test_reactivation_lets_the_user_sign_in_again(
    app: Flask, admin_client: FlaskClient, session: Session, world: World
) -> None:
    _post(admin_client, f"/admin/users/{world.agent_a.id}/deactivate")
    _post(admin_client, f"/admin/users/{world.agent_a.id}/reactivate")
    assert _user(session, "agent@a.example").active is True
    login(app.test_client(), "agent@a.example")


def test_admin_cannot_deactivate_themselves(
    admin_client: FlaskClient, session: Session, world: World
) -> None:
    _post(admin_client, f"/admin/users/{world.admin_a.id}/deactivate")
    assert _user(session, "admin@a.example").active is True
    assert admin_client.get("/admin/users").status_code == 200


@pytest.mark.parametrize(
    ("action", "data"),
    [("role", {"role": "admin"}), ("deactivate", {}), ("reactivate", {})],
)
def test_users_of_another_organisation_are_not_found(
    admin_client: FlaskClient, session: Session, world: World, action: str, data: dict
) -> None:
    response = _post(admin_client, f"/admin/users/{world.agent_b.id}/{action}", data)
    assert response.status_code == 404
    untouched = _user(session, "agent@b.example")
    assert untouched.role == "agent" and untouched.active is True


def test_an_unknown_user_is_not_found(admin_client: FlaskClient) -> None:
    assert _post(admin_client, "/admin/users/99999/deactivate").status_code == 404


@pytest.mark.parametrize("email", ["agent@a.example", "reviewer@a.example"])
def test_non_admins_are_forbidden(
    client: FlaskClient, session: Session, world: World, email: str
) -> None:
    login(client, email)
    assert client.get("/admin/users").status_code == 403
    token = csrf_token(client, "/profile")
    response = client.post(
        f"/admin/users/{world.colleague_a.id}/deactivate", data={"csrf_token": token}
    )
    assert response.status_code == 403
    created = client.post("/admin/users", data={**NEW_USER, "csrf_token": token})
    assert created.status_code == 403
    assert _user(session, "colleague@a.example").active is True
    assert _user(session, NEW_USER["email"]) is None


def test_anonymous_visitors_are_sent_to_sign_in(client: FlaskClient, world: World) -> None:
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_the_admin_link_shows_for_admins_only(client: FlaskClient, world: World) -> None:
    login(client, "agent@a.example")
    assert 'href="/admin/users"' not in client.get("/profile").get_data(as_text=True)
    post_form(client, "/logout", form_url="/profile")
    login(client, "admin@a.example")
    assert 'href="/admin/users"' in client.get("/profile").get_data(as_text=True)
