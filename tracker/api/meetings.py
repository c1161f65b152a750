"""Gate meetings: chairs schedule, reschedule and cancel; the board and the agenda's teams read.

403 for someone of the organisation who is not allowed (not a chair to change it, neither on
the board nor on an agenda team to read it), 404 for another organisation, 409 for a change
to a cancelled meeting, 422 for a gate that is not open on this board or a date in the past.
"""

from typing import Any

from flask import Response, url_for
from flask_babel import gettext as _
from sqlmodel import Session

from tracker import clock
from tracker.api.auth import current_user
from tracker.api.meeting_schemas import (
    AgendaItemOut,
    CancelBody,
    MeetingCreateBody,
    MeetingOut,
    MinuteOut,
    RescheduleBody,
)
from tracker.api.registry import Reply, operation
from tracker.db import get_session
from tracker.models import Board, Meeting
from tracker.models.base import pk
from tracker.services import meetings as meeting_service

TAG = "meetings"
ICS = "text/calendar"


def meeting_out(session: Session, meeting: Meeting) -> MeetingOut:
    """A meeting with its agenda and the decisions taken (the minutes)."""
    items = [
        AgendaItemOut(
            position=item.position,
            gate_id=pk(item.gate),
            kind=item.gate.kind,  # type: ignore[arg-type]
            gate_status=item.gate.status,  # type: ignore[arg-type]
            experiment_id=pk(item.experiment),
            experiment_title=item.experiment.title,
            decision=None
            if item.decision is None
            else MinuteOut(
                decision=item.decision.decision,
                rationale=item.decision.rationale,
                decided_at=item.decision.decided_at,
            ),
        )
        for item in meeting_service.agenda(session=session, meeting=meeting)
    ]
    return MeetingOut(
        **meeting.model_dump(exclude={"created_by"}),
        calendar_url=url_for("api.get_meeting_calendar", meeting_id=meeting.id),
        agenda=items,
    )


def calendar_response(session: Session, meeting: Meeting) -> Response:
    """The meeting's .ics as a download, summary and gate names in the reader's language."""
    board = session.get(Board, meeting.board_id)
    body = meeting_service.calendar_file(
        session=session,
        meeting=meeting,
        summary=_("Review board meeting: %(board)s", board=board.name if board else ""),
        url=url_for("meetings.detail", meeting_id=meeting.id, _external=True),
        now=clock.now(),
        kind_names={"pilot": _("pilot gate"), "decision": _("decision gate")},
    )
    return Response(
        body,
        mimetype=ICS,
        headers={"Content-Disposition": f'attachment; filename="meeting-{meeting.id}.ics"'},
    )


@operation(
    "GET",
    "/boards/{board_id}/meetings",
    summary="The meetings of a review board",
    tag=TAG,
    replies={200: Reply("The meetings you may see, soonest first.", list[MeetingOut])},
    problems=(404,),
)
def list_board_meetings(board_id: int) -> tuple[Any, int]:
    """Board members see every meeting; a team sees those with its experiment on the agenda."""
    session = get_session()
    rows = meeting_service.for_board(session=session, actor=current_user(), board_id=board_id)
    return [meeting_out(session, row) for row in rows], 200


@operation(
    "POST",
    "/boards/{board_id}/meetings",
    summary="Schedule a gate meeting (chairs)",
    tag=TAG,
    body=MeetingCreateBody,
    replies={
        201: Reply(
            "The scheduled meeting.", MeetingOut, headers={"Location": "The URL of the meeting."}
        )
    },
    problems=(403, 404),
    description=(
        "`starts_at` carries its offset (stored and written to the .ics in UTC); `gate_ids` "
        "are open gates of this board, in agenda order. 403 for anyone but a chair; 422 for a "
        "gate that is not open on this board or a date in the past."
    ),
)
def schedule_meeting(board_id: int, *, body: MeetingCreateBody) -> tuple[Any, int, dict[str, str]]:
    """Schedule a meeting that batches open gates of the board."""
    session = get_session()
    meeting = meeting_service.schedule(
        session=session,
        actor=current_user(),
        board_id=board_id,
        data=body.model_dump(),
        now=clock.now(),
    )
    location = url_for("api.get_meeting", meeting_id=meeting.id)
    return meeting_out(session, meeting), 201, {"Location": location}


@operation(
    "GET",
    "/meetings/{meeting_id}",
    summary="Read a gate meeting, its agenda and minutes",
    tag=TAG,
    replies={200: Reply("The meeting.", MeetingOut)},
    problems=(403, 404),
)
def get_meeting(meeting_id: int) -> tuple[Any, int]:
    """Each agenda gate carries the decision taken on it, if any: those are the minutes."""
    session = get_session()
    meeting = meeting_service.get(session=session, actor=current_user(), meeting_id=meeting_id)
    return meeting_out(session, meeting), 200


@operation(
    "GET",
    "/meetings/{meeting_id}.ics",
    summary="The meeting as a calendar file (RFC 5545)",
    tag=TAG,
    replies={200: Reply("An iCalendar file with one event.", media_type=ICS)},
    problems=(403, 404),
    description=(
        "The UID (`meeting-<id>@droit-a-l-essai`) never changes; SEQUENCE goes up when the "
        "date or the place changes or the meeting is cancelled, so calendars update the event."
    ),
)
def get_meeting_calendar(meeting_id: int) -> Response:
    """Download the meeting's .ics."""
    session = get_session()
    meeting = meeting_service.get(session=session, actor=current_user(), meeting_id=meeting_id)
    return calendar_response(session, meeting)


@operation(
    "POST",
    "/meetings/{meeting_id}/reschedule",
    summary="Move a gate meeting (chairs)",
    tag=TAG,
    body=RescheduleBody,
    replies={200: Reply("The meeting after the change.", MeetingOut)},
    problems=(403, 404, 409),
    description="409 when the meeting is cancelled or was changed meanwhile.",
)
def reschedule_meeting(meeting_id: int, *, body: RescheduleBody) -> tuple[Any, int]:
    """A new date and/or place; an event on the timeline of each agenda experiment."""
    session = get_session()
    meeting = meeting_service.reschedule(
        session=session,
        actor=current_user(),
        meeting_id=meeting_id,
        data=body.model_dump(exclude_unset=True),
        now=clock.now(),
    )
    return meeting_out(session, meeting), 200


@operation(
    "POST",
    "/meetings/{meeting_id}/cancel",
    summary="Cancel a gate meeting (chairs)",
    tag=TAG,
    body=CancelBody,
    replies={200: Reply("The cancelled meeting (it is never deleted).", MeetingOut)},
    problems=(403, 404, 409),
)
def cancel_meeting(meeting_id: int, *, body: CancelBody) -> tuple[Any, int]:
    """Cancel a scheduled meeting; 409 when it is already cancelled."""
    session = get_session()
    meeting = meeting_service.cancel(
        session=session,
        actor=current_user(),
        meeting_id=meeting_id,
        reason=body.reason,
        now=clock.now(),
    )
    return meeting_out(session, meeting), 200
