"""Replication (essaimage): copying an experiment elsewhere, and the lineage tree it grows.

A replica is a new draft of the caller's organisation, derived from a source the caller may
see (tracker.services.derivation, shared with takeovers). The lineage of an experiment is the
whole tree of its origin: two recursive CTEs in one query, whatever its depth.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic import Field as Input
from sqlalchemy import Integer, literal, select
from sqlmodel import Session, col

from tracker.models import Experiment, Lesson, Organisation, User
from tracker.models.base import pk
from tracker.services import derivation, gates_access
from tracker.services.errors import Forbidden, Invalid
from tracker.services.experiments import get as get_experiment
from tracker.services.lessons import visible_clause as lesson_visible
from tracker.services.permissions import can_view
from workflows.definition import N_

# A bound on the walk: replicas are created from existing rows so no cycle can form, but a
# recursive query should never be able to run away.
MAX_DEPTH = 50
# What each state says of the experiment's outcome (None while it runs).
OUTCOMES = {"scaling": "scale", "scaled": "scale", "stopped": "stop"}


class ReplicationIn(BaseModel):
    """What the replicating team changes from the source; the rest is copied."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Input(default=None, min_length=1, max_length=200)
    territory: str | None = Input(default=None, max_length=200)


def replicate(
    *, session: Session, actor: User, experiment_id: int, data: dict[str, Any], now: datetime
) -> Experiment:
    """A new draft of the actor's organisation, pre-filled from a source the actor may see."""
    source = get_experiment(session=session, actor=actor, experiment_id=experiment_id)
    if not actor.active:
        raise Forbidden(N_("You are not allowed to take this step."))
    try:
        fields = ReplicationIn.model_validate(data)
    except ValidationError as error:
        raise Invalid.from_validation(error) from None
    overrides = fields.model_dump(exclude_none=True)
    replica = derivation.derive(
        session=session,
        actor=actor,
        source=source,
        link="replicated_from_id",
        now=now,
        overrides=overrides,
    )
    # The source's timeline says where it spread (an event; its activity date stays).
    gates_access.record(
        session,
        source,
        actor,
        "replicated",
        {"replica_id": pk(replica), "organisation_id": actor.organisation_id},
        now,
    )
    session.commit()
    return replica


@dataclass
class Node:
    """One experiment of a lineage; `redacted` hides everything but its place in the tree."""

    id: int | None
    depth: int
    redacted: bool
    title: str | None = None
    state: str | None = None
    outcome: str | None = None
    organisation: str | None = None
    territory: str | None = None
    visibility: str | None = None
    current: bool = False
    children: list["Node"] = field(default_factory=list)

    def walk(self) -> list["Node"]:
        """This node then its descendants, depth first."""
        nodes = [self]
        for child in self.children:
            nodes.extend(child.walk())
        return nodes


def _tree_query(experiment_id: int) -> Any:
    """Up to the origin, then down to every replica: one statement, two recursive CTEs."""
    up = (
        select(col(Experiment.id), col(Experiment.replicated_from_id), literal(0).label("step"))
        .where(col(Experiment.id) == experiment_id)
        .cte("lineage_up", recursive=True)
    )
    up = up.union_all(
        select(col(Experiment.id), col(Experiment.replicated_from_id), up.c.step + 1)
        .join(up, col(Experiment.id) == up.c.replicated_from_id)
        .where(up.c.step < MAX_DEPTH)
    )
    origin = select(up.c.id).where(up.c.replicated_from_id.is_(None)).scalar_subquery()
    down = (
        select(col(Experiment.id), literal(0, Integer).label("depth"))
        .where(col(Experiment.id) == origin)
        .cte("lineage_down", recursive=True)
    )
    down = down.union_all(
        select(col(Experiment.id), down.c.depth + 1)
        .join(down, col(Experiment.replicated_from_id) == down.c.id)
        .where(down.c.depth < MAX_DEPTH)
    )
    return (
        select(
            Experiment,
            col(Organisation.name).label("organisation_name"),
            down.c.depth,
        )
        .join(down, col(Experiment.id) == down.c.id)
        .join(Organisation, col(Organisation.id) == Experiment.organisation_id)
        .order_by(down.c.depth, col(Experiment.id))
    )


def lineage(*, session: Session, actor: User, experiment_id: int) -> Node:
    """The tree of the experiment's origin, as the actor may see it (NotFound if not visible).

    Experiments the actor may not see keep their place (their visible replicas hang from
    them) but show nothing: no id, title, state, outcome, organisation or territory.
    """
    current = get_experiment(session=session, actor=actor, experiment_id=experiment_id)
    nodes: dict[int, Node] = {}
    root: Node | None = None
    rows: list[tuple[Experiment, str, int]] = [
        (row[0], row[1], row[2]) for row in session.execute(_tree_query(pk(current))).all()
    ]
    for experiment, organisation_name, depth in rows:
        visible = can_view(actor, experiment)
        node = Node(id=experiment.id if visible else None, depth=depth, redacted=not visible)
        if visible:
            node.title = experiment.title
            node.state = experiment.state
            node.outcome = OUTCOMES.get(experiment.state)
            node.organisation = organisation_name
            node.territory = experiment.territory
            node.visibility = experiment.visibility
            node.current = experiment.id == current.id
        nodes[pk(experiment)] = node
        parent = nodes.get(experiment.replicated_from_id or 0)
        if parent is not None:
            parent.children.append(node)
        elif root is None:
            root = node
    assert root is not None  # the current experiment is always in its own tree
    return root


def replica_ids(session: Session, experiment_id: int) -> list[int]:
    """Every replica below the experiment (replicas of replicas too), by one recursive CTE."""
    down = (
        select(col(Experiment.id), literal(0, Integer).label("depth"))
        .where(col(Experiment.replicated_from_id) == experiment_id)
        .cte("replicas", recursive=True)
    )
    down = down.union_all(
        select(col(Experiment.id), down.c.depth + 1)
        .join(down, col(Experiment.replicated_from_id) == down.c.id)
        .where(down.c.depth < MAX_DEPTH)
    )
    return list(session.execute(select(down.c.id)).scalars().all())


def replica_lessons(*, session: Session, actor: User, experiment_id: int) -> list[Lesson]:
    """Lessons of the experiment's replicas the actor may read: they flow back to the origin."""
    experiment = get_experiment(session=session, actor=actor, experiment_id=experiment_id)
    below = replica_ids(session, pk(experiment))
    if not below:
        return []
    return list(
        session.execute(
            select(Lesson)
            .where(col(Lesson.experiment_id).in_(below), lesson_visible(actor))
            .order_by(col(Lesson.created_at).desc(), col(Lesson.id).desc())
        )
        .scalars()
        .all()
    )
