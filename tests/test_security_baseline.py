"""Security baseline: headers and CSP, cookies, session revocation, output escaping, sizes."""

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session
from werkzeug.test import TestResponse

from tests.conftest import NOW
from tests.factories import PASSWORD
from tests.security_routes import ROUTES, is_api
from tests.security_scenario import (
    Scenario,
    build_scenario,
    build_world,
    client_as,
    kinds,
    methods,
    rules,
    url_of,
)
from tests.web import csrf_token, login, post_form
from tracker import create_app
from tracker.db import get_engine
from tracker.services import users as user_service

SAFE_REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}


@pytest.fixture
def scenario(session: Session) -> Scenario:
    return build_scenario(session, NOW)


def _csp(response: TestResponse) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def _header_problems(response: TestResponse) -> list[str]:
    """What is missing or too weak in the security headers of one response."""
    problems = []
    csp = _csp(response) if "Content-Security-Policy" in response.headers else {}
    if "'self'" not in csp.get("default-src", []):
        problems.append("default-src without 'self'")
    scripts = csp.get("script-src", csp.get("default-src", []))
    if any(source in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:") for source in scripts):
        problems.append(f"script-src too open: {scripts}")
    for directive in ("object-src", "base-uri", "frame-ancestors"):
        if csp.get(directive) != ["'none'"]:
            problems.append(f"{directive} is {csp.get(directive)}, not 'none'")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if response.headers.get("Referrer-Policy") not in SAFE_REFERRER_POLICIES:
        problems.append(f"Referrer-Policy {response.headers.get('Referrer-Policy')!r}")
    return problems


def test_every_get_route_and_error_carries_the_security_headers(
    app: Flask, scenario: Scenario
) -> None:
    responses: list[tuple[str, TestResponse]] = []
    for actor in ("anonymous", "agent_a"):
        client, _csrf = client_as(app, scenario, actor)
        headers = {"Authorization": f"Bearer {scenario.tokens['agent_a']}"}
        for rule in rules(app):
            if "GET" in methods(rule):
                for kind in kinds(rule):
                    target = url_of(app, rule, scenario, getattr(scenario, kind) if kind else None)
                    extra = headers if is_api(rule.endpoint) and actor != "anonymous" else {}
                    responses.append(
                        (f"GET {target} as {actor}", client.get(target, headers=extra))
                    )
    anonymous = app.test_client()
    for label, response in (
        ("404", anonymous.get("/no-such-page")),
        ("405", anonymous.get("/logout")),
        ("400 CSRF", anonymous.post("/login", data={"email": "x"})),
        ("API 401", anonymous.get("/api/v1/experiments")),
        ("API 404", anonymous.get("/api/v1/no-such-operation")),
        ("API 405", anonymous.delete("/api/v1/workflow")),
    ):
        responses.append((label, response))
    statuses = {response.status_code for _label, response in responses}
    assert {200, 302, 400, 401, 404, 405} <= statuses
    problems = [f"{label}: {problem}" for label, r in responses for problem in _header_problems(r)]
    assert not problems, "\n".join(problems)


def test_each_response_gets_its_own_script_nonce(client: FlaskClient) -> None:
    nonces = [
        [s for s in _csp(client.get("/login"))["script-src"] if s.startswith("'nonce-")]
        for _ in range(2)
    ]
    assert all(len(found) == 1 for found in nonces)
    assert nonces[0] != nonces[1]


def _session_cookie(response: TestResponse) -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, "no session cookie was set"
    return cookies[-1]


def test_session_cookie_is_httponly_and_samesite_lax(client: FlaskClient, session: Session) -> None:
    build_world(session, NOW)
    cookie = _session_cookie(login(client, "agent@a.example"))
    attributes = {part.strip().lower() for part in cookie.split(";")}
    assert "httponly" in attributes
    assert "samesite=lax" in attributes
    assert "secure" not in attributes  # the test app runs with TRACKER_COOKIE_SECURE false
    expires = next(p for p in cookie.split(";") if p.strip().lower().startswith("expires="))
    lifetime = parsedate_to_datetime(expires.split("=", 1)[1]) - datetime.now(UTC)
    assert timedelta(hours=7, minutes=55) < lifetime <= timedelta(hours=8)


def test_session_cookie_is_secure_when_configured(
    database_url: str, tmp_path: Path, session: Session
) -> None:
    build_world(session, NOW)
    secure = create_app(
        {"DATABASE_URL": database_url, "SECRET_KEY": "k", "COOKIE_SECURE": True, "TESTING": True}
    )
    secure.instance_path = str(tmp_path / "secure")
    try:
        client = secure.test_client()
        token = csrf_token(client, "https://localhost/login")
        # Flask-WTF checks the Referer of HTTPS posts.
        response = client.post(
            "https://localhost/login",
            data={"email": "agent@a.example", "password": PASSWORD, "csrf_token": token},
            headers={"Referer": "https://localhost/login"},
        )
        assert response.status_code == 302
        attributes = {part.strip().lower() for part in _session_cookie(response).split(";")}
        assert {"secure", "httponly", "samesite=lax"} <= attributes
    finally:
        get_engine(secure).dispose()


def _replay(app: Flask, cookie: str) -> int:
    """The status of /profile for a new client carrying a copied session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief.get("/profile").status_code


def test_logout_revokes_a_copied_session_cookie(
    app: Flask, client: FlaskClient, session: Session
) -> None:
    build_world(session, NOW)
    login(client, "agent@a.example")
    copied = client.get_cookie("session")
    assert copied is not None
    assert _replay(app, copied.value) == 200
    assert post_form(client, "/logout", form_url="/profile").status_code == 302
    assert _replay(app, copied.value) == 302


def test_deactivation_revokes_an_open_session(
    app: Flask, client: FlaskClient, session: Session
) -> None:
    world = build_world(session, NOW)
    login(client, "agent@a.example")
    copied = client.get_cookie("session")
    assert copied is not None
    assert _replay(app, copied.value) == 200
    admin = app.test_client()
    with admin.session_transaction() as cookie:
        cookie["_user_id"] = world.admin_a.get_id()
    response = post_form(
        admin, f"/admin/users/{world.agent_a.id}/deactivate", form_url="/admin/users"
    )
    assert response.status_code == 302
    assert client.get("/profile").status_code == 302
    assert _replay(app, copied.value) == 302
    # Reactivating does not bring the old session back.
    user_service.set_active(
        session=session, actor=world.admin_a, user_id=world.agent_a.id, active=True
    )
    assert _replay(app, copied.value) == 302


# One gunicorn worker, in miniature: its own process, its own app, the same database.
WORKER = """
import sys
from tracker import create_app
app = create_app({"DATABASE_URL": sys.argv[1], "SECRET_KEY": "k", "COOKIE_SECURE": False})
app.config["WTF_CSRF_ENABLED"] = False  # CSRF has its own tests; this one counts failures
client = app.test_client()
for _ in range(int(sys.argv[2])):
    form = {"email": "agent@a.example", "password": "wrong password"}
    print(client.post("/login", data=form).status_code)
"""


def test_login_throttling_holds_across_two_worker_processes(
    app: Flask, client: FlaskClient, database_url: str, session: Session
) -> None:
    build_world(session, NOW)
    limit = app.config["TRACKER"]["LOGIN_MAX_FAILURES"]
    each = limit // 2 + 1  # neither worker alone reaches the limit; together they pass it
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, database_url, str(each)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    statuses = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        statuses += out.split()
    assert len(statuses) == 2 * each
    assert set(statuses) <= {"422", "429"}
    response = post_form(client, "/login", {"email": "agent@a.example", "password": PASSWORD})
    assert response.status_code == 429


def test_the_api_ignores_the_session_cookie(app: Flask, scenario: Scenario) -> None:
    # The API is exempt from CSRF because only a bearer token signs its requests in.
    client, _csrf = client_as(app, scenario, "agent_a")
    accepted = []
    for rule in rules(app):
        if not is_api(rule.endpoint) or "GET" not in methods(rule):
            continue
        for kind in kinds(rule):
            target = url_of(app, rule, scenario, getattr(scenario, kind) if kind else None)
            response = client.get(target)
            public = ROUTES[rule.endpoint].policy == "api_public"
            if (response.status_code == 401) == public:
                accepted.append(f"GET {target}: {response.status_code}")
    assert not accepted, "\n".join(accepted)


def test_the_api_allows_no_other_origin(client: FlaskClient, scenario: Scenario) -> None:
    headers = {
        "Authorization": f"Bearer {scenario.tokens['agent_a']}",
        "Origin": "https://evil.example",
    }
    for response in (
        client.get("/api/v1/experiments", headers=headers),
        client.options("/api/v1/experiments", headers=headers),
    ):
        assert "Access-Control-Allow-Origin" not in response.headers


def test_a_csrf_token_of_another_session_is_refused(app: Flask, scenario: Scenario) -> None:
    owner, _own = client_as(app, scenario, "agent_a")
    _other, stolen = client_as(app, scenario, "colleague_a")
    response = owner.post("/experiments/new", data={"title": "Forgée", "csrf_token": stolen})
    assert response.status_code == 400
