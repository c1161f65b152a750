"""Hostile input: XSS payloads inert; NUL, non-finite numbers and oversized bodies refused."""

import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from tests.conftest import NOW
from tests.factories import World, make_experiment
from tests.gate_steps import PILOT_REQUEST, build_cast, in_prototype, request, reviewed
from tests.security_scenario import Scenario, build_scenario, client_as
from tracker.models import OutboxMessage
from tracker.notifications.render import render
from tracker.services import journal as journal_service
from tracker.services import transitions as transition_service
from tracker.services import users as user_service
from tracker.services.errors import Invalid

PAYLOAD = '<script>alert(1)</script> "><img src=x onerror=alert(1)>'
RAW = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")
TEXT_FIELDS = ("title", "problem", "hypothesis", "target_users", "territory")


def _hostile(name: str) -> str:
    return f"{name} {PAYLOAD}"


def _escaped(name: str) -> str:
    """How Jinja renders _hostile(name) (the start of it is enough to find it)."""
    return f"{name} &lt;script&gt;alert(1)&lt;/script&gt; &#34;&gt;&lt;img"


@pytest.fixture
def scenario(session: Session) -> Scenario:
    return build_scenario(session, NOW)


@pytest.fixture
def hostile(session: Session, scenario: Scenario) -> dict[str, Any]:
    """An experiment, a journal entry, a team member and a stopped experiment full of payloads."""
    world = scenario.world
    member = user_service.create_user(
        session=session, organisation=world.org_a, email="member@a.example",
        name=_hostile("member"), role="agent", password=None, now=NOW,
    )  # fmt: skip
    fields: dict[str, Any] = {name: _hostile(name) for name in TEXT_FIELDS}
    fields["stop_criteria"] = [_hostile("stop_criterion")]
    fields["success_criteria"] = [
        {"indicator": _hostile("indicator"), "target": _hostile("target"),
         "method": _hostile("method"), "target_value": 5, "direction": "at_least"}
    ]  # fmt: skip
    experiment = make_experiment(session, world.agent_a, NOW, team=[member.email], **fields)
    journal_service.add_entry(
        session=session, actor=world.agent_a, experiment_id=experiment.id, now=NOW,
        data={"kind": "measurement", "body": _hostile("journal_body"),
              "indicator": _hostile("journal_indicator"), "value": 3},
    )  # fmt: skip
    stopped = make_experiment(session, world.agent_a, NOW, title=_hostile("stopped_title"))
    transition_service.fire(
        session=session, actor=world.agent_a, experiment_id=stopped.id, trigger="stop",
        version=stopped.version, now=NOW,
        params={"stop_reason": "other", "explanation": _hostile("explanation")},
    )  # fmt: skip
    return {"experiment": experiment, "stopped": stopped}


def _raw_payloads(page: str) -> list[str]:
    return [raw for raw in RAW if raw in page]


def test_payloads_are_escaped_on_detail_list_and_edit_pages(
    app: Flask, scenario: Scenario, hostile: dict[str, Any]
) -> None:
    client, csrf = client_as(app, scenario, "agent_a")
    experiment_id, stopped_id = hostile["experiment"].id, hostile["stopped"].id
    shown = {
        f"/experiments/{experiment_id}": (
            *TEXT_FIELDS, "stop_criterion", "indicator", "target", "method",
            "journal_body", "journal_indicator", "member",
        ),
        f"/experiments/{stopped_id}": ("stopped_title", "explanation"),
        f"/experiments/{experiment_id}/edit": (*TEXT_FIELDS, "stop_criterion", "indicator"),
        "/experiments/": ("title", "stopped_title"),
        "/experiments/mine": ("title",),
        "/experiments/?" + f"q={PAYLOAD}&territory={PAYLOAD}": (),
    }  # fmt: skip
    problems = []
    for url, names in shown.items():
        response = client.get(url)
        page = response.get_data(as_text=True)
        if response.status_code != 200:
            problems.append(f"{url}: {response.status_code}")
        problems += [f"{url}: raw {raw}" for raw in _raw_payloads(page)]
        problems += [f"{url}: {name} not shown" for name in names if _escaped(name) not in page]
    # A refused form echoes what was typed, the unknown team member included.
    refused = client.post(
        "/experiments/new",
        data={"title": _hostile("title"), "team": PAYLOAD, "csrf_token": csrf},
    )
    page = refused.get_data(as_text=True)
    problems += [f"refused form: raw {raw}" for raw in _raw_payloads(page)]
    if refused.status_code != 422 or _escaped("title") not in page:
        problems.append(f"refused form: {refused.status_code}, title not echoed")
    assert not problems, "\n".join(problems)


def test_payloads_are_escaped_on_the_admin_page(
    app: Flask, scenario: Scenario, hostile: dict[str, Any]
) -> None:
    client, _csrf = client_as(app, scenario, "admin_a")
    page = client.get("/admin/users").get_data(as_text=True)
    assert _escaped("member") in page
    assert _raw_payloads(page) == []


def test_the_api_returns_payloads_as_json_data(
    client: FlaskClient, scenario: Scenario, hostile: dict[str, Any]
) -> None:
    headers = {"Authorization": f"Bearer {scenario.tokens['agent_a']}"}
    experiment_id = hostile["experiment"].id
    response = client.get(f"/api/v1/experiments/{experiment_id}", headers=headers)
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.json["title"] == _hostile("title")  # data, neither escaped twice nor lost
    journal = client.get(f"/api/v1/experiments/{experiment_id}/journal", headers=headers)
    assert journal.mimetype == "application/json"
    assert journal.json[0]["body"] == _hostile("journal_body")


def test_an_oversized_body_is_refused_cleanly(app: Flask, scenario: Scenario) -> None:
    client, csrf = client_as(app, scenario, "agent_a")
    size = app.config["MAX_CONTENT_LENGTH"] + 1
    form = client.post("/experiments/new", data={"title": "x" * size, "csrf_token": csrf})
    api = client.post(
        "/api/v1/experiments",
        data=json.dumps({"title": "x" * size}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {scenario.tokens['agent_a']}"},
    )
    anonymous = app.test_client().post("/login", data={"email": "x" * size})
    for response in (form, api, anonymous):
        assert response.status_code == 413
        assert "Traceback" not in response.get_data(as_text=True)
    assert form.mimetype == anonymous.mimetype == "text/html"
    assert api.mimetype == "application/problem+json"


@pytest.mark.parametrize("number", [float("nan"), float("inf"), float("-inf")])
def test_services_refuse_numbers_that_are_not_finite(
    session: Session, scenario: Scenario, number: float
) -> None:
    agent = scenario.world.agent_a
    with pytest.raises(Invalid):
        journal_service.add_entry(
            session=session, actor=agent, experiment_id=scenario.internal.id, now=NOW,
            data={"kind": "measurement", "indicator": "i", "value": number},
        )  # fmt: skip
    criterion = {"indicator": "i", "target": "t", "target_value": number}
    with pytest.raises(Invalid):
        make_experiment(session, agent, NOW, success_criteria=[criterion])


def test_a_nul_character_in_a_page_request_is_a_clear_400(app: Flask, scenario: Scenario) -> None:
    client, csrf = client_as(app, scenario, "agent_a")
    posted = client.post("/experiments/new", data={"title": "a\x00b", "csrf_token": csrf})
    searched = client.get("/experiments/", query_string={"q": "\x00"})
    for response in (posted, searched):
        assert response.status_code == 400
        assert response.mimetype == "text/html"
        assert "Traceback" not in response.get_data(as_text=True)


def test_payloads_are_escaped_in_emails(app: Flask, session: Session, world: World) -> None:
    cast = build_cast(session, world)
    experiment = in_prototype(session, cast, title=_hostile("title"))
    gate = request(session, cast.owner, experiment, "pilot", PILOT_REQUEST)
    reviewed(session, cast, gate, "go", rationale=_hostile("rationale"))
    session.refresh(experiment)
    transition_service.fire(
        session=session, actor=cast.owner, experiment_id=experiment.id, trigger="stop",
        version=experiment.version, now=NOW,
        params={"stop_reason": "other", "explanation": _hostile("explanation")},
    )  # fmt: skip
    rows = session.exec(select(OutboxMessage)).all()
    assert rows, "these actions send emails"
    problems = []
    with app.app_context():
        for row in rows:
            message = render(app, row, NOW)
            html = message.get_body(("html",)).get_content()
            problems += [f"{row.template}: raw {raw}" for raw in _raw_payloads(html)]
            if _escaped("title") not in html:
                problems.append(f"{row.template}: the title is not shown")
            # Plain text is not markup: it carries the title as typed.
            if _hostile("title") not in message.get_body(("plain",)).get_content():
                problems.append(f"{row.template}: the text part lost the title")
    assert not problems, "\n".join(problems)
