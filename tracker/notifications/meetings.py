"""The "meeting scheduled" email: to the board and the agenda's teams, with the .ics attached.

Enqueued in the scheduling (or rescheduling) transaction; the dedup key names the calendar
SEQUENCE, so a moved meeting is announced again and calendars update the same event.
"""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context
from sqlmodel import Session

from tracker.models import Board, Experiment, Gate, Meeting
from tracker.notifications import outbox
from tracker.notifications.notify import board_members, team

DEFAULT_TIMEZONE = "Europe/Paris"


def _local(moment: datetime) -> datetime:
    name = DEFAULT_TIMEZONE
    if has_app_context():
        name = current_app.config["TRACKER"].get("TIMEZONE", DEFAULT_TIMEZONE)
    return moment.astimezone(ZoneInfo(name))


def meeting_context(
    meeting: Meeting, board: Board, agenda: list[tuple[Gate, Experiment]]
) -> dict[str, Any]:
    """What the email and its calendar event show (kinds are translated when rendered)."""
    local = _local(meeting.starts_at)
    return {
        "title": board.name,
        "path": f"/meetings/{meeting.id}",
        "meeting": {
            "id": meeting.id,
            "starts_at": meeting.starts_at.isoformat(),
            "duration_minutes": meeting.duration_minutes,
            "place": meeting.place,
            "sequence": meeting.sequence,
            "day": local.date().isoformat(),
            "time": local.strftime("%H:%M"),
            "titles": [experiment.title for _gate, experiment in agenda],
            "agenda": [{"title": e.title, "kind": g.kind} for g, e in agenda],
        },
    }


def meeting_scheduled(
    *,
    session: Session,
    meeting: Meeting,
    board: Board,
    agenda: list[tuple[Gate, Experiment]],
    now: datetime,
) -> int:
    """Tell the board members and the agenda's teams when and where the board meets."""
    recipients = {user.id: user for user in board_members(session, board.id)}
    for _gate, experiment in agenda:
        recipients.update({user.id: user for user in team(session, experiment)})
    context = meeting_context(meeting, board, agenda)
    key = f"meeting:{meeting.id}:scheduled:seq:{meeting.sequence}"
    items = [
        outbox.item_for(user, "meeting_scheduled", f"{key}:user:{user_id}", context)
        for user_id, user in sorted(recipients.items(), key=lambda pair: pair[0] or 0)
    ]
    return outbox.enqueue(session=session, items=items, now=now)
