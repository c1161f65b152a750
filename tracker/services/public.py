"""The public portal: what anyone may read, without an account.

Only public experiments and public lessons, for every visitor (signed in or not: the portal is
the public view). What a public experiment shows is decided here, in one place:
- shown: the record (problem, hypothesis, criteria, dates, state, territory, organisation),
  every gate decision with its rationale, conditions and vote count, the evidence verdict, the
  measured values of the success criteria, the stop criteria declared triggered, the budget
  (costs declared at gates, the retrospective's cost and agent days) and the commons ledger,
  the retrospective once published;
- never shown: who voted what, the reviewers' and team's names, journal notes and comments,
  the owner's written analysis, anything of an internal experiment (404 as if absent).
"""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, func, or_
from sqlmodel import Session, col, select

from tracker.models import (
    Experiment,
    ExperimentTerritory,
    Gate,
    GateCondition,
    GateDecision,
    JournalEntry,
    Organisation,
    Retrospective,
    Territory,
    User,
)
from tracker.models.commons import CommonsContribution
from tracker.models.lesson import Lesson
from tracker.models.themes import THEMES
from tracker.services import commons as commons_service
from tracker.services import gates_evidence
from tracker.services.errors import Invalid, NotFound
from tracker.services.listing import Page, after_cursor, page_of
from workflows.definition import N_
from workflows.experiment import STOP_REASONS

OUTCOMES = ("scale", "adapt", "stop")
MAX_LIMIT = 100
# The lessons search and the territory services take a reader: this one belongs to no
# organisation, so their visibility rules leave it the public rows only.
PUBLIC_READER = User(
    id=0, organisation_id=0, email="", name="", role="agent", active=False, session_nonce=""
)


def public_clause() -> ColumnElement[bool]:
    """Public experiments."""
    return col(Experiment.visibility) == "public"


def get_experiment(*, session: Session, experiment_id: int) -> Experiment:
    """A public experiment; NotFound for an internal or unknown one (never tells which)."""
    experiment = session.get(Experiment, experiment_id)
    if experiment is None or experiment.visibility != "public":
        raise NotFound(N_("Experiment not found."))
    return experiment


def lessons_of(*, session: Session, experiment: Experiment) -> list[Lesson]:
    """The public lessons of an experiment, newest first."""
    return list(
        session.exec(
            select(Lesson)
            .where(Lesson.experiment_id == experiment.id, col(Lesson.visibility) == "public")
            .order_by(col(Lesson.created_at).desc(), col(Lesson.id).desc())
        ).all()
    )


def outcome_clause(outcome: str) -> ColumnElement[bool]:
    """Experiments that scaled, were adapted at least once, or stopped."""
    if outcome == "scale":
        return col(Experiment.state).in_(("scaling", "scaled"))
    if outcome == "adapt":
        return col(Experiment.iteration) > 1
    return col(Experiment.state) == "stopped"


def list_experiments(
    *,
    session: Session,
    q: str | None = None,
    territory: str | None = None,
    outcome: str | None = None,
    stop_reason: str | None = None,
    theme: str | None = None,
    limit: int = 20,
    cursor: str | None = None,
) -> Page:
    """Public experiments, filtered, newest activity first, a page at a time."""
    errors: dict[str, list[str]] = {}
    theme = (theme or "").strip().lower() or None
    if theme and theme not in THEMES:
        errors["theme"] = [N_("Unknown theme.")]
    if outcome and outcome not in OUTCOMES:
        errors["outcome"] = [N_("Unknown outcome.")]
    if stop_reason and stop_reason not in STOP_REASONS:
        errors["stop_reason"] = [N_("Unknown stop reason.")]
    if not 1 <= limit <= MAX_LIMIT:
        errors["limit"] = [N_("The limit must be between 1 and 100.")]
    if errors:
        raise Invalid(errors=errors)
    query = select(Experiment).where(public_clause())
    if q and q.strip():
        literal = q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{literal}%"
        query = query.where(or_(*(col(c).ilike(pattern, escape="\\") for c in _TEXT_COLUMNS)))
    if territory and territory.strip():
        query = query.where(_in_territory(territory.strip()))
    if outcome:
        query = query.where(outcome_clause(outcome))
    if stop_reason:
        query = query.where(col(Experiment.stop_reason) == stop_reason)
    if theme:
        query = query.where(col(Experiment.theme) == theme)
    if cursor:
        query = query.where(after_cursor(cursor))
    query = query.order_by(
        col(Experiment.last_activity_at).desc(), col(Experiment.id).desc()
    ).limit(limit + 1)
    return page_of(list(session.exec(query).all()), limit)


_TEXT_COLUMNS = (Experiment.title, Experiment.problem, Experiment.hypothesis)


def _in_territory(name: str) -> ColumnElement[bool]:
    """Linked to a territory of that name or code, or labelled with it (free text)."""
    lowered = name.lower()
    linked = (
        select(ExperimentTerritory.experiment_id)
        .join(Territory, col(Territory.id) == ExperimentTerritory.territory_id)
        .where(or_(func.lower(Territory.name) == lowered, func.lower(Territory.code) == lowered))
    )
    return or_(col(Experiment.id).in_(linked), func.lower(Experiment.territory) == lowered)


@dataclass
class DecisionView:
    gate: Gate
    decision: GateDecision
    conditions: list[GateCondition]


@dataclass
class Transparency:
    """The transparency panel of a public experiment; None or empty means "not published"."""

    organisation: str
    decisions: list[DecisionView]
    criteria: list[dict[str, Any]]
    criteria_frozen: bool
    stop_criteria: list[dict[str, Any]]
    verdict: str | None
    gate_costs: list[tuple[Gate, float]]
    commons: list[CommonsContribution]
    commons_value_eur: float
    retrospective: Retrospective | None
    territories: list[Territory] = field(default_factory=list)


def transparency(*, session: Session, experiment: Experiment) -> Transparency:
    """Everything the portal shows of a public experiment (see the module docstring)."""
    if experiment.visibility != "public":
        raise NotFound(N_("Experiment not found."))
    gates = list(
        session.exec(
            select(Gate).where(Gate.experiment_id == experiment.id).order_by(col(Gate.id))
        ).all()
    )
    gate_ids = [g.id for g in gates]
    decisions = {
        d.gate_id: d
        for d in session.exec(
            select(GateDecision).where(col(GateDecision.gate_id).in_(gate_ids))
        ).all()
    }
    conditions: dict[int, list[GateCondition]] = {}
    for condition in session.exec(
        select(GateCondition)
        .where(col(GateCondition.gate_id).in_(gate_ids))
        .order_by(col(GateCondition.id))
    ).all():
        conditions.setdefault(condition.gate_id, []).append(condition)
    decided = [
        DecisionView(g, decisions[g.id], conditions.get(g.id or 0, []))
        for g in gates
        if g.id in decisions
    ]
    last_decision_gate = next(
        (view.gate for view in reversed(decided) if view.gate.kind == "decision"), None
    )
    frozen = gates_evidence.frozen_criteria(session, experiment.id or 0)
    retrospective = session.exec(
        select(Retrospective).where(
            Retrospective.experiment_id == experiment.id, Retrospective.state == "published"
        )
    ).first()
    ledger = list(
        session.exec(
            select(CommonsContribution)
            .where(
                CommonsContribution.experiment_id == experiment.id,
                col(CommonsContribution.withdrawn_at).is_(None),
            )
            .order_by(col(CommonsContribution.id))
        ).all()
    )
    totals = commons_service.totals(session=session, experiment_ids=[experiment.id or 0])
    organisation = session.get(Organisation, experiment.organisation_id)
    return Transparency(
        organisation=organisation.name if organisation else "",
        decisions=decided,
        criteria=_results(session, experiment, frozen),
        criteria_frozen=frozen is not None,
        stop_criteria=_stop_criteria(experiment, frozen, last_decision_gate),
        verdict=last_decision_gate.verdict if last_decision_gate else None,
        gate_costs=[(g, g.cost_eur) for g in gates if g.cost_eur is not None and g.id in decisions],
        commons=ledger,
        commons_value_eur=commons_service.value_by_group(totals).get(experiment.id or 0, 0.0),
        retrospective=retrospective,
        territories=_territories(session, experiment),
    )


def _results(
    session: Session, experiment: Experiment, frozen: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """Each success criterion (as frozen) with the measured values only (never the notes)."""
    criteria = frozen["success_criteria"] if frozen else experiment.success_criteria
    measured = session.exec(
        select(JournalEntry.indicator, JournalEntry.value)
        .where(
            JournalEntry.experiment_id == experiment.id,
            JournalEntry.kind == "measurement",
            JournalEntry.iteration == experiment.iteration,
        )
        .order_by(col(JournalEntry.occurred_on), col(JournalEntry.id))
    ).all()
    results = []
    for criterion in criteria:
        wanted = str(criterion.get("indicator", "")).strip().lower()
        values = [v for i, v in measured if (i or "").strip().lower() == wanted]
        latest = values[-1] if values else None
        met = gates_evidence._met(latest, criterion)
        results.append({**criterion, "values": values, "latest": latest, "met": met})
    return results


def _stop_criteria(
    experiment: Experiment, frozen: dict[str, Any] | None, gate: Gate | None
) -> list[dict[str, Any]]:
    criteria = list(frozen["stop_criteria"]) if frozen else list(experiment.stop_criteria)
    triggered = set(gate.stop_criteria_triggered or []) if gate else set()
    declared = gate is not None
    return [
        {"criterion": c, "triggered": (c.strip() in triggered) if declared else None}
        for c in criteria
    ]


def _territories(session: Session, experiment: Experiment) -> list[Territory]:
    return list(
        session.exec(
            select(Territory)
            .join(ExperimentTerritory, col(ExperimentTerritory.territory_id) == Territory.id)
            .where(ExperimentTerritory.experiment_id == experiment.id)
            .order_by(col(Territory.name))
        ).all()
    )
