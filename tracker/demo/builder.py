"""Build the demo through the services, so it obeys the same rules as real data."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from tracker.demo import (
    charters,
    ecosystem,
    gate_paths,
    gates,
    gironde,
    gironde_gates,
    lozere,
    lozere_gates,
    replication,
    retrospectives,
    trainings,
)
from tracker.demo import lessons as demo_lessons
from tracker.demo.accounts import DEMO_PASSWORD, GIRONDE, LOZERE, Organisation
from tracker.demo.specs import Spec
from tracker.demo.steps import Run, Step, complete, create, fire, log
from tracker.models import Organisation as OrganisationRow
from tracker.models import User
from tracker.services import users as user_service

CATALOGUES: tuple[tuple[Organisation, tuple[Spec, ...]], ...] = (
    (LOZERE, lozere.EXPERIMENTS + lozere_gates.GATED),
    (GIRONDE, gironde.EXPERIMENTS + gironde_gates.GATED),
)
# The demo organisations, accounts and boards were opened this long before today.
HISTORY_DAYS = 270


@dataclass
class Report:
    """What a run did: organisations built now, those already there, experiments added."""

    created: list[str]
    existing: list[str]
    experiments: int


# How an experiment reaches each state: one function per state, each extending the path
# to the state before it. `spec.days[state]` is the day it gets there.
def _reach_draft(spec: Spec) -> list[Step]:
    return []


def _reach_prototype(spec: Spec) -> list[Step]:
    return [Step(spec.days["prototype"], fire("start_prototype"))]


def _reach_pilot(spec: Spec) -> list[Step]:
    go = gates.decided("go", spec.review.get("go", "Prototype concluant, plan de pilote solide."))
    return [
        *_reach_prototype(spec),
        Step(spec.days["pilot_gate"], gates.request_pilot),
        Step(spec.days["pilot"], go),
    ]


def _reach_evaluation(spec: Spec) -> list[Step]:
    return [*_reach_pilot(spec), Step(spec.days["evaluation"], fire("begin_evaluation"))]


def _reach_scaling(spec: Spec) -> list[Step]:
    scale = gates.decided(
        "scale",
        spec.review.get("scale", "Les résultats du pilote dépassent les cibles."),
        route=spec.review["route"],
        scaling_plan=spec.review["scaling_plan"],
    )
    return [
        *_reach_evaluation(spec),
        Step(spec.days["decision_gate"], gates.request_decision),
        Step(spec.days["scaling"], scale),
    ]


def _reach_scaled(spec: Spec) -> list[Step]:
    return [*_reach_scaling(spec), Step(spec.days["scaled"], gates.complete_scaling)]


def _reach_stopped(spec: Spec) -> list[Step]:
    stop = fire("stop", stop_reason=spec.stop_reason, explanation=spec.stop_explanation)
    return [*REACH[spec.stopped_from](spec), Step(spec.days["stopped"], stop)]


REACH: dict[str, Callable[[Spec], list[Step]]] = {
    "draft": _reach_draft,
    "prototype": _reach_prototype,
    "pilot": _reach_pilot,
    "evaluation": _reach_evaluation,
    "scaling": _reach_scaling,
    "scaled": _reach_scaled,
    "stopped": _reach_stopped,
}


def steps_of(spec: Spec) -> list[Step]:
    """Every step of a spec in the order it happens (creation, edits, journal, transitions)."""
    steps = [Step(0, create)]
    if spec.late_fields:
        steps.append(Step(spec.completed_on, complete))
    steps.extend(Step(entry.day, log(entry)) for entry in spec.journal)
    # Stories told by gate reviews (a board's stop, adapt, hold) name their own path.
    path = gate_paths.steps_for(spec)
    steps.extend(path if path is not None else REACH[spec.state](spec))
    steps.extend(retrospectives.steps_for(spec))
    # Stable sort: on the same day, edits and journal entries come before transitions.
    steps.sort(key=lambda step: step.day)
    if steps[-1].day >= spec.started:
        raise ValueError(f"demo experiment {spec.title!r} has a step in the future")
    return steps


def _build_experiment(session: Session, people: dict[str, User], spec: Spec, now: datetime) -> None:
    created = (now - timedelta(days=spec.started)).replace(
        hour=8, minute=30, second=0, microsecond=0
    )
    run = Run(session=session, people=people, spec=spec)
    for index, step in enumerate(steps_of(spec)):
        # Minutes apart, so same-day steps keep their order in every timeline.
        step.action(run, created + timedelta(days=step.day, minutes=17 * index))


def _build_organisation(
    session: Session, organisation: Organisation, specs: tuple[Spec, ...], now: datetime
) -> None:
    opened = now - timedelta(days=HISTORY_DAYS)
    row = user_service.get_or_create_organisation(
        session=session, name=organisation.name, now=opened
    )
    people = {
        person.key: user_service.create_user(
            session=session,
            organisation=row,
            email=person.email,
            name=person.name,
            role=person.role,
            password=DEMO_PASSWORD,
            now=opened,
        )
        for person in organisation.people
    }
    gates.create_board(session, people, organisation.name, opened)
    trainings.record(session, people, opened)
    charters.write_charter(session, people, opened)
    for spec in sorted(specs, key=lambda s: -s.started):
        _build_experiment(session, people, spec, now)


def build(*, session: Session, now: datetime) -> Report:
    """Load the demo organisations that are not there yet; existing ones are left untouched."""
    report = Report(created=[], existing=[], experiments=0)
    for organisation, specs in CATALOGUES:
        found = session.exec(
            select(OrganisationRow).where(OrganisationRow.name == organisation.name)
        ).first()
        if found is not None:
            report.existing.append(organisation.name)
            continue
        _build_organisation(session, organisation, specs, now)
        report.created.append(organisation.name)
        report.experiments += len(specs)
    if {LOZERE.name, GIRONDE.name} <= set(report.created):
        # Territories, partners and the commons ledger across both organisations.
        ecosystem.build(session, now)
    if {LOZERE.name, GIRONDE.name} <= set(report.created):
        # Lessons: some made public by owner and chair, one reused by Gironde.
        demo_lessons.build(session, [LOZERE.name, GIRONDE.name], now)
    if {LOZERE.name, GIRONDE.name} <= set(report.created):
        # Essaimage (two chains, one across both organisations), a scaling plan, derogations.
        replication.build(session, now)
    if {LOZERE.name, GIRONDE.name} <= set(report.created):
        # Last, after the lessons: Gironde takes over a stopped public experiment of Lozère
        # (both pages link; its public lessons are marked as applied).
        charters.take_over(session, LOZERE.name, "agent2@gironde.demo.example", now)
    return report
