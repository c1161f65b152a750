"""Gate pages: the whole path to every outcome through the HTML forms, criteria lock."""

import pytest
from sqlmodel import Session, select

from tests import web
from tests.factories import World
from tests.gate_pages import (
    cast_votes,
    client_for,
    decide,
    decision_request_form,
    pilot_form,
    reload,
    request_gate,
    through_evaluation,
    through_pilot,
)
from tests.gate_steps import Cast, build_cast, in_prototype
from tests.test_views_experiments import valid_form
from tracker.models import Event, Experiment, Gate, GateDecision


@pytest.fixture
def cast(session: Session, world: World) -> Cast:
    return build_cast(session, world)


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


def test_from_a_new_board_to_a_scaled_experiment_entirely_through_the_pages(app, session, world):
    admin = client_for(app, world.admin_a)
    board = {
        "name": "Comité",
        "chairs": world.reviewer_a.email,
        "members": world.admin_a.email,
        "quorum": "2",
    }
    assert web.post_form(admin, "/boards/", board, "/boards/new").status_code == 303
    owner = client_for(app, world.agent_a)
    created = web.post_form(owner, "/experiments/new", valid_form())
    experiment_url = created.headers["Location"]
    experiment = session.exec(select(Experiment)).one()
    start = {"trigger": "start_prototype", "version": str(experiment.version)}
    assert (
        web.post_form(owner, f"{experiment_url}/transitions", start, experiment_url).status_code
        == 303
    )
    assert "Request the pilot gate" in owner.get(experiment_url).get_data(as_text=True)
    team = Cast(board=None, owner=world.agent_a, teammate=world.colleague_a,
                chair=world.reviewer_a, member=world.admin_a, outsider=world.agent_b)  # fmt: skip
    gate_id = request_gate(owner, experiment, "pilot", pilot_form())
    cast_votes(app, team, gate_id, "go")
    decide(app, team, gate_id, "go")
    measure = {"kind": "measurement", "indicator": "taux d'abandon", "value": "15"}
    assert (
        web.post_form(owner, f"{experiment_url}/journal", measure, experiment_url).status_code
        == 303
    )
    begin = {"trigger": "begin_evaluation", "version": str(reload(session, experiment).version)}
    assert (
        web.post_form(owner, f"{experiment_url}/transitions", begin, experiment_url).status_code
        == 303
    )
    gate_id = request_gate(owner, experiment, "decision", decision_request_form())
    cast_votes(app, team, gate_id, "scale")
    chair = decide(app, team, gate_id, "scale", route="grow_structure", scaling_plan="Deux sites.")
    report = {
        "scaling_report": "Deux sites ouverts.",
        "version": str(reload(session, experiment).version),
    }
    url = f"/gates/experiments/{experiment.id}/complete-scaling"
    assert web.post_form(chair, url, report, experiment_url).status_code == 303
    assert reload(session, experiment).state == "scaled"
