"""Gate pages: requests, votes, decisions and withdrawals entirely through the HTML forms."""

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from tests import web
from tests.factories import World
from tests.gate_steps import (
    DECISION_REQUEST,
    PILOT_REQUEST,
    SCORES,
    Cast,
    build_cast,
    in_prototype,
    request,
    vote,
)
from tracker.models import Event, Experiment, Gate, GateDecision, User

GATE_URL = re.compile(r"/gates/(\d+)$")


@pytest.fixture
def cast(session: Session, world: World) -> Cast:
    return build_cast(session, world)


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


def test_pilot_gate_go_moves_the_experiment_to_pilot_and_freezes_the_criteria(app, session, cast):
    experiment, owner = through_pilot(app, session, cast)
    assert experiment.state == "pilot"
    assert experiment.criteria_frozen_at is not None
    page = owner.get(f"/experiments/{experiment.id}").get_data(as_text=True)
    assert "Gate review requested" in page and "Gate decision" in page  # the timeline
    assert "Past gate reviews" in page
    assert "Décision motivée du comité." in page


@pytest.mark.parametrize(
    ("decision", "fields", "state"),
    [
        ("scale", {"route": "replication", "scaling_plan": "Trois départements."}, "scaling"),
        ("adapt", {"restart_at": "prototype", "changes": "Formulaire simplifié."}, "prototype"),
        ("adapt", {"restart_at": "pilot", "changes": "Formulaire simplifié."}, "pilot"),
        ("stop", {"stop_reason": "no_impact"}, "stopped"),
        ("hold", {}, "evaluation"),
    ],
)
def test_decision_gate_outcomes_through_the_forms(app, session, cast, decision, fields, state):
    experiment, gate_id = through_evaluation(app, session, cast)
    cast_votes(app, cast, gate_id, decision)
    chair = decide(app, cast, gate_id, decision, **fields)
    experiment = reload(session, experiment)
    assert experiment.state == state
    gate = session.get(Gate, gate_id)
    assert gate.status == "decided"
    if decision == "adapt":
        assert experiment.iteration == 2
    page = chair.get(f"/gates/{gate_id}").get_data(as_text=True)
    # The three facts stay apart: the verdict, the decision, and (for scale) the route.
    assert "Evidence verdict" in page and "Conclusive, positive" in page
    assert "Board decision" in page
    assert ("Scaling route" in page) == (decision == "scale")


def test_scaling_is_completed_by_a_chair_with_a_report(app, session, cast):
    experiment, gate_id = through_evaluation(app, session, cast)
    cast_votes(app, cast, gate_id, "scale")
    chair = decide(app, cast, gate_id, "scale", route="public_policy", scaling_plan="Loi.")
    url = f"/gates/experiments/{experiment.id}/complete-scaling"
    detail = f"/experiments/{experiment.id}"
    version = str(reload(session, experiment).version)
    refused = web.post_form(chair, url, {"version": version, "scaling_report": " "}, detail)
    assert refused.status_code == 422
    assert "the scaling report is written" in refused.get_data(as_text=True)
    done = web.post_form(chair, url, {"version": version, "scaling_report": "Fait."}, detail)
    assert done.status_code == 303
    assert reload(session, experiment).state == "scaled"


def test_pilot_adapt_and_stop_through_the_forms(app, session, cast):
    first = in_prototype(session, cast)
    owner = client_for(app, cast.owner)
    gate_id = request_gate(owner, first, "pilot", pilot_form())
    cast_votes(app, cast, gate_id, "adapt")
    decide(app, cast, gate_id, "adapt", changes="Revoir l'accueil.")
    first = reload(session, first)
    assert (first.state, first.iteration) == ("prototype", 2)
    gate_id = request_gate(owner, first, "pilot", pilot_form())
    cast_votes(app, cast, gate_id, "stop")
    decide(app, cast, gate_id, "stop", stop_reason="cost")
    assert reload(session, first).state == "stopped"


def test_hold_keeps_the_state_and_sets_the_new_review_date(app, session, cast):
    experiment = in_prototype(session, cast)
    owner = client_for(app, cast.owner)
    gate_id = request_gate(owner, experiment, "pilot", pilot_form())
    cast_votes(app, cast, gate_id, "hold")
    decide(app, cast, gate_id, "hold", review_date="2099-01-15")
    decision = session.exec(select(GateDecision).where(GateDecision.gate_id == gate_id)).one()
    assert str(decision.next_review_date) == "2099-01-15"
    assert reload(session, experiment).state == "prototype"


def test_an_incomplete_pilot_request_rerenders_with_field_messages(app, session, cast):
    experiment = in_prototype(session, cast)
    owner = client_for(app, cast.owner)
    url = f"/gates/experiments/{experiment.id}/pilot"
    response = web.post_form(owner, url, pilot_form(territory="", prototype_learnings=""))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "The pilot plan needs a territory." in page
    assert "Say what the prototype taught." in page
    assert 'aria-invalid="true"' in page
    assert session.exec(select(Gate)).all() == []


def test_the_decision_request_lists_unmeasured_criteria(app, session, cast):
    experiment, owner = through_pilot(app, session, cast)
    url = f"/experiments/{experiment.id}"
    note = {"kind": "note", "body": "Premiers dossiers."}
    assert web.post_form(owner, f"{url}/journal", note, url).status_code == 303
    start = {"trigger": "begin_evaluation", "version": str(reload(session, experiment).version)}
    assert web.post_form(owner, f"{url}/transitions", start, url).status_code == 303
    form_url = f"/gates/experiments/{experiment.id}/decision"
    assert "Missing: add a measurement" in owner.get(form_url).get_data(as_text=True)
    response = web.post_form(owner, form_url, decision_request_form())
    assert response.status_code == 422
    assert "No measured value in the journal for: taux d&#39;abandon" in response.get_data(
        as_text=True
    )


def test_criteria_are_locked_while_the_gate_is_open(app, session, cast):
    experiment = in_prototype(session, cast)
    owner = client_for(app, cast.owner)
    request_gate(owner, experiment, "pilot", pilot_form())
    edit = f"/experiments/{experiment.id}/edit"
    page = owner.get(edit).get_data(as_text=True)
    assert "they cannot change while the gate is open" in page
    form = {
        "title": experiment.title,
        "problem": experiment.problem,
        "hypothesis": experiment.hypothesis,
        "target_users": experiment.target_users,
        "success_criteria-0-indicator": "Autre indicateur",
        "success_criteria-0-target": "plus",
        "stop_criteria": "\n".join(experiment.stop_criteria),
        "team": cast.teammate.email,
        "visibility": experiment.visibility,
        "version": str(reload(session, experiment).version),
    }
    assert web.post_form(owner, edit, form).status_code == 409


def test_frozen_criteria_need_an_amendment_reason(app, session, cast):
    experiment, owner = through_pilot(app, session, cast)
    edit = f"/experiments/{experiment.id}/edit"
    assert "Reason for amending the criteria" in owner.get(edit).get_data(as_text=True)
    form = {
        "title": experiment.title,
        "problem": experiment.problem,
        "hypothesis": experiment.hypothesis,
        "target_users": experiment.target_users,
        "stop_criteria": "\n".join([*experiment.stop_criteria, "Plus de budget"]),
        "team": cast.teammate.email,
        "visibility": experiment.visibility,
        "version": str(experiment.version),
    }
    for index, criterion in enumerate(experiment.success_criteria):
        for key in ("indicator", "target", "method"):
            form[f"success_criteria-{index}-{key}"] = criterion.get(key) or ""
        value = criterion.get("target_value")
        form[f"success_criteria-{index}-target_value"] = "" if value is None else f"{value:g}"
        form[f"success_criteria-{index}-direction"] = criterion.get("direction") or ""
    refused = web.post_form(owner, edit, form)
    assert refused.status_code == 422
    assert "An amendment needs a reason." in refused.get_data(as_text=True)
    saved = web.post_form(owner, edit, {**form, "amendment_reason": "Budget voté."})
    assert saved.status_code == 303
    amended = session.exec(select(Event).where(Event.trigger == "criteria_amended")).one()
    assert amended.reason == "Budget voté."
    page = owner.get(f"/experiments/{experiment.id}").get_data(as_text=True)
    assert "Amendments to the frozen criteria" in page and "Reason: Budget voté." in page
    assert "<ins>" in page and "Plus de budget" in page


def test_who_sees_which_form(app, session, cast):
    experiment = in_prototype(session, cast)
    gate = request(session, cast.owner, experiment, "pilot", PILOT_REQUEST)
    url = f"/gates/{gate.id}"
    owner_page = client_for(app, cast.owner).get(url).get_data(as_text=True)
    assert "Withdraw the gate review" in owner_page
    assert "Cast my vote" not in owner_page
    conflicted = client_for(app, cast.teammate).get(url).get_data(as_text=True)
    assert "conflict of interest" in conflicted
    assert "Cast my vote" not in conflicted
    chair = client_for(app, cast.chair)
    before = chair.get(url).get_data(as_text=True)
    assert "Cast my vote" in before
    assert "The quorum is not reached yet" in before
    assert "Record the decision" not in before
    vote(session, cast.chair, gate, "go")
    vote(session, cast.member, gate, "go")
    after = chair.get(url).get_data(as_text=True)
    assert "Record the decision" in after
    assert "Change my vote" in after
    member_page = client_for(app, cast.member).get(url).get_data(as_text=True)
    assert "Record the decision" not in member_page


def test_voting_queue_lists_gates_waiting_for_my_vote(app, session, cast):
    experiment = in_prototype(session, cast, title="Guichet de la Lozère")
    gate = request(session, cast.owner, experiment, "pilot", PILOT_REQUEST)
    chair = client_for(app, cast.chair)
    assert "Guichet de la Lozère" in chair.get("/gates/queue").get_data(as_text=True)
    assert "Guichet de la Lozère" not in client_for(app, cast.teammate).get(
        "/gates/queue"
    ).get_data(as_text=True)
    vote(session, cast.chair, gate, "go")
    assert "No gate waits for your vote." in chair.get("/gates/queue").get_data(as_text=True)


def test_refusals_rerender_with_their_status(app, session, cast):
    experiment = in_prototype(session, cast)
    gate = request(session, cast.owner, experiment, "pilot", PILOT_REQUEST)
    url = f"/gates/{gate.id}"
    teammate = client_for(app, cast.teammate)
    conflicted = web.post_form(teammate, f"{url}/votes", vote_form("go"), url)
    assert conflicted.status_code == 403
    assert "You cannot vote on an experiment you own or work on." in conflicted.get_data(
        as_text=True
    )
    chair = client_for(app, cast.chair)
    incomplete = web.post_form(chair, f"{url}/votes", vote_form("go", score_cost=""), url)
    assert incomplete.status_code == 422
    assert "An answer is required." in incomplete.get_data(as_text=True)
    vote(session, cast.chair, gate, "go")
    early = web.post_form(chair, f"{url}/decision", {"decision": "go", "rationale": "Oui"}, url)
    assert early.status_code == 422
    assert "the quorum of votes is reached" in early.get_data(as_text=True)
    vote(session, cast.member, gate, "go")
    unexplained = web.post_form(chair, f"{url}/decision", {"decision": "go"}, url)
    assert unexplained.status_code == 422
    assert "the decision is explained (rationale)" in unexplained.get_data(as_text=True)
    member = client_for(app, cast.member)
    not_chair = web.post_form(member, f"{url}/decision", {"decision": "go", "rationale": "x"}, url)
    assert not_chair.status_code == 403
    decide(app, cast, gate.id, "go")
    again = web.post_form(chair, f"{url}/decision", {"decision": "go", "rationale": "Bis"}, url)
    assert again.status_code == 409
    assert "This gate is already closed." in again.get_data(as_text=True)


def test_the_owner_withdraws_an_open_gate(app, session, cast):
    experiment = in_prototype(session, cast)
    gate = request(session, cast.owner, experiment, "pilot", PILOT_REQUEST)
    owner = client_for(app, cast.owner)
    url = f"/gates/{gate.id}"
    chair = client_for(app, cast.chair)
    assert web.post_form(chair, f"{url}/withdraw", {}, url).status_code == 403
    response = web.post_form(owner, f"{url}/withdraw", {"reason": "Pas prêts."}, url)
    assert response.status_code == 303
    assert reload(session, gate).status == "withdrawn"
    assert web.post_form(owner, f"{url}/withdraw", {}, url).status_code == 409


def test_a_conditional_go_blocks_the_next_gate_until_a_chair_marks_it_met(app, session, cast):
    experiment = in_prototype(session, cast)
    owner = client_for(app, cast.owner)
    gate_id = request_gate(owner, experiment, "pilot", pilot_form())
    cast_votes(app, cast, gate_id, "go")
    chair = decide(app, cast, gate_id, "go", conditions="Convention signée avec la CAF")
    page = chair.get(f"/gates/{gate_id}").get_data(as_text=True)
    assert "Convention signée avec la CAF" in page and "Mark met" in page
    assert "Convention signée avec la CAF" in owner.get(f"/experiments/{experiment.id}").get_data(
        as_text=True
    )
    condition_id = int(re.search(r"/conditions/(\d+)/met", page).group(1))
    met_url = f"/gates/{gate_id}/conditions/{condition_id}/met"
    assert web.post_form(owner, met_url, {}, f"/gates/{gate_id}").status_code == 403
    assert web.post_form(chair, met_url, {}, f"/gates/{gate_id}").status_code == 303
    assert "Mark met" not in chair.get(f"/gates/{gate_id}").get_data(as_text=True)


def test_requests_are_for_the_team_at_the_right_stage(app, session, cast):
    experiment = in_prototype(session, cast)
    chair = client_for(app, cast.chair)
    assert chair.get(f"/gates/experiments/{experiment.id}/pilot").status_code == 403
    owner = client_for(app, cast.owner)
    wrong_stage = owner.get(f"/gates/experiments/{experiment.id}/decision")
    assert wrong_stage.status_code == 303
    form = owner.get(f"/gates/experiments/{experiment.id}/pilot").get_data(as_text=True)
    assert 'name="review_date"' in form and 'value="20' in form


def test_another_organisation_gets_404(app, session, cast, world):
    experiment = in_prototype(session, cast)
    gate = request(session, cast.owner, experiment, "pilot", PILOT_REQUEST)
    outsider = client_for(app, world.agent_b)
    assert outsider.get(f"/gates/{gate.id}").status_code == 404
    assert outsider.get(f"/gates/experiments/{experiment.id}/pilot").status_code == 404
    token = web.csrf_token(outsider, "/gates/queue")
    vote_post = outsider.post(
        f"/gates/{gate.id}/votes", data={**vote_form("go"), "csrf_token": token}
    )
    assert vote_post.status_code == 404


def test_gate_posts_need_the_csrf_token(app, session, cast):
    experiment = in_prototype(session, cast)
    gate = request(session, cast.owner, experiment, "pilot", PILOT_REQUEST)
    chair = client_for(app, cast.chair)
    assert chair.post(f"/gates/{gate.id}/votes", data=vote_form("go")).status_code == 400
    owner = client_for(app, cast.owner)
    assert owner.post(f"/gates/{gate.id}/withdraw").status_code == 400
    assert reload(session, gate).status == "open"


def test_gate_pages_read_in_french(app, session, cast):
    experiment = in_prototype(session, cast)
    gate = request(session, cast.owner, experiment, "pilot", PILOT_REQUEST)
    chair = app.test_client()
    web.login(chair, cast.chair.email)
    with chair.session_transaction() as cookie:
        cookie["locale"] = "fr"
    page = chair.get(f"/gates/{gate.id}").get_data(as_text=True)
    assert "Jalon pilote" in page and "À voter" in page
    # The board kept the default scorecard: its criteria read in the reader's language.
    assert "Valeur pour les usagers" in page
    assert "Voter" in page
    queue = chair.get("/gates/queue").get_data(as_text=True)
    assert "1 jalon attend votre vote" in queue
