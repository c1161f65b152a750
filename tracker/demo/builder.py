"""Build the demo through the services, so it obeys the same rules as real data."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from tracker.demo import gironde, lozere
from tracker.demo.accounts import DEMO_PASSWORD, GIRONDE, LOZERE, Organisation
from tracker.demo.specs import Entry, Spec
from tracker.models import Experiment, User
from tracker.models import Organisation as OrganisationRow
from tracker.services import experiments as experiment_service
from tracker.services import journal as journal_service
from tracker.services import transitions as transition_service
from tracker.services import users as user_service

CATALOGUES: tuple[tuple[Organisation, tuple[Spec, ...]], ...] = (
    (LOZERE, lozere.EXPERIMENTS),
    (GIRONDE, gironde.EXPERIMENTS),
)
# The demo organisations and accounts were opened this long before today.
HISTORY_DAYS = 270


@dataclass
class Report:
    """What a run did: organisations built now, those already there, experiments added."""

    created: list[str]
    existing: list[str]
    experiments: int


@dataclass
class Run:
    """What a step needs: the session, the organisation's people, the spec, the experiment."""

    session: Session
    people: dict[str, User]
    spec: Spec
    experiment: Experiment | None = None

    @property
    def owner(self) -> User:
        return self.people[self.spec.owner]

    @property
    def current(self) -> Experiment:
        assert self.experiment is not None, "the create step runs first"
        return self.experiment

    @property
    def experiment_id(self) -> int:
        assert self.current.id is not None
        return self.current.id


Action = Callable[[Run, datetime], None]


@dataclass(frozen=True)
class Step:
    """An action on the experiment, `day` days after its creation."""

    day: int
    action: Action


def _fire(trigger: str, **params: Any) -> Action:
    def action(run: Run, now: datetime) -> None:
        transition_service.fire(
            session=run.session,
            actor=run.owner,
            experiment_id=run.experiment_id,
            trigger=trigger,
            version=run.current.version,
            params=params,
            now=now,
        )

    return action


# How an experiment reaches each state: one function per state. pilot, evaluation,
# scaling and scaled need a decided gate review (the stage-gates work); each will be one
# more function here, e.g. pilot = the prototype path + a pilot gate deciding *go*.
def _reach_draft(spec: Spec) -> list[Step]:
    return []


def _reach_prototype(spec: Spec) -> list[Step]:
    return [Step(spec.days["prototype"], _fire("start_prototype"))]


def _reach_stopped(spec: Spec) -> list[Step]:
    stop = _fire("stop", stop_reason=spec.stop_reason, explanation=spec.stop_explanation)
    return [*REACH[spec.stopped_from](spec), Step(spec.days["stopped"], stop)]


REACH: dict[str, Callable[[Spec], list[Step]]] = {
    "draft": _reach_draft,
    "prototype": _reach_prototype,
    "stopped": _reach_stopped,
}


def _create(run: Run, now: datetime) -> None:
    spec = run.spec
    data = {k: v for k, v in spec.fields.items() if k not in spec.late_fields}
    data["title"] = spec.title
    data["team"] = [run.people[key].email for key in spec.team]
    if spec.planned:
        data["planned_start"] = (now + timedelta(days=spec.planned[0])).date()
        data["planned_end"] = (now + timedelta(days=spec.planned[1])).date()
    run.experiment = experiment_service.create(
        session=run.session, actor=run.owner, data=data, now=now
    )


def _complete(run: Run, now: datetime) -> None:
    changes = {k: run.spec.fields[k] for k in run.spec.late_fields}
    experiment_service.update(
        session=run.session,
        actor=run.owner,
        experiment_id=run.experiment_id,
        version=run.current.version,
        changes=changes,
        now=now,
    )


def _log(entry: Entry) -> Action:
    def action(run: Run, now: datetime) -> None:
        data = {"kind": entry.kind, "body": entry.body, "occurred_on": now.date()}
        if entry.kind == "measurement":
            data.update(indicator=entry.indicator, value=entry.value)
        journal_service.add_entry(
            session=run.session,
            actor=run.people[entry.by or run.spec.owner],
            experiment_id=run.experiment_id,
            data=data,
            now=now,
        )

    return action


def steps_of(spec: Spec) -> list[Step]:
    """Every step of a spec in the order it happens (creation, edits, journal, transitions)."""
    steps = [Step(0, _create)]
    if spec.late_fields:
        steps.append(Step(spec.completed_on, _complete))
    steps.extend(Step(entry.day, _log(entry)) for entry in spec.journal)
    steps.extend(REACH[spec.state](spec))
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
        # A few minutes apart, so same-day steps keep their order in every timeline.
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
    return report
