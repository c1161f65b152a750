"""A hand-built portfolio: rows written directly, with dates chosen so every figure is known.

The figures are SQL aggregates over the tables, so the dataset sets the tables as they would
be after months of use (the workflow itself is tested elsewhere). Expected values below.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlmodel import Session

from tests.factories import World
from tracker.models import (
    Board,
    Event,
    Experiment,
    Gate,
    GateDecision,
    Lesson,
    Training,
    User,
)
from tracker.models.commons import CommonsContribution
from tracker.models.territory import ExperimentTerritory, Territory


def at(month: int, day: int, year: int = 2026) -> datetime:
    """9:00 UTC on that day."""
    return datetime(year, month, day, 9, 0, tzinfo=UTC)


@dataclass
class Portfolio:
    board: Board  # organisation A's default board
    other_board: Board  # a second board of A, reviewing E5 only
    mende: Territory
    florac: Territory
    experiments: dict[str, Experiment]


def _experiment(
    session: Session, owner: User, name: str, state: str, steps: list[tuple[str, str, datetime]]
) -> Experiment:
    """An experiment created at the first step, then moved by each (trigger, to_state, at)."""
    created = steps[0][2]
    experiment = Experiment(
        organisation_id=owner.organisation_id,
        owner_id=owner.id,
        title=name,
        state=state,
        created_at=created,
        updated_at=created,
        last_activity_at=steps[-1][2],
    )
    session.add(experiment)
    session.flush()
    previous = None
    for trigger, to_state, when in steps:
        session.add(
            Event(
                experiment_id=experiment.id,
                trigger=trigger,
                from_state=previous,
                to_state=to_state,
                actor_id=owner.id,
                at=when,
            )
        )
        previous = to_state
    # A field edit (from = to) is no stay of its own.
    session.add(
        Event(
            experiment_id=experiment.id,
            trigger="update",
            from_state=state,
            to_state=state,
            actor_id=owner.id,
            at=steps[-1][2],
        )
    )
    return experiment


def _gate(
    session: Session,
    experiment: Experiment,
    board: Board,
    *,
    kind: str,
    review: date,
    verdict: str | None = None,
    decision: str | None = None,
) -> Gate:
    gate = Gate(
        experiment_id=experiment.id,
        board_id=board.id,
        kind=kind,
        status="decided" if decision else "open",
        requested_by=experiment.owner_id,
        requested_at=at(1, 1),
        review_date=review,
        verdict=verdict,
    )
    session.add(gate)
    session.flush()
    if decision:
        session.add(
            GateDecision(
                gate_id=gate.id, decision=decision, rationale="Vu", decided_by=board.created_by
            )
        )
    return gate


def build(session: Session, world: World) -> Portfolio:
    """Five experiments in organisation A, one in B (see the expected figures in the tests)."""
    board = Board(organisation_id=world.org_a.id, name="Comité", is_default=True)
    board.created_by = world.reviewer_a.id
    other = Board(organisation_id=world.org_a.id, name="Comité numérique")
    other.created_by = world.reviewer_a.id
    board_b = Board(organisation_id=world.org_b.id, name="Comité B", is_default=True)
    board_b.created_by = world.reviewer_b.id
    session.add_all([board, other, board_b])
    session.flush()
    a, colleague, admin = world.agent_a, world.colleague_a, world.admin_a
    e = {
        # draft 10 days, prototype 20, pilot 60, evaluation 60, then scaling (Q3 2026).
        "E1": _experiment(session, a, "E1", "scaling", [
            ("create", "draft", at(2, 1)), ("start_prototype", "prototype", at(2, 11)),
            ("go_pilot", "pilot", at(3, 3)), ("begin_evaluation", "evaluation", at(5, 2)),
            ("scale", "scaling", at(7, 1)),
        ]),
        # draft 4 days, prototype 30, stopped (Q2 2026).
        "E2": _experiment(session, colleague, "E2", "stopped", [
            ("create", "draft", at(3, 1)), ("start_prototype", "prototype", at(3, 5)),
            ("stop", "stopped", at(4, 4)),
        ]),
        # draft 2 days, prototype 30 across an adapt (Q2 2026) that stays in prototype.
        "E3": _experiment(session, a, "E3", "pilot", [
            ("create", "draft", at(4, 1)), ("start_prototype", "prototype", at(4, 3)),
            ("adapt", "prototype", at(5, 1)), ("go_pilot", "pilot", at(5, 3)),
        ]),
        # Created before its owner's training: an untrained owner's draft.
        "E4": _experiment(session, a, "E4", "draft", [("create", "draft", at(12, 1, 2025))]),
        # draft 20 days, reviewed by the other board.
        "E5": _experiment(session, admin, "E5", "prototype", [
            ("create", "draft", at(2, 1)), ("start_prototype", "prototype", at(2, 21)),
        ]),
        # Organisation B: draft 5 days.
        "E6": _experiment(session, world.agent_b, "E6", "prototype", [
            ("create", "draft", at(2, 1)), ("start_prototype", "prototype", at(2, 6)),
        ]),
    }  # fmt: skip
    e["E5"].board_id = other.id
    session.add(e["E5"])
    # Themes: E1 health (no lesson), E2 and E6 mobility (E6 in organisation B), others none.
    for name, theme in (("E1", "health"), ("E2", "mobility"), ("E6", "mobility")):
        e[name].theme = theme
        session.add(e[name])
    _gate(session, e["E3"], board, kind="decision", review=date(2026, 11, 20))  # overdue
    _gate(session, e["E5"], other, kind="pilot", review=date(2026, 12, 10))
    _gate(session, e["E6"], board_b, kind="pilot", review=date(2026, 11, 1))
    _gate(session, e["E1"], board, kind="pilot", review=date(2026, 3, 1), decision="go")
    _gate(session, e["E1"], board, kind="decision", review=date(2026, 6, 30),
          verdict="conclusive_negative", decision="scale")  # fmt: skip
    _gate(session, e["E2"], board, kind="decision", review=date(2026, 4, 1),
          verdict="conclusive_positive", decision="stop")  # fmt: skip
    mende = Territory(name="Mende", level="commune", code="48095")
    florac = Territory(name="Florac", level="commune")
    session.add_all([mende, florac])
    session.flush()
    for name, territory in (("E1", mende), ("E2", mende), ("E3", florac), ("E6", mende)):
        session.add(ExperimentTerritory(experiment_id=e[name].id, territory_id=territory.id))
    for name, kind, quantity, unit, value, withdrawn in (
        ("E1", "premises", 100.0, "m2", 5000.0, None),
        ("E2", "premises", 50.0, "m2", None, None),
        ("E3", "funding", None, "", 20000.0, None),
        ("E1", "data", None, "", 999.0, at(6, 1)),  # withdrawn: out of the totals
        ("E6", "funding", None, "", 7.0, None),
    ):
        session.add(
            CommonsContribution(
                experiment_id=e[name].id, kind=kind, description="Apport", quantity=quantity,
                unit=unit, value_eur=value, withdrawn_at=withdrawn,
            )
        )  # fmt: skip
    session.add(
        Lesson(
            experiment_id=e["E2"].id, organisation_id=world.org_a.id, kind="retrospective",
            title="Leçon", outcome="stop", theme="mobility",
        )
    )  # fmt: skip
    session.add(
        Training(
            user_id=a.id, kind="prototyping", followed_on=date(2026, 1, 10),
            recorded_by=admin.id, recorded_at=at(1, 10),
        )
    )  # fmt: skip
    session.commit()
    return Portfolio(board=board, other_board=other, mende=mende, florac=florac, experiments=e)
