"""Gate meetings for the tests: org A's board (reviewer_a chairs, admin_a sits) and open gates."""

from datetime import timedelta
from typing import Any

from sqlmodel import Session

from tests import gate_steps
from tests.conftest import NOW
from tests.factories import World, make_experiment
from tracker.models import Board, Gate, Meeting
from tracker.services import boards as board_service
from tracker.services import meetings as meeting_service

WHEN = NOW + timedelta(days=7)


def board(session: Session, world: World) -> Board:
    """Org A's board: reviewer_a chairs, admin_a is a member, quorum 1; the team is not on it."""
    return board_service.create_board(
        session=session,
        actor=world.admin_a,
        data={
            "name": "Comité des essais",
            "chairs": [world.reviewer_a.email],
            "members": [world.admin_a.email],
            "quorum": 1,
        },
        now=NOW,
    )


def open_gate(
    session: Session, world: World, title: str = "Guichet unique", board: Board | None = None
) -> Gate:
    """A pilot gate opened by agent_a on a new experiment (colleague_a on the team), reviewed
    by the default board unless another is given."""
    experiment = make_experiment(
        session, world.agent_a, NOW, title=title, team=[world.colleague_a.email]
    )
    if board is not None:
        experiment = board_service.assign_experiment(
            session=session, actor=world.agent_a, experiment_id=experiment.id,
            board_id=board.id, version=experiment.version, now=NOW,
        )  # fmt: skip
    gate_steps.start_prototype(session, world.agent_a, experiment)
    return gate_steps.request(session, world.agent_a, experiment, "pilot", gate_steps.PILOT_REQUEST)


def schedule(
    session: Session, world: World, board_id: int, gates: list[Gate], **data: Any
) -> Meeting:
    """reviewer_a schedules a meeting with these gates on the agenda, in this order."""
    payload = {"starts_at": WHEN, "place": "Salle 101", "gate_ids": [g.id for g in gates]}
    payload.update(data)
    return meeting_service.schedule(
        session=session, actor=world.reviewer_a, board_id=board_id, data=payload, now=NOW
    )
