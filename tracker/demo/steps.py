"""The steps a demo experiment goes through, each one a service call at a given time."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from tracker.demo.specs import Entry, Spec
from tracker.models import Experiment, Gate, User
from tracker.services import experiments as experiment_service
from tracker.services import journal as journal_service
from tracker.services import transitions as transition_service


@dataclass
class Run:
    """What a step needs: the session, the organisation's people, the spec, the experiment."""

    session: Session
    people: dict[str, User]
    spec: Spec
    experiment: Experiment | None = None
    gate: Gate | None = None  # the gate review open now, if any

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


def fire(trigger: str, actor: str = "", **params: Any) -> Action:
    """Fire a trigger as the owner (or the person `actor`)."""

    def action(run: Run, now: datetime) -> None:
        transition_service.fire(
            session=run.session,
            actor=run.people[actor] if actor else run.owner,
            experiment_id=run.experiment_id,
            trigger=trigger,
            version=run.current.version,
            params=params,
            now=now,
        )

    return action


def create(run: Run, now: datetime) -> None:
    """Create the draft, without the fields the spec fills in later."""
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


def complete(run: Run, now: datetime) -> None:
    """Fill in the fields left out at creation, as a draft grows."""
    changes = {k: run.spec.fields[k] for k in run.spec.late_fields}
    experiment_service.update(
        session=run.session,
        actor=run.owner,
        experiment_id=run.experiment_id,
        version=run.current.version,
        changes=changes,
        now=now,
    )


def log(entry: Entry) -> Action:
    """Add a journal entry by its author (the owner by default)."""

    def action(run: Run, now: datetime) -> None:
        data: dict[str, Any] = {"kind": entry.kind, "body": entry.body, "occurred_on": now.date()}
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
