"""What the gate rules predict, and what the database must show, for the stateful gate test.

`Expected` follows one experiment as the documented rules say it should move; its
`*_refusal` methods name the error each action must get (None: accepted). `check_database`
compares it with what was committed.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from tests.gate_steps import DECISION_INPUTS, DECISION_REQUEST, PILOT_REQUEST
from tracker.models import Event, Experiment, Gate, GateDecision, Vote
from tracker.services.errors import Conflict, Forbidden, GuardFailed, Invalid, ServiceError
from workflows.experiment import EXPERIMENT, STOP_REASONS
from workflows.gate import DECISIONS_BY_KIND, REQUESTED_FROM

TRIGGERS = tuple(dict.fromkeys(t.trigger for t in EXPERIMENT.transitions))
# Requests: complete, incomplete (the readiness check names what is missing), malformed.
BROKEN_PILOT = {"prototype_learnings": " ", "pilot_plan": {"territory": "Lozère"}}
MALFORMED = {"review_date": "demain", "cost_eur": "beaucoup"}
Refusal = type[ServiceError] | None


def requested(kind: str, variant: str) -> dict[str, Any]:
    """A gate request body of the given variant."""
    if variant == "malformed":
        return dict(MALFORMED)
    if variant == "incomplete":
        return dict(BROKEN_PILOT) if kind == "pilot" else {"analysis": ""}
    return dict(PILOT_REQUEST if kind == "pilot" else DECISION_REQUEST)


def decision_inputs(
    decision: str, complete: bool, restart_at: str | None, conditions: bool
) -> dict[str, Any]:
    """What a decision carries besides its rationale; `complete=False` blanks what it needs."""
    inputs: dict[str, Any] = dict(DECISION_INPUTS[decision])
    if not complete:
        # The gate_steps helper fills these in by default: override them with blanks.
        # The charter acknowledgement is not what this model varies: it stays given.
        inputs = {
            key: value
            if key == "charter_acknowledged"
            else ("" if key.endswith(("plan", "changes")) else None)
            for key, value in inputs.items()
        }
    if decision == "adapt":
        inputs["restart_at"] = restart_at
    if decision == "go" and conditions:
        inputs["conditions"] = ["Signer la convention avec la CAF."]
    return inputs


def last_go_gate(session: Session, experiment_id: int) -> int | None:
    """The latest gate of the experiment decided go (the one carrying conditions)."""
    return session.exec(
        select(Gate.id)
        .join(GateDecision, col(GateDecision.gate_id) == Gate.id)
        .where(Gate.experiment_id == experiment_id, GateDecision.decision == "go")
        .order_by(col(Gate.id).desc())
    ).first()


def attempt(action: Callable[[], Any]) -> tuple[Any, ServiceError | None]:
    """The action's result, or the service's refusal."""
    try:
        return action(), None
    except ServiceError as refused:
        return None, refused


def refusal(error: Exception | None) -> Refusal:
    """The refusal's class, to compare with the one the rules predict."""
    return type(error) if isinstance(error, ServiceError) else None


@dataclass
class Expected:
    """One experiment and its latest gate, as the rules say they stand."""

    experiment_id: int = 0
    state: str = "draft"
    version: int = 1
    iteration: int = 1
    state_changes: int = 0
    gate_id: int = 0  # the latest gate, open or closed
    gate_kind: str = ""
    gate_open: bool = False
    votes: dict[int, str] = field(default_factory=dict)  # voter id -> recommendation
    pilot_entries: int = 0  # journal entries during the pilot of this iteration
    measured: bool = False  # a measurement of the success criterion in this iteration
    unmet: list[int] = field(default_factory=list)  # conditions of a conditional go

    def moved(self, to_state: str) -> None:
        """A state change: one more event, one more version."""
        self.state = to_state
        self.version += 1
        self.state_changes += 1

    def gate_closed(self) -> None:
        """The open gate closed (decided or withdrawn)."""
        self.gate_open, self.votes = False, {}

    def decided(self, decision: str, restart_at: str | None) -> None:
        """A decision taken on the open gate moves the experiment as the workflow says."""
        kind = self.gate_kind
        self.gate_closed()
        if decision == "hold":
            return
        restart = restart_at if kind == "decision" else "prototype"
        moves = {"go": "pilot", "scale": "scaling", "stop": "stopped", "adapt": restart}
        self.moved(str(moves[decision]))
        if decision == "adapt":
            self.iteration += 1
            self.pilot_entries, self.measured = 0, False

    def fire_refusal(
        self, trigger: str, stale: bool, stop_reason: Any, explanation: str
    ) -> Refusal:
        """What the owner firing `trigger` gets."""
        if stale or not EXPERIMENT.transitions_from(self.state, trigger):
            return Conflict
        if trigger == "begin_evaluation" and not self.pilot_entries:
            return GuardFailed
        if trigger == "stop" and not (stop_reason in STOP_REASONS and explanation):
            return GuardFailed
        return None

    def request_refusal(self, kind: str, variant: str) -> Refusal:
        """What the owner requesting a `kind` gate gets."""
        if variant == "malformed":
            return Invalid  # types are checked first
        if self.state != REQUESTED_FROM[kind] or self.gate_open or self.unmet:
            return Conflict
        if variant == "incomplete" or (kind == "decision" and not self.measured):
            return Invalid
        return None

    def vote_refusal(self, who: str, recommendation: str, complete_scores: bool) -> Refusal:
        """What a board member voting on the latest gate gets."""
        if who in ("owner", "teammate"):
            return Forbidden  # a conflict of interest, whatever the gate's status
        if not self.gate_open:
            return Conflict
        if recommendation not in DECISIONS_BY_KIND[self.gate_kind] or not complete_scores:
            return Invalid
        return None

    def decision_refusal(
        self, who: str, decision: str, rationale: str, complete: bool, restart_at: str | None
    ) -> Refusal:
        """What deciding the latest gate gets."""
        kind = self.gate_kind
        if who == "member":
            return Forbidden
        if not self.gate_open:
            return Conflict
        if len(self.votes) < 2 or decision not in DECISIONS_BY_KIND[kind] or not rationale:
            return GuardFailed  # the gate's own guards: quorum, fitting decision, rationale
        if decision == "scale" and not complete:
            return Invalid  # no scaling plan
        if decision == "adapt" and kind == "pilot" and restart_at == "pilot":
            return Invalid
        if decision in ("adapt", "stop") and not complete:
            return GuardFailed  # the experiment's guards: what changes, the stop reason
        if decision == "adapt" and kind == "decision" and not restart_at:
            return GuardFailed
        return None

    def scaling_refusal(self, who: str, report: str) -> Refusal:
        """What completing the scaling gets."""
        if self.state != "scaling":
            return Conflict
        if who != "chair":
            return Forbidden
        if not report:
            return GuardFailed
        return None


def check_database(fresh: Session, expected: Expected, team: set[int | None]) -> None:
    """The committed experiment, events, gates, votes and decisions agree with the rules."""
    experiment = fresh.get(Experiment, expected.experiment_id)
    assert experiment is not None
    events = fresh.exec(
        select(Event).where(Event.experiment_id == experiment.id).order_by(col(Event.id))
    ).all()
    changes = [e for e in events if e.trigger in TRIGGERS]
    assert experiment.state == expected.state == (changes[-1].to_state if changes else "draft")
    # Every state change has exactly one event row, along a documented edge.
    assert len(changes) == expected.state_changes
    for event in changes:
        edges = EXPERIMENT.transitions_from(event.from_state, event.trigger)
        assert event.to_state in {edge.dest for edge in edges}, event
    others = [e for e in events if e.trigger not in TRIGGERS and e.trigger != "create"]
    assert all(e.from_state == e.to_state for e in others)
    assert experiment.version == expected.version
    # The iteration grows on adapt only.
    adapts = sum(e.trigger == "adapt" for e in changes)
    assert experiment.iteration == expected.iteration == 1 + adapts
    _check_decisions(fresh, experiment, changes)
    _check_gates(fresh, experiment, expected, team)


def _check_decisions(fresh: Session, experiment: Experiment, changes: list[Event]) -> None:
    rows = fresh.exec(
        select(GateDecision, Gate)
        .join(Gate, col(Gate.id) == GateDecision.gate_id)
        .where(Gate.experiment_id == experiment.id)
    ).all()
    decided = [(row.decision, gate.kind) for row, gate in rows]
    # No pilot without a go, no scaling without a scale: each gate trigger has its decision.
    for trigger, decision in (("go_pilot", "go"), ("scale", "scale"), ("adapt", "adapt")):
        fired = sum(e.trigger == trigger for e in changes)
        assert fired == sum(d == decision for d, _kind in decided), trigger
    if any(e.to_state == "pilot" for e in changes):
        assert ("go", "pilot") in decided
    if any(e.to_state == "scaling" for e in changes):
        assert ("scale", "decision") in decided
    for row, gate in rows:
        votes = fresh.exec(select(Vote).where(Vote.gate_id == gate.id)).all()
        assert row.vote_count == len(votes) >= gate.quorum


def _check_gates(
    fresh: Session, experiment: Experiment, expected: Expected, team: set[int | None]
) -> None:
    gates = fresh.exec(select(Gate).where(Gate.experiment_id == experiment.id)).all()
    assert sum(g.status == "open" for g in gates) == int(expected.gate_open) <= 1
    for gate in gates:
        decisions = fresh.exec(select(GateDecision).where(GateDecision.gate_id == gate.id)).all()
        # A gate closes by a decision or a withdrawal, nothing else.
        assert (gate.status == "decided") == (len(decisions) == 1)
        assert len(decisions) <= 1
        assert (gate.status == "open") == (gate.closed_at is None)
        votes = fresh.exec(select(Vote).where(Vote.gate_id == gate.id)).all()
        assert not {v.voter_id for v in votes} & team
        assert all(v.recommendation in DECISIONS_BY_KIND[gate.kind] for v in votes)
        if gate.status == "open":
            assert experiment.state == REQUESTED_FROM[gate.kind]
            assert {v.voter_id: v.recommendation for v in votes} == expected.votes
