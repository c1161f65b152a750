"""Sign-in, sign-out, throttling and personal tokens through the HTML views."""

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session

from tests.conftest import NOW
from tests.factories import PASSWORD, World
from tests.web import csrf_token, login, post_form
from tracker import create_app
from tracker.db import get_engine
from tracker.services import auth as auth_service


def test_login_with_the_right_password_signs_in(client: FlaskClient, world: World) -> None:
    response = login(client, "agent@a.example")
    assert response.headers["Location"] == "/"
    profile = client.get("/profile")
    assert profile.status_code == 200
    assert "agent@a.example" in profile.get_data(as_text=True)


def test_login_accepts_the_email_in_any_case(client: FlaskClient, world: World) -> None:
    login(client, "  Agent@A.Example ")
    assert client.get("/profile").status_code == 200


def test_login_follows_a_local_next(client: FlaskClient, world: World) -> None:
    response = post_form(
        client, "/login?next=/profile", {"email": "agent@a.example", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/profile"


def test_login_ignores_a_next_to_another_site(client: FlaskClient, world: World) -> None:
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = post_form(
            client, f"/login?next={target}", {"email": "agent@a.example", "password": PASSWORD}
        )
        assert response.headers["Location"] == "/", target
        post_form(client, "/logout", form_url="/profile")


def test_wrong_password_re_renders_the_form_with_a_message(
    client: FlaskClient, world: World
) -> None:
    response = post_form(client, "/login", {"email": "agent@a.example", "password": "nope"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'role="alert"' in page
    assert 'value="agent@a.example"' in page
    assert client.get("/profile").status_code == 302


def test_empty_fields_are_reported_on_each_field(client: FlaskClient, world: World) -> None:
    response = post_form(client, "/login", {"email": "", "password": ""})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="email-error"' in page
    assert 'href="#password"' in page


def test_deactivated_account_cannot_sign_in(
    client: FlaskClient, session: Session, world: World
) -> None:
    world.agent_a.active = False
    session.add(world.agent_a)
    session.commit()
    response = post_form(client, "/login", {"email": "agent@a.example", "password": PASSWORD})
    assert response.status_code == 422


def _fail(client: FlaskClient, times: int) -> None:
    for _ in range(times):
        response = post_form(client, "/login", {"email": "agent@a.example", "password": "bad"})
        assert response.status_code == 422


def test_too_many_failures_throttle_even_the_right_password(
    app: Flask, client: FlaskClient, world: World
) -> None:
    app.config["TRACKER"]["LOGIN_MAX_FAILURES"] = 3
    _fail(client, 3)
    response = post_form(client, "/login", {"email": "agent@a.example", "password": PASSWORD})
    assert response.status_code == 429
    assert 'role="alert"' in response.get_data(as_text=True)
    assert client.get("/profile").status_code == 302


def test_throttling_holds_across_app_instances(
    app: Flask, client: FlaskClient, database_url: str, world: World
) -> None:
    max_failures = app.config["TRACKER"]["LOGIN_MAX_FAILURES"]
    _fail(client, max_failures)
    other = create_app(
        {"DATABASE_URL": database_url, "SECRET_KEY": "another", "COOKIE_SECURE": False}
    )
    try:
        response = post_form(
            other.test_client(), "/login", {"email": "agent@a.example", "password": PASSWORD}
        )
        assert response.status_code == 429
    finally:
        get_engine(other).dispose()


def test_throttling_is_per_account(app: Flask, client: FlaskClient, world: World) -> None:
    app.config["TRACKER"]["LOGIN_MAX_FAILURES"] = 2
    _fail(client, 2)
    login(client, "colleague@a.example")


def test_logout_is_post_only(client: FlaskClient, world: World) -> None:
    login(client, "agent@a.example")
    assert client.get("/logout").status_code == 405
    assert client.get("/profile").status_code == 200


def test_logout_revokes_a_copy_of_the_session_cookie(
    app: Flask, client: FlaskClient, world: World
) -> None:
    login(client, "agent@a.example")
    cookie = client.get_cookie("session")
    assert cookie is not None
    copy = app.test_client()
    copy.set_cookie("session", cookie.value)
    assert copy.get("/profile").status_code == 200

    response = post_form(client, "/logout", form_url="/profile")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"

    assert client.get("/profile").status_code == 302
    stolen = copy.get("/profile")
    assert stolen.status_code == 302
    assert stolen.headers["Location"].startswith("/login")


def test_logout_without_csrf_token_is_refused(client: FlaskClient, world: World) -> None:
    login(client, "agent@a.example")
    response = client.post("/logout")
    assert response.status_code == 400
    assert client.get("/profile").status_code == 200


def test_login_without_csrf_token_is_refused(client: FlaskClient, world: World) -> None:
    response = client.post("/login", data={"email": "agent@a.example", "password": PASSWORD})
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert client.get("/profile").status_code == 302


def test_session_cookie_is_http_only_and_lax(client: FlaskClient, world: World) -> None:
    response = login(client, "agent@a.example")
    header = next(
        value for value in response.headers.getlist("Set-Cookie") if value.startswith("session=")
    )
    assert "HttpOnly" in header
    assert "SameSite=Lax" in header
    assert "Expires=" in header  # permanent: the configured lifetime, not the browser's


def test_profile_needs_sign_in(client: FlaskClient, world: World) -> None:
    response = client.get("/profile")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Fprofile"


def test_profile_shows_identity_and_organisation(client: FlaskClient, world: World) -> None:
    login(client, "reviewer@a.example")
    post_form(client, "/locale", {"locale": "en"}, form_url="/profile")
    page = client.get("/profile").get_data(as_text=True)
    assert "Reviewer" in page
    assert "reviewer@a.example" in page
    assert "Préfecture A" in page


def _created_token(client: FlaskClient, name: str) -> str:
    response = post_form(client, "/profile/tokens", {"name": name}, form_url="/profile")
    assert response.status_code == 200
    match = re.search(r'class="token-value">([^<]+)<', response.get_data(as_text=True))
    assert match is not None
    return match.group(1)


def test_a_created_token_is_shown_once_and_works(
    app: Flask, client: FlaskClient, session: Session, world: World
) -> None:
    login(client, "agent@a.example")
    plain = _created_token(client, "mon script")
    assert plain.startswith(auth_service.TOKEN_PREFIX)
    user = auth_service.user_for_token(session=session, plain=plain, now=NOW)
    assert user is not None and user.id == world.agent_a.id
    again = client.get("/profile").get_data(as_text=True)
    assert "mon script" in again
    assert plain not in again


def test_a_token_needs_a_name(client: FlaskClient, world: World) -> None:
    login(client, "agent@a.example")
    response = post_form(client, "/profile/tokens", {"name": " "}, form_url="/profile")
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


def test_revoking_a_token_stops_it(client: FlaskClient, session: Session, world: World) -> None:
    login(client, "agent@a.example")
    plain = _created_token(client, "cron")
    (token,) = auth_service.list_tokens(session=session, actor=world.agent_a)
    response = post_form(client, f"/profile/tokens/{token.id}/revoke", form_url="/profile")
    assert response.status_code == 302
    session.expire_all()
    assert auth_service.user_for_token(session=session, plain=plain, now=NOW) is None


def test_someone_elses_token_cannot_be_revoked(
    app: Flask, client: FlaskClient, session: Session, world: World
) -> None:
    token, plain = auth_service.create_token(session=session, user=world.agent_b, name="b", now=NOW)
    login(client, "agent@a.example")
    token_value = csrf_token(client, "/profile")
    response = client.post(f"/profile/tokens/{token.id}/revoke", data={"csrf_token": token_value})
    assert response.status_code == 404
    assert auth_service.user_for_token(session=session, plain=plain, now=NOW) is not None
