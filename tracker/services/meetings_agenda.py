"""A meeting's agenda and minutes, read from the gates and their decisions (nothing recomputed)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from tracker.models import Experiment, Gate, GateDecision, Meeting, MeetingItem
from tracker.models.base import pk
from tracker.services import calendar


@dataclass(frozen=True)
class AgendaItem:
    """One gate on the agenda, its experiment, and the decision taken on it if any."""

    position: int
    gate: Gate
    experiment: Experiment
    decision: GateDecision | None


def agenda(*, session: Session, meeting: Meeting) -> list[AgendaItem]:
    """The agenda in order; each item carries its gate's decision (the minutes when decided)."""
    rows = session.exec(
        select(MeetingItem, Gate, Experiment)
        .join(Gate, col(Gate.id) == MeetingItem.gate_id)
        .join(Experiment, col(Experiment.id) == Gate.experiment_id)
        .where(MeetingItem.meeting_id == meeting.id)
        .order_by(col(MeetingItem.position))
    ).all()
    gate_ids = [gate.id for _item, gate, _experiment in rows]
    decisions = {
        row.gate_id: row
        for row in session.exec(
            select(GateDecision).where(col(GateDecision.gate_id).in_(gate_ids))
        ).all()
    }
    return [
        AgendaItem(item.position, gate, experiment, decisions.get(item.gate_id))
        for item, gate, experiment in rows
    ]


def experiments_of(session: Session, meeting: Meeting) -> list[Experiment]:
    """The experiments on the meeting's agenda, in agenda order."""
    return list(
        session.exec(
            select(Experiment)
            .join(Gate, col(Gate.experiment_id) == Experiment.id)
            .join(MeetingItem, col(MeetingItem.gate_id) == Gate.id)
            .where(MeetingItem.meeting_id == meeting.id)
            .order_by(col(MeetingItem.position))
        ).all()
    )


KIND_NAMES = {"pilot": "pilot gate", "decision": "decision gate"}


def calendar_file(
    *,
    session: Session,
    meeting: Meeting,
    summary: str,
    url: str,
    now: datetime,
    kind_names: Mapping[str, str] = KIND_NAMES,
) -> bytes:
    """The meeting's .ics: the edge gives the summary and gate names in the reader's language."""
    items = agenda(session=session, meeting=meeting)
    lines = [
        f"{i.position}. {i.experiment.title} ({kind_names.get(i.gate.kind, i.gate.kind)})"
        for i in items
    ]
    return calendar.meeting_event(
        meeting_id=pk(meeting),
        sequence=meeting.sequence,
        starts_at=meeting.starts_at,
        duration_minutes=meeting.duration_minutes,
        summary=summary,
        location=meeting.place,
        agenda=lines,
        url=url,
        cancelled=meeting.status == "cancelled",
        stamp=now,
    )
