"""Route × role × organisation: every route of the URL map answers what its policy predicts."""

from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, func, select
from werkzeug.test import TestResponse

from tests.conftest import NOW
from tests.security_routes import POLICIES, ROUTES, expected, is_api
from tests.security_scenario import (
    ACTORS,
    URL_ARGUMENTS,
    Scenario,
    build_scenario,
    client_as,
    fresh_experiment,
    kinds,
    methods,
    rules,
    url_of,
)
from tracker.models import ApiToken, Event, Experiment, JournalEntry, User

WRITES = ("POST", "PATCH", "PUT", "DELETE")


@pytest.fixture
def scenario(session: Session) -> Scenario:
    return build_scenario(session, NOW)


def _send(
    client: FlaskClient,
    method: str,
    url: str,
    *,
    api: bool,
    body: dict | bytes | None,
    csrf: str,
    token: str | None,
) -> TestResponse:
    if api:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if method == "GET":
            return client.get(url, headers=headers)
        if isinstance(body, bytes):  # a raw body: the CSV import
            headers["Content-Type"] = "text/csv"
            return client.open(url, method=method, data=body, headers=headers)
        return client.open(url, method=method, json=body, headers=headers)
    if method == "GET":
        return client.get(url)
    return client.open(url, method=method, data={**(body or {}), "csrf_token": csrf})


def _outcome(response: TestResponse, api: bool) -> str:
    status = response.status_code
    location = urlsplit(response.headers.get("Location", "")).path
    if not api and status in (302, 303) and location == "/login":
        return "login"
    return "allowed" if 200 <= status < 400 else str(status)


def _matches(want: str, got: str, actor: str, switches_user: bool) -> bool:
    if want == got:
        return True
    # Routes open to anyone may send anonymous people to the sign-in page (the home page
    # does); a signed-in actor sent there was not recognised, unless it just signed out.
    return (
        want == "allowed"
        and got == "login"
        and (actor in ("anonymous", "inactive") or switches_user)
    )


def test_every_route_has_an_entry_and_every_entry_a_route(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in rules(app)}
    missing = sorted(endpoints - set(ROUTES))
    stale = sorted(set(ROUTES) - endpoints)
    assert not missing, f"routes without an entry in tests/security_routes.py: {missing}"
    assert not stale, f"entries in tests/security_routes.py for routes that are gone: {stale}"


def test_every_entry_is_complete(app: Flask) -> None:
    problems = []
    for rule in rules(app):
        route = ROUTES.get(rule.endpoint)
        if route is None:
            continue
        if route.policy not in POLICIES:
            problems.append(f"{rule.endpoint}: unknown policy {route.policy!r}")
        if route.policy.startswith("api_") != is_api(rule.endpoint):
            problems.append(f"{rule.endpoint}: API policies are for API routes only")
        if set(methods(rule)) & set(WRITES) and route.body is None:
            problems.append(f"{rule.endpoint}: accepts {methods(rule)} but has no body")
        missing = set(rule.arguments) - set(URL_ARGUMENTS)
        if missing:
            problems.append(f"{rule.endpoint}: no way to fill {sorted(missing)}")
    assert not problems, "\n".join(problems)


def test_no_route_accepts_delete(app: Flask) -> None:
    deleting = [rule.rule for rule in app.url_map.iter_rules() if "DELETE" in (rule.methods or ())]
    assert deleting == [], f"nothing is ever deleted, yet these accept DELETE: {deleting}"


def _snapshot(session: Session) -> dict[str, object]:
    """Everything a request could change by mistake (API token use stamps aside)."""
    session.expire_all()
    return {
        "experiments": session.exec(
            select(
                Experiment.id,
                Experiment.state,
                Experiment.version,
                Experiment.title,
                Experiment.iteration,
            ).order_by(Experiment.id)
        ).all(),
        "events": session.exec(select(func.count()).select_from(Event)).one(),
        "journal": session.exec(select(func.count()).select_from(JournalEntry)).one(),
        "users": session.exec(
            select(User.id, User.role, User.active, User.session_nonce, User.locale).order_by(
                User.id
            )
        ).all(),
        "tokens": session.exec(
            select(ApiToken.id, ApiToken.revoked_at).order_by(ApiToken.id)
        ).all(),
    }


def test_get_routes_change_nothing(app: Flask, session: Session, scenario: Scenario) -> None:
    gets = [
        (url_of(app, rule, scenario, getattr(scenario, kind) if kind else None), rule.endpoint)
        for rule in rules(app)
        if "GET" in methods(rule)
        for kind in kinds(rule)
    ]
    assert gets
    before = _snapshot(session)
    for actor in ("agent_a", "admin_a"):
        client, csrf = client_as(app, scenario, actor)
        token = scenario.tokens[actor]
        for url, endpoint in gets:
            api = is_api(endpoint)
            response = _send(client, "GET", url, api=api, body=None, csrf=csrf, token=token)
            assert response.status_code < 500, f"GET {url} as {actor}"
    assert _snapshot(session) == before


@pytest.mark.parametrize("actor", ACTORS)
def test_route_matrix(app: Flask, session: Session, scenario: Scenario, actor: str) -> None:
    client, csrf = client_as(app, scenario, actor)
    token = scenario.tokens.get(actor)
    mismatches = []
    # Signing out ends every session of the account, this client's too: those routes go last.
    ordered = sorted(
        rules(app), key=lambda rule: (ROUTES[rule.endpoint].switches_user, rule.endpoint)
    )
    for rule in ordered:
        route = ROUTES[rule.endpoint]
        for method in methods(rule):
            for kind in kinds(rule):
                experiment = getattr(scenario, kind) if kind else None
                if kind and method in WRITES and route.writes_experiment:
                    experiment = fresh_experiment(session, scenario.world, kind, NOW)
                url = url_of(app, rule, scenario, experiment)
                body = route.body(scenario, experiment) if method in WRITES and route.body else None
                # Signing in or out changes who the client is: those get a client of their own.
                sender, sender_csrf = (
                    client_as(app, scenario, actor) if route.switches_user else (client, csrf)
                )
                api = is_api(rule.endpoint)
                response = _send(
                    sender, method, url, api=api, body=body, csrf=sender_csrf, token=token
                )
                want = expected(route.policy, actor, kind)
                got = _outcome(response, api)
                if not _matches(want, got, actor, route.switches_user):
                    where = f" ({kind})" if kind else ""
                    mismatches.append(
                        f"{method} {url}{where}: expected {want}, got {response.status_code}"
                        f" {response.headers.get('Location', '')}"
                    )
    assert not mismatches, f"as {actor}:\n" + "\n".join(mismatches)


def test_html_posts_without_csrf_token_are_refused(
    app: Flask, session: Session, scenario: Scenario
) -> None:
    client, _csrf = client_as(app, scenario, "agent_a")
    posts = []
    # URLs and bodies first: filling some of them prepares data (a gate to decide, say).
    for rule in rules(app):
        if is_api(rule.endpoint) or "POST" not in methods(rule):
            continue
        route = ROUTES[rule.endpoint]
        experiment = scenario.internal if "experiment_id" in rule.arguments else None
        url = url_of(app, rule, scenario, experiment)
        posts.append((url, route.body(scenario, experiment) if route.body else {}))
    before = _snapshot(session)
    accepted = []
    for url, body in posts:
        response = client.post(url, data=body)
        if response.status_code != 400:
            accepted.append(f"POST {url}: {response.status_code}")
    assert not accepted, "accepted without a CSRF token:\n" + "\n".join(accepted)
    assert _snapshot(session) == before
