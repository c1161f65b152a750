"""Requesting gates: readiness, states, one open gate, locks, conditions, pre-registration."""

from datetime import date, timedelta

import pytest
from sqlmodel import select

from tests import gate_steps as steps
from tests.conftest import NOW
from tests.factories import make_experiment
from tracker.models import Event, GateDecision
from tracker.services import boards as board_service
from tracker.services import experiments as experiment_service
from tracker.services import gates as gate_service
from tracker.services import gates_lock
from tracker.services.errors import Conflict, Forbidden, Invalid, NotFound


@pytest.fixture
def cast(session, world):
    return steps.build_cast(session, world)


def _edit(session, actor, experiment, **changes):
    return experiment_service.update(
        session=session,
        actor=actor,
        experiment_id=experiment.id,
        version=experiment.version,
        changes=changes,
        now=NOW + timedelta(days=1),
    )


NEW_CRITERIA = [{"indicator": "délai de traitement", "target": "moins de 10 jours"}]


def test_request_opens_a_gate_with_the_boards_quorum_and_a_default_review_date(session, cast):
    experiment = steps.in_prototype(session, cast)
    gate = steps.request(session, cast.teammate, experiment, "pilot", steps.PILOT_REQUEST)
    assert (gate.status, gate.kind, gate.quorum, gate.board_id) == (
        "open",
        "pilot",
        2,
        cast.board.id,
    )
    assert gate.review_date == date(2026, 12, 11)
    assert gate.scorecard == cast.board.scorecard and gate.evidence_level == 1
    assert gate.pilot_plan["partners"] == ["CAF de la Lozère"]
    event = session.exec(
        select(Event).where(Event.experiment_id == experiment.id).order_by(Event.id.desc())
    ).first()
    assert (event.trigger, event.from_state, event.to_state) == (
        "gate_requested",
        "prototype",
        "prototype",
    )
    assert event.data == {"gate_id": gate.id, "kind": "pilot", "review_date": "2026-12-11"}


def test_pilot_gate_readiness_names_everything_missing(session, cast):
    experiment = steps.in_prototype(session, cast, stop_criteria=[])
    with pytest.raises(Invalid) as refused:
        steps.request(
            session, cast.owner, experiment, "pilot", {"pilot_plan": {"territory": "Lot"}}
        )
    assert sorted(refused.value.errors) == [
        "pilot_plan.budget_eur",
        "pilot_plan.duration_weeks",
        "pilot_plan.partners",
        "pilot_plan.population",
        "prototype_learnings",
        "stop_criteria",
    ]


def test_decision_gate_needs_a_verdict_analysis_cost_and_measurements(session, cast):
    experiment = steps.evaluate(session, cast, steps.in_pilot(session, cast), measured=False)
    with pytest.raises(Invalid) as refused:
        steps.request(session, cast.owner, experiment, "decision", {})
    errors = refused.value.errors
    assert sorted(errors) == ["analysis", "cost_eur", "measurements", "verdict"]
    assert "taux d'abandon" in errors["measurements"][0]


def test_a_wrong_verdict_is_invalid(session, cast):
    experiment = steps.in_evaluation(session, cast)
    with pytest.raises(Invalid) as refused:
        steps.request(
            session,
            cast.owner,
            experiment,
            "decision",
            {**steps.DECISION_REQUEST, "verdict": "won"},
        )
    assert "verdict" in refused.value.errors


@pytest.mark.parametrize(("kind", "state"), [("pilot", "draft"), ("decision", "prototype")])
def test_gates_are_requested_from_their_stage_only(session, cast, kind, state):
    if state == "draft":
        experiment = make_experiment(session, cast.owner, NOW)
    else:
        experiment = steps.in_prototype(session, cast)
    with pytest.raises(Conflict):
        steps.request(session, cast.owner, experiment, kind, steps.PILOT_REQUEST)


def test_only_the_team_requests_and_other_organisations_see_nothing(session, cast):
    experiment = steps.in_prototype(session, cast)
    with pytest.raises(Forbidden):
        steps.request(session, cast.chair, experiment, "pilot", steps.PILOT_REQUEST)
    with pytest.raises(NotFound):
        steps.request(session, cast.outsider, experiment, "pilot", steps.PILOT_REQUEST)


def test_only_one_open_gate_per_experiment(session, cast):
    experiment = steps.in_prototype(session, cast)
    steps.request(session, cast.owner, experiment, "pilot", steps.PILOT_REQUEST)
    with pytest.raises(Conflict):
        steps.request(session, cast.owner, experiment, "pilot", steps.PILOT_REQUEST)


def test_no_board_no_gate(session, world):
    experiment = make_experiment(session, world.agent_b, NOW)
    steps.start_prototype(session, world.agent_b, experiment)
    with pytest.raises(Conflict):
        steps.request(session, world.agent_b, experiment, "pilot", steps.PILOT_REQUEST)


def test_criteria_are_locked_while_the_gate_is_open(session, cast):
    experiment = steps.in_prototype(session, cast)
    gate = steps.request(session, cast.owner, experiment, "pilot", steps.PILOT_REQUEST)
    with pytest.raises(Conflict) as refused:
        _edit(session, cast.owner, experiment, stop_criteria=["plus rien"])
    assert "under review" in refused.value.message
    _edit(session, cast.owner, experiment, title="Autre titre")
    gate_service.withdraw(session=session, actor=cast.owner, gate_id=gate.id, now=NOW)
    _edit(session, cast.owner, experiment, success_criteria=NEW_CRITERIA)
    assert experiment.success_criteria[0]["indicator"] == "délai de traitement"


def test_withdraw_closes_the_gate_for_the_team_only(session, cast):
    experiment = steps.in_prototype(session, cast)
    gate = steps.request(session, cast.owner, experiment, "pilot", steps.PILOT_REQUEST)
    with pytest.raises(Forbidden):
        gate_service.withdraw(session=session, actor=cast.chair, gate_id=gate.id, now=NOW)
    gate_service.withdraw(
        session=session, actor=cast.teammate, gate_id=gate.id, now=NOW, reason="Pas prêts."
    )
    assert gate.status == "withdrawn" and gate.closed_by == cast.teammate.id
    assert experiment.state == "prototype"
    with pytest.raises(Conflict):
        gate_service.withdraw(session=session, actor=cast.owner, gate_id=gate.id, now=NOW)
    with pytest.raises(Conflict):
        steps.vote(session, cast.chair, gate, "go")


def test_a_conditional_go_blocks_the_next_gate_until_met(session, cast):
    experiment = steps.in_prototype(session, cast)
    gate = steps.request(session, cast.owner, experiment, "pilot", steps.PILOT_REQUEST)
    steps.reviewed(session, cast, gate, "go", conditions=["Convention signée avec la CAF", " "])
    (condition,) = gate_service.conditions_of(session=session, gate=gate)
    assert (condition.text, condition.met) == ("Convention signée avec la CAF", False)
    steps.evaluate(session, cast, experiment)
    with pytest.raises(Conflict) as refused:
        steps.request(session, cast.owner, experiment, "decision", steps.DECISION_REQUEST)
    assert "Convention signée avec la CAF" in refused.value.message
    mark = gate_service.mark_condition_met
    with pytest.raises(Forbidden):
        mark(
            session=session, actor=cast.member, gate_id=gate.id, condition_id=condition.id, now=NOW
        )
    mark(session=session, actor=cast.chair, gate_id=gate.id, condition_id=condition.id, now=NOW)
    assert condition.met and condition.met_by == cast.chair.id
    steps.request(session, cast.owner, experiment, "decision", steps.DECISION_REQUEST)


def test_conditions_only_come_with_a_go(session, cast):
    experiment = steps.in_prototype(session, cast)
    gate = steps.request(session, cast.owner, experiment, "pilot", steps.PILOT_REQUEST)
    with pytest.raises(Invalid) as refused:
        steps.reviewed(session, cast, gate, "hold", conditions=["Revoir le budget"])
    assert "conditions" in refused.value.errors


def test_go_freezes_the_criteria_and_amendments_need_a_reason(session, cast):
    experiment = steps.in_pilot(session, cast)
    assert experiment.criteria_frozen_at == NOW
    decision = session.exec(select(GateDecision)).one()
    frozen = decision.frozen_criteria
    assert frozen["stop_criteria"] == ["aucune baisse après trois mois"]
    with pytest.raises(Invalid) as refused:
        _edit(session, cast.owner, experiment, success_criteria=NEW_CRITERIA)
    assert "amendment_reason" in refused.value.errors
    _edit(session, cast.owner, experiment, title="Sans toucher aux critères")
    _edit(
        session,
        cast.owner,
        experiment,
        success_criteria=NEW_CRITERIA,
        amendment_reason="Le taux d'abandon n'est plus mesurable.",
    )
    event = session.exec(select(Event).where(Event.trigger == "criteria_amended")).one()
    assert event.reason == "Le taux d'abandon n'est plus mesurable."
    assert event.data["fields"] == ["success_criteria"]
    assert event.data["before"]["success_criteria"] == frozen["success_criteria"]
    assert event.data["after"]["success_criteria"][0]["indicator"] == "délai de traitement"
    assert event.data["version"] == experiment.version
    assert decision.frozen_criteria == frozen  # the pre-registration stays readable
    (amendment,) = gates_lock.amendments(session, experiment)
    assert (amendment["version"], amendment["author_id"]) == (experiment.version, cast.owner.id)
    assert amendment["before"] == {"success_criteria": frozen["success_criteria"]}


def test_hold_needs_a_future_review_date(session, cast):
    experiment = steps.in_prototype(session, cast)
    gate = steps.request(session, cast.owner, experiment, "pilot", steps.PILOT_REQUEST)
    with pytest.raises(Invalid) as refused:
        steps.reviewed(session, cast, gate, "hold", review_date=NOW.date().isoformat())
    assert "review_date" in refused.value.errors


def test_a_chair_on_the_team_cannot_decide(session, cast):
    board_service.add_member(
        session=session,
        actor=cast.member,
        board_id=cast.board.id,
        email=cast.teammate.email,
        chair=True,
        now=NOW,
    )
    experiment = steps.in_prototype(session, cast)
    gate = steps.request(session, cast.owner, experiment, "pilot", steps.PILOT_REQUEST)
    steps.vote(session, cast.chair, gate, "go")
    steps.vote(session, cast.member, gate, "go")
    with pytest.raises(Forbidden):
        steps.decide(session, cast.teammate, gate, "go")


def test_the_board_cannot_change_while_a_gate_is_open(session, cast):
    experiment = steps.in_prototype(session, cast)
    steps.request(session, cast.owner, experiment, "pilot", steps.PILOT_REQUEST)
    with pytest.raises(Conflict):
        board_service.assign_experiment(
            session=session,
            actor=cast.owner,
            experiment_id=experiment.id,
            board_id=cast.board.id,
            version=experiment.version,
            now=NOW,
        )
