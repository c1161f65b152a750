"""Stage gates: requests, votes, quorum, decisions that move the experiment, locks, races."""

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from tests import gate_steps as steps
from tests.conftest import NOW, POSTGRES_URL, _truncate_postgres
from tests.factories import build_world, make_user
from tracker import create_app
from tracker.db import get_engine
from tracker.models import Event, Experiment, Gate, GateDecision, User, Vote
from tracker.services import boards as board_service
from tracker.services import gates as gate_service
from tracker.services import transitions as transition_service
from tracker.services.errors import Conflict, Forbidden, GuardFailed, Invalid, NotFound


@pytest.fixture
def cast(session, world):
    return steps.build_cast(session, world)


def _triggers(session, experiment):
    events = session.exec(
        select(Event).where(Event.experiment_id == experiment.id).order_by(Event.id)
    ).all()
    return [event.trigger for event in events]


def test_full_path_from_prototype_to_scaled(session, cast):
    experiment = steps.in_evaluation(session, cast)
    assert experiment.state == "evaluation"
    gate = steps.request(session, cast.owner, experiment, "decision", steps.DECISION_REQUEST)
    decision = steps.reviewed(session, cast, gate, "scale")
    assert experiment.state == "scaling"
    assert (gate.status, decision.route, gate.verdict) == (
        "decided",
        "replication",
        "conclusive_positive",
    )
    transition_service.fire(
        session=session,
        actor=cast.chair,
        experiment_id=experiment.id,
        trigger="complete_scaling",
        version=experiment.version,
        params={"scaling_report": "Trois départements l'ont repris."},
        now=NOW + timedelta(days=200),
    )
    assert experiment.state == "scaled"
    assert _triggers(session, experiment) == [
        "create",
        "start_prototype",
        "gate_requested",
        "go_pilot",
        "gate_decided",
        "begin_evaluation",
        "gate_requested",
        "scale",
        "gate_decided",
        "complete_scaling",
    ]


def test_go_pilot_event_is_by_the_chair_and_carries_the_decision(session, cast):
    experiment = steps.in_pilot(session, cast)
    event = session.exec(
        select(Event).where(Event.experiment_id == experiment.id, Event.trigger == "go_pilot")
    ).one()
    assert event.actor_id == cast.chair.id
    assert event.data["decision"] == {"gate": "pilot", "decision": "go", "quorum_met": True}


def test_a_member_who_is_not_chair_cannot_complete_scaling(session, cast):
    experiment = steps.in_evaluation(session, cast)
    gate = steps.request(session, cast.owner, experiment, "decision", steps.DECISION_REQUEST)
    steps.reviewed(session, cast, gate, "scale")
    with pytest.raises(Forbidden):
        transition_service.fire(
            session=session,
            actor=cast.member,
            experiment_id=experiment.id,
            trigger="complete_scaling",
            version=experiment.version,
            params={"scaling_report": "Rapport."},
            now=NOW,
        )


def test_adapt_at_the_pilot_gate_iterates_the_prototype(session, cast):
    experiment = steps.in_prototype(session, cast)
    gate = steps.request(session, cast.owner, experiment, "pilot", steps.PILOT_REQUEST)
    decision = steps.reviewed(session, cast, gate, "adapt")
    assert (experiment.state, experiment.iteration) == ("prototype", 2)
    assert decision.restart_at == "prototype" and decision.changes


@pytest.mark.parametrize("restart_at", ["prototype", "pilot"])
def test_adapt_at_the_decision_gate_restarts_where_chosen(session, cast, restart_at):
    experiment = steps.in_evaluation(session, cast)
    gate = steps.request(session, cast.owner, experiment, "decision", steps.DECISION_REQUEST)
    steps.reviewed(session, cast, gate, "adapt", restart_at=restart_at)
    assert (experiment.state, experiment.iteration) == (restart_at, 2)


def test_adapt_at_the_decision_gate_needs_a_restart_point(session, cast):
    experiment = steps.in_evaluation(session, cast)
    gate = steps.request(session, cast.owner, experiment, "decision", steps.DECISION_REQUEST)
    with pytest.raises(GuardFailed) as refused:
        steps.reviewed(session, cast, gate, "adapt")
    assert "a restart point is chosen (prototype or pilot)" in refused.value.reasons
    session.refresh(gate)
    assert gate.status == "open" and experiment.state == "evaluation"
    assert gate_service.decision_of(session=session, gate=gate) is None


def test_stop_by_the_gate_records_the_reason(session, cast):
    experiment = steps.in_prototype(session, cast)
    gate = steps.request(session, cast.owner, experiment, "pilot", steps.PILOT_REQUEST)
    steps.reviewed(session, cast, gate, "stop")
    assert experiment.state == "stopped" and experiment.stop_reason == "no_impact"
    assert experiment.stop_explanation == "Décision motivée du comité."


def test_hold_keeps_the_state_and_sets_a_new_review_date(session, cast):
    experiment = steps.in_prototype(session, cast)
    version = experiment.version
    gate = steps.request(session, cast.owner, experiment, "pilot", steps.PILOT_REQUEST)
    decision = steps.reviewed(session, cast, gate, "hold", review_date="2027-01-15")
    assert (experiment.state, experiment.version) == ("prototype", version)
    assert gate.status == "decided" and decision.next_review_date == date(2027, 1, 15)
    held = _triggers(session, experiment)[-2:]
    assert held == ["gate_decided", "gate_held"]
    again = steps.request(session, cast.owner, experiment, "pilot", steps.PILOT_REQUEST)
    assert again.status == "open"


def test_quorum_not_reached_is_refused_and_changes_nothing(session, cast):
    experiment = steps.in_prototype(session, cast)
    gate = steps.request(session, cast.owner, experiment, "pilot", steps.PILOT_REQUEST)
    steps.vote(session, cast.chair, gate, "go")
    with pytest.raises(Invalid) as refused:
        steps.decide(session, cast.chair, gate, "go")
    assert refused.value.status == 422
    assert refused.value.errors == {"votes": ["the quorum of votes is reached"]}
    assert gate.status == "open" and experiment.state == "prototype"


def test_rationale_is_required(session, cast):
    experiment = steps.in_prototype(session, cast)
    gate = steps.request(session, cast.owner, experiment, "pilot", steps.PILOT_REQUEST)
    steps.vote(session, cast.chair, gate, "go")
    steps.vote(session, cast.member, gate, "go")
    with pytest.raises(Invalid) as refused:
        steps.decide(session, cast.chair, gate, "go", rationale=" ")
    assert "rationale" in refused.value.errors


def test_only_a_chair_decides_and_a_decided_gate_is_closed(session, cast):
    experiment = steps.in_prototype(session, cast)
    gate = steps.request(session, cast.owner, experiment, "pilot", steps.PILOT_REQUEST)
    steps.vote(session, cast.chair, gate, "go")
    steps.vote(session, cast.member, gate, "go")
    with pytest.raises(Forbidden):
        steps.decide(session, cast.member, gate, "go")
    steps.decide(session, cast.chair, gate, "go")
    with pytest.raises(Conflict):
        steps.decide(session, cast.chair, gate, "stop")
    with pytest.raises(Conflict):
        steps.vote(session, cast.member, gate, "stop")


@pytest.mark.parametrize("who", ["owner", "teammate"])
def test_a_conflicted_board_member_cannot_vote(session, cast, who):
    experiment = steps.in_prototype(session, cast)
    gate = steps.request(session, cast.owner, experiment, "pilot", steps.PILOT_REQUEST)
    with pytest.raises(Forbidden):
        steps.vote(session, getattr(cast, who), gate, "go")


def test_a_colleague_outside_the_board_cannot_vote(session, cast, world):
    outsider = make_user(session, world.org_a, "outside@a.example", "reviewer", NOW)
    experiment = steps.in_prototype(session, cast)
    gate = steps.request(session, cast.owner, experiment, "pilot", steps.PILOT_REQUEST)
    with pytest.raises(Forbidden):
        steps.vote(session, outsider, gate, "go")


def test_another_organisation_does_not_see_the_gate(session, cast):
    experiment = steps.in_prototype(session, cast)
    gate = steps.request(session, cast.owner, experiment, "pilot", steps.PILOT_REQUEST)
    with pytest.raises(NotFound):
        steps.vote(session, cast.outsider, gate, "go")
    with pytest.raises(NotFound):
        gate_service.get(session=session, actor=cast.outsider, gate_id=gate.id)


def test_a_changed_vote_is_not_a_new_one(session, cast):
    experiment = steps.in_prototype(session, cast)
    gate = steps.request(session, cast.owner, experiment, "pilot", steps.PILOT_REQUEST)
    first, created = steps.vote(session, cast.chair, gate, "go", comment="Bien.")
    assert created and first.cast_at == NOW
    again, created = steps.vote(session, cast.chair, gate, "hold", comment="À revoir.")
    assert not created and again.id == first.id
    assert (again.recommendation, again.comment) == ("hold", "À revoir.")
    assert session.exec(select(func.count()).select_from(Vote)).one() == 1


def test_recommendations_follow_the_gate_kind(session, cast):
    experiment = steps.in_prototype(session, cast)
    gate = steps.request(session, cast.owner, experiment, "pilot", steps.PILOT_REQUEST)
    with pytest.raises(Invalid) as refused:
        steps.vote(session, cast.chair, gate, "scale")
    assert list(refused.value.errors) == ["recommendation"]


def test_scores_are_checked_against_the_scorecard(session, cast):
    experiment = steps.in_prototype(session, cast)
    gate = steps.request(session, cast.owner, experiment, "pilot", steps.PILOT_REQUEST)
    scores = {**steps.SCORES, "legal_ok": 1, "user_value": 6, "cost": True, "charm": 5}
    del scores["feasibility"]
    with pytest.raises(Invalid) as refused:
        steps.vote(session, cast.chair, gate, "go", scores=scores)
    assert sorted(refused.value.errors) == [
        "scores.charm",
        "scores.cost",
        "scores.feasibility",
        "scores.legal_ok",
        "scores.user_value",
    ]


def test_the_queue_shows_gates_waiting_for_my_vote(session, cast):
    experiment = steps.in_prototype(session, cast)
    gate = steps.request(session, cast.owner, experiment, "pilot", steps.PILOT_REQUEST)

    def waiting(user):
        return [g.id for g in gate_service.queue(session=session, actor=user).items]

    assert waiting(cast.chair) == waiting(cast.member) == [gate.id]
    assert waiting(cast.owner) == waiting(cast.teammate) == waiting(cast.outsider) == []
    steps.vote(session, cast.chair, gate, "go")
    assert waiting(cast.chair) == [] and waiting(cast.member) == [gate.id]


@pytest.mark.postgres_only
@pytest.mark.skipif(
    not POSTGRES_URL, reason="the race needs PostgreSQL (TRACKER_TEST_DATABASE_URL)"
)
def test_two_chairs_deciding_at_once_record_exactly_one_decision(postgres_url, tmp_path):
    """Two threads, two connections, one barrier: one decision, one state change, one 409."""
    _truncate_postgres(postgres_url)
    app = create_app({"DATABASE_URL": postgres_url, "SECRET_KEY": "t", "TESTING": True})
    engine = get_engine(app)
    with Session(engine, expire_on_commit=False) as session:
        world = build_world(session, NOW)
        cast = steps.build_cast(session, world)
        board_service.add_member(
            session=session,
            actor=world.admin_a,
            board_id=cast.board.id,
            email=world.admin_a.email,
            chair=True,
            now=NOW,
        )
        experiment = steps.in_prototype(session, cast)
        gate = steps.request(session, cast.owner, experiment, "pilot", steps.PILOT_REQUEST)
        steps.vote(session, cast.chair, gate, "go")
        steps.vote(session, cast.member, gate, "go")
        chair_ids, gate_id, experiment_id = [cast.chair.id, cast.member.id], gate.id, experiment.id

    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def decide_as(chair_id: int, decision: str) -> None:
        with Session(engine, expire_on_commit=False) as own:
            chair = own.get(User, chair_id)
            barrier.wait()
            try:
                steps.decide(own, chair, own.get(Gate, gate_id), decision)
                outcomes.append(decision)
            except Conflict as conflict:
                outcomes.append(conflict)

    threads = [
        threading.Thread(target=decide_as, args=(chair_id, decision))
        for chair_id, decision in zip(chair_ids, ["go", "hold"], strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(outcomes) == 2
    assert sum(isinstance(outcome, Conflict) for outcome in outcomes) == 1
    with Session(engine) as session:
        decisions = session.exec(select(GateDecision).where(GateDecision.gate_id == gate_id)).all()
        assert len(decisions) == 1
        experiment = session.get(Experiment, experiment_id)
        winner = decisions[0].decision
        assert experiment.state == ("pilot" if winner == "go" else "prototype")
        moves = session.exec(
            select(func.count())
            .select_from(Event)
            .where(Event.experiment_id == experiment_id, Event.trigger == "go_pilot")
        ).one()
        assert moves == (1 if winner == "go" else 0)
        assert session.get(Gate, gate_id).status == "decided"
    engine.dispose()


def test_the_decision_gate_shows_frozen_criteria_against_measurements(session, cast):
    experiment = steps.in_evaluation(session, cast)
    gate = steps.request(session, cast.owner, experiment, "decision", steps.DECISION_REQUEST)
    (result,) = gate_service.criteria_results(session=session, actor=cast.member, gate_id=gate.id)
    assert (result["indicator"], result["target_value"], result["direction"]) == (
        "taux d'abandon",
        20,
        "at_most",
    )
    assert (result["frozen"], result["values"], result["latest"], result["met"]) == (
        True,
        [15],
        15,
        True,
    )


def test_score_totals_per_criterion(session, cast):
    experiment = steps.in_prototype(session, cast)
    gate = steps.request(session, cast.owner, experiment, "pilot", steps.PILOT_REQUEST)
    steps.vote(session, cast.chair, gate, "go")
    steps.vote(session, cast.member, gate, "hold", scores={**steps.SCORES, "legal_ok": False})
    votes = [vote for vote, _voter in gate_service.votes_of(session=session, gate=gate)]
    totals = {item["key"]: item for item in gate_service.score_totals(gate.scorecard, votes)}
    assert (totals["legal_ok"]["yes"], totals["legal_ok"]["no"]) == (1, 1)
    assert (totals["user_value"]["total"], totals["user_value"]["mean"]) == (8, 4.0)
    assert totals["cost"]["answers"] == 2
