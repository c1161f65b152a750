"""Review boards: created by an organisation's admins, members and chairs by email."""

from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from tracker.models import UPDATED, Board, BoardCreate, BoardMember, Event, Experiment, Gate, User
from tracker.models.base import pk
from tracker.services import users as user_service
from tracker.services import versioning
from tracker.services.errors import Conflict, Invalid, NotFound
from tracker.services.permissions import require_admin, require_team, require_view
from workflows.definition import N_


def _colleagues(session: Session, actor: User, emails: list[str], field: str) -> list[User]:
    return user_service.colleagues(
        session=session, organisation_id=actor.organisation_id, emails=emails, field=field
    )


def _has_board(session: Session, organisation_id: int) -> bool:
    return (
        session.exec(select(Board.id).where(Board.organisation_id == organisation_id)).first()
        is not None
    )


def create_board(*, session: Session, actor: User, data: dict[str, Any], now: datetime) -> Board:
    """A new board of the admin's organisation; the first one becomes the default."""
    require_admin(actor)
    try:
        fields = BoardCreate.model_validate(data)
    except ValidationError as error:
        raise Invalid.from_validation(error) from None
    chairs = _colleagues(session, actor, fields.chairs, "chairs")
    chair_ids = {user.id for user in chairs}
    # Chairs are members who also decide: naming them once is enough.
    others = [
        user
        for user in _colleagues(session, actor, fields.members, "members")
        if user.id not in chair_ids
    ]
    if fields.quorum > len(chairs) + len(others):
        raise Invalid(
            errors={"quorum": [N_("The quorum cannot exceed the number of board members.")]}
        )
    taken = session.exec(
        select(Board.id).where(
            Board.organisation_id == actor.organisation_id, Board.name == fields.name
        )
    ).first()
    if taken is not None:
        raise Invalid(errors={"name": [N_("A board of this name already exists.")]})
    is_default = fields.is_default or not _has_board(session, actor.organisation_id)
    if is_default:
        session.execute(
            update(Board)
            .where(col(Board.organisation_id) == actor.organisation_id, col(Board.is_default))
            .values(is_default=False)
        )
    board = Board(
        organisation_id=actor.organisation_id,
        name=fields.name,
        quorum=fields.quorum,
        is_default=is_default,
        scorecard=[item.model_dump() for item in fields.scorecard],
        evidence_levels={str(k): v for k, v in fields.evidence_levels.items()},
        meeting_cadence=fields.meeting_cadence.strip(),
        created_by=actor.id,
        created_at=now,
    )
    session.add(board)
    try:
        session.flush()
        for user in chairs + others:
            session.add(
                BoardMember(
                    board_id=pk(board),
                    user_id=pk(user),
                    is_chair=user.id in chair_ids,
                    added_at=now,
                )
            )
        session.commit()
    except IntegrityError:
        # Another admin created a board of this name, or the first default, meanwhile.
        session.rollback()
        raise Conflict() from None
    return board


def get(*, session: Session, actor: User, board_id: int) -> Board:
    """A board of the actor's organisation (NotFound otherwise)."""
    board = session.get(Board, board_id)
    if board is None or board.organisation_id != actor.organisation_id:
        raise NotFound(N_("Board not found."))
    return board


def list_(*, session: Session, actor: User) -> list[Board]:
    """The boards of the actor's organisation, the default first."""
    return list(
        session.exec(
            select(Board)
            .where(Board.organisation_id == actor.organisation_id)
            .order_by(Board.is_default.desc(), Board.name)  # type: ignore[attr-defined]
        ).all()
    )


def members(*, session: Session, board: Board) -> list[tuple[User, bool]]:
    """The members of a board with whether each chairs it, chairs first."""
    rows = session.exec(
        select(User, BoardMember.is_chair)
        .join(BoardMember, col(BoardMember.user_id) == User.id)
        .where(BoardMember.board_id == board.id)
        .order_by(BoardMember.is_chair.desc(), User.name)  # type: ignore[attr-defined]
    ).all()
    return [(user, bool(is_chair)) for user, is_chair in rows]


def add_member(
    *, session: Session, actor: User, board_id: int, email: str, chair: bool, now: datetime
) -> BoardMember:
    """Add a colleague to a board, or make a member a chair (an admin action)."""
    require_admin(actor)
    board = get(session=session, actor=actor, board_id=board_id)
    users = _colleagues(session, actor, [email], "email")
    if not users:
        raise Invalid(errors={"email": [N_("The email is required.")]})
    user = users[0]
    link = session.get(BoardMember, (board.id, user.id))
    if link is None:
        link = BoardMember(board_id=pk(board), user_id=pk(user), is_chair=chair, added_at=now)
        session.add(link)
    elif chair and not link.is_chair:
        link.is_chair = True
    session.commit()
    return link


def assign_experiment(
    *,
    session: Session,
    actor: User,
    experiment_id: int,
    board_id: int | None,
    version: int | None,
    now: datetime,
) -> Experiment:
    """Choose the board reviewing an experiment (None: the default); team or admin, no open gate."""
    experiment = require_view(actor, session.get(Experiment, experiment_id))
    if not (actor.role == "admin" and actor.organisation_id == experiment.organisation_id):
        require_team(session, actor, experiment)
    if board_id is not None:
        board = session.get(Board, board_id)
        if board is None or board.organisation_id != experiment.organisation_id:
            raise Invalid(errors={"board_id": [N_("No such board in this organisation.")]})
    open_gate = session.exec(
        select(Gate.id).where(Gate.experiment_id == experiment.id, Gate.status == "open")
    ).first()
    if open_gate is not None:
        raise Conflict(N_("The board cannot change while a gate review is open."))
    versioning.check_version(experiment, version)
    if experiment.board_id == board_id:
        return experiment
    before = experiment.board_id
    versioning.write(session, experiment, experiment.version, {"board_id": board_id}, now)
    session.add(
        Event(
            experiment_id=pk(experiment),
            trigger=UPDATED,
            from_state=experiment.state,
            to_state=experiment.state,
            actor_id=actor.id,
            data={"fields": ["board_id"], "before": before, "after": board_id},
            at=now,
        )
    )
    session.commit()
    return experiment
