"""Steps that drive the gate pages through their HTML forms (view tests)."""

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session

from tests import web
from tests.gate_steps import DECISION_REQUEST, PILOT_REQUEST, SCORES, Cast, in_prototype
from tracker.models import Experiment, User

GATE_URL = re.compile(r"/gates/(\d+)$")


def client_for(app: Flask, user: User) -> FlaskClient:
    """A client signed in as `user`, reading English pages."""
    client = app.test_client()
    web.login(client, user.email)
    with client.session_transaction() as cookie:
        cookie["locale"] = "en"
    return client


def reload(session: Session, row):
    session.expire_all()
    return session.get(type(row), row.id)


def pilot_form(**overrides) -> dict:
    plan = PILOT_REQUEST["pilot_plan"]
    data = {
        "prototype_learnings": PILOT_REQUEST["prototype_learnings"],
        "territory": plan["territory"],
        "population": plan["population"],
        "duration_weeks": str(plan["duration_weeks"]),
        "partners": "\n".join(plan["partners"]),
        "budget_eur": str(plan["budget_eur"]),
        # The charter box (shown when the organisation has a charter).
        "charter_acknowledged": "y",
    }
    data.update(overrides)
    return data


def decision_request_form(**overrides) -> dict:
    data = {
        "verdict": DECISION_REQUEST["verdict"],
        "analysis": DECISION_REQUEST["analysis"],
        "cost_eur": str(DECISION_REQUEST["cost_eur"]),
    }
    data.update(overrides)
    return data


def vote_form(recommendation: str, **overrides) -> dict:
    data = {"recommendation": recommendation, "comment": "Bien documenté."}
    for key, value in SCORES.items():
        data[f"score_{key}"] = ("yes" if value else "no") if isinstance(value, bool) else str(value)
    data.update(overrides)
    return data


def request_gate(client: FlaskClient, experiment: Experiment, kind: str, data: dict) -> int:
    """Post a gate request through its form; returns the new gate's id."""
    url = f"/gates/experiments/{experiment.id}/{kind}"
    response = web.post_form(client, url, data)
    assert response.status_code == 303, response.get_data(as_text=True)
    match = GATE_URL.search(response.headers["Location"])
    assert match is not None
    return int(match.group(1))


def cast_votes(app: Flask, cast: Cast, gate_id: int, recommendation: str) -> None:
    """Both eligible members vote through the vote form."""
    for voter in (cast.chair, cast.member):
        client = client_for(app, voter)
        url = f"/gates/{gate_id}/votes"
        response = web.post_form(client, url, vote_form(recommendation), f"/gates/{gate_id}")
        assert response.status_code == 303


def decide(app: Flask, cast: Cast, gate_id: int, decision: str, **fields) -> FlaskClient:
    """The chair records a decision through the decision form."""
    chair = client_for(app, cast.chair)
    data = {"decision": decision, "rationale": "Décision motivée du comité.", **fields}
    if decision == "go":
        data.setdefault("charter_acknowledged", "y")
    response = web.post_form(chair, f"/gates/{gate_id}/decision", data, f"/gates/{gate_id}")
    assert response.status_code == 303, response.get_data(as_text=True)
    return chair


def through_pilot(app: Flask, session: Session, cast: Cast) -> tuple[Experiment, FlaskClient]:
    """Prototype -> pilot gate -> go, all through the forms; returns the owner's client."""
    experiment = in_prototype(session, cast)
    owner = client_for(app, cast.owner)
    gate_id = request_gate(owner, experiment, "pilot", pilot_form())
    cast_votes(app, cast, gate_id, "go")
    decide(app, cast, gate_id, "go")
    return reload(session, experiment), owner


def through_evaluation(app: Flask, session: Session, cast: Cast) -> tuple[Experiment, int]:
    """... then a measurement, begin_evaluation and the decision gate with votes."""
    experiment, owner = through_pilot(app, session, cast)
    journal = {"kind": "measurement", "indicator": "Taux d'abandon", "value": "15"}
    url = f"/experiments/{experiment.id}"
    assert web.post_form(owner, f"{url}/journal", journal, url).status_code == 303
    start = {"trigger": "begin_evaluation", "version": str(reload(session, experiment).version)}
    assert web.post_form(owner, f"{url}/transitions", start, url).status_code == 303
    gate_id = request_gate(owner, experiment, "decision", decision_request_form())
    return reload(session, experiment), gate_id
