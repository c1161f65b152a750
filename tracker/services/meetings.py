"""Gate meetings: a chair batches open gates of the board; minutes read the gates' decisions.

Who may do what: the chairs of the board schedule, reschedule and cancel; the board's members
and the teams of the experiments on the agenda see the meeting; another organisation gets
NotFound. Nothing is deleted: a cancelled meeting keeps its row and its agenda.
"""

from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from tracker.models import (
    Board,
    Experiment,
    Gate,
    Meeting,
    MeetingCreate,
    MeetingItem,
    MeetingReschedule,
    User,
)
from tracker.models.base import pk
from tracker.notifications import meetings as notify_meetings
from tracker.services import boards as board_service
from tracker.services import gates_access as access
from tracker.services.errors import Conflict, Forbidden, Invalid, NotFound
from tracker.services.meetings_agenda import AgendaItem, agenda, calendar_file, experiments_of
from tracker.services.permissions import is_board_member, is_team
from workflows.definition import N_

__all__ = [
    "AgendaItem",
    "agenda",
    "calendar_file",
    "cancel",
    "for_board",
    "for_gate",
    "get",
    "is_chair_of",
    "open_gates",
    "reschedule",
    "schedule",
]

NOT_FOUND = N_("Meeting not found.")
CHAIRS_ONLY = N_("Only a chair of the board can do this.")
NOT_SCHEDULED = N_("This meeting is cancelled: it cannot change any more.")
CHANGED = N_("This meeting was changed by someone else meanwhile; reload it and try again.")


def _validated(model: Any, data: dict[str, Any]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise Invalid.from_validation(error) from None


def _require_chair(session: Session, actor: User, board: Board) -> None:
    if not is_board_member(session, actor, board.id, chair=True):
        raise Forbidden(CHAIRS_ONLY)


def _may_view(session: Session, actor: User, meeting: Meeting) -> bool:
    if is_board_member(session, actor, meeting.board_id):
        return True
    return any(is_team(session, actor, e) for e in experiments_of(session, meeting))


def _load(session: Session, actor: User, meeting_id: int) -> tuple[Meeting, Board]:
    """The meeting and its board, if the board is the actor's organisation's (else NotFound)."""
    meeting = session.get(Meeting, meeting_id)
    board = session.get(Board, meeting.board_id) if meeting is not None else None
    if meeting is None or board is None or board.organisation_id != actor.organisation_id:
        raise NotFound(NOT_FOUND)
    return meeting, board


def get(*, session: Session, actor: User, meeting_id: int) -> Meeting:
    """A meeting the actor may see: board members and the agenda's teams (others 403)."""
    meeting, _board = _load(session, actor, meeting_id)
    if not _may_view(session, actor, meeting):
        raise Forbidden(N_("Only the board and the teams on the agenda see this meeting."))
    return meeting


def is_chair_of(*, session: Session, actor: User, meeting: Meeting) -> bool:
    """Whether the actor chairs the meeting's board (and so may change it)."""
    return is_board_member(session, actor, meeting.board_id, chair=True)


def for_board(*, session: Session, actor: User, board_id: int) -> list[Meeting]:
    """The board's meetings the actor may see, soonest first."""
    board = board_service.get(session=session, actor=actor, board_id=board_id)
    rows = session.exec(
        select(Meeting)
        .where(Meeting.board_id == board.id)
        .order_by(col(Meeting.starts_at), col(Meeting.id))
    ).all()
    return [row for row in rows if _may_view(session, actor, row)]


def for_gate(*, session: Session, actor: User, gate_id: int) -> list[Meeting]:
    """The meetings whose agenda lists this gate, soonest first."""
    gate, _experiment = access.load(session, actor, gate_id)
    rows = session.exec(
        select(Meeting)
        .join(MeetingItem, col(MeetingItem.meeting_id) == Meeting.id)
        .where(MeetingItem.gate_id == gate.id)
        .order_by(col(Meeting.starts_at), col(Meeting.id))
    ).all()
    return [row for row in rows if _may_view(session, actor, row)]


def open_gates(*, session: Session, actor: User, board_id: int) -> list[tuple[Gate, Experiment]]:
    """The board's open gates a chair may put on an agenda, by review date."""
    board = board_service.get(session=session, actor=actor, board_id=board_id)
    _require_chair(session, actor, board)
    rows = session.exec(
        select(Gate, Experiment)
        .join(Experiment, col(Experiment.id) == Gate.experiment_id)
        .where(Gate.board_id == board.id, Gate.status == "open")
        .order_by(col(Gate.review_date), col(Gate.id))
    ).all()
    return [(gate, experiment) for gate, experiment in rows]


def _record_all(
    session: Session,
    meeting: Meeting,
    actor: User,
    trigger: str,
    now: datetime,
    reason: str = "",
) -> None:
    """One event on the timeline of each experiment on the agenda."""
    data = {
        "meeting_id": meeting.id,
        "starts_at": meeting.starts_at.isoformat(),
        "place": meeting.place,
        "sequence": meeting.sequence,
    }
    for experiment in experiments_of(session, meeting):
        access.record(session, experiment, actor, trigger, data, now, reason=reason)


def _announce(session: Session, meeting: Meeting, board: Board, now: datetime) -> None:
    """Email the participants the meeting and its .ics, in this same transaction."""
    items = [(item.gate, item.experiment) for item in agenda(session=session, meeting=meeting)]
    notify_meetings.meeting_scheduled(
        session=session, meeting=meeting, board=board, agenda=items, now=now
    )


def schedule(
    *, session: Session, actor: User, board_id: int, data: dict[str, Any], now: datetime
) -> Meeting:
    """A chair schedules a meeting whose agenda is open gates of the board, in the order given."""
    board = board_service.get(session=session, actor=actor, board_id=board_id)
    _require_chair(session, actor, board)
    fields: MeetingCreate = _validated(MeetingCreate, data)
    gates = {
        gate.id: gate
        for gate in session.exec(select(Gate).where(col(Gate.id).in_(fields.gate_ids))).all()
    }
    refused = [
        str(gate_id)
        for gate_id in fields.gate_ids
        if gate_id not in gates
        or gates[gate_id].board_id != board.id
        or gates[gate_id].status != "open"
    ]
    if refused:
        raise Invalid(
            errors={"gate_ids": [N_("Not an open gate of this board: ") + ", ".join(refused)]}
        )
    if fields.starts_at < now:
        raise Invalid(errors={"starts_at": [N_("The meeting cannot start in the past.")]})
    meeting = Meeting(
        board_id=pk(board),
        starts_at=fields.starts_at,
        duration_minutes=fields.duration_minutes,
        place=fields.place,
        created_by=pk(actor),
        created_at=now,
        updated_at=now,
    )
    session.add(meeting)
    session.flush()
    for position, gate_id in enumerate(fields.gate_ids, start=1):
        session.add(MeetingItem(meeting_id=pk(meeting), gate_id=gate_id, position=position))
    session.flush()
    _record_all(session, meeting, actor, "meeting_scheduled", now)
    _announce(session, meeting, board, now)
    session.commit()
    return meeting


def _write(session: Session, meeting: Meeting, values: dict[str, Any]) -> None:
    """UPDATE ... WHERE sequence = :seen AND status = 'scheduled'; zero rows is a conflict."""
    result = session.execute(
        update(Meeting)
        .where(
            col(Meeting.id) == meeting.id,
            col(Meeting.sequence) == meeting.sequence,
            col(Meeting.status) == "scheduled",
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise Conflict(CHANGED)
    for key, value in values.items():
        set_committed_value(meeting, key, value)


def _require_scheduled(meeting: Meeting) -> None:
    if meeting.status != "scheduled":
        raise Conflict(NOT_SCHEDULED)


def reschedule(
    *, session: Session, actor: User, meeting_id: int, data: dict[str, Any], now: datetime
) -> Meeting:
    """A chair moves the meeting (date and/or place); SEQUENCE + 1 so calendars update."""
    meeting, board = _load(session, actor, meeting_id)
    _require_chair(session, actor, board)
    fields: MeetingReschedule = _validated(MeetingReschedule, data)
    _require_scheduled(meeting)
    values: dict[str, Any] = {}
    if fields.starts_at is not None and fields.starts_at != meeting.starts_at:
        if fields.starts_at < now:
            raise Invalid(errors={"starts_at": [N_("The meeting cannot start in the past.")]})
        values["starts_at"] = fields.starts_at
    if fields.place is not None and fields.place.strip() != meeting.place:
        if not fields.place.strip():
            raise Invalid(errors={"place": [N_("The place must not be blank.")]})
        values["place"] = fields.place.strip()
    if not values:
        return meeting
    _write(session, meeting, {**values, "sequence": meeting.sequence + 1, "updated_at": now})
    _record_all(session, meeting, actor, "meeting_rescheduled", now, reason=fields.reason.strip())
    _announce(session, meeting, board, now)
    session.commit()
    return meeting


def cancel(
    *, session: Session, actor: User, meeting_id: int, reason: str, now: datetime
) -> Meeting:
    """A chair cancels the meeting; the row and its agenda stay (nothing is deleted)."""
    meeting, board = _load(session, actor, meeting_id)
    _require_chair(session, actor, board)
    _require_scheduled(meeting)
    values = {
        "status": "cancelled",
        "sequence": meeting.sequence + 1,
        "updated_at": now,
        "cancelled_reason": reason.strip()[:2_000],
    }
    _write(session, meeting, values)
    _record_all(session, meeting, actor, "meeting_cancelled", now, reason=reason.strip())
    session.commit()
    return meeting
