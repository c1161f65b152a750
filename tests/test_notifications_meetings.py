"""A scheduled (or moved) gate meeting is emailed to the board and the agenda's teams, with
its calendar event attached."""

from datetime import timedelta

from sqlmodel import Session, col, select

from tests import meeting_steps
from tests.conftest import NOW
from tests.factories import World
from tests.smtp import smtp_sink, use_smtp
from tracker.jobs import dispatcher
from tracker.models import OutboxMessage
from tracker.services import meetings as meeting_service


def _rows(session: Session) -> list[OutboxMessage]:
    return list(
        session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.kind == "meeting_scheduled")
            .order_by(col(OutboxMessage.id))
        ).all()
    )


def test_the_board_and_the_teams_are_told_once_per_sequence(session: Session, world: World):
    board = meeting_steps.board(session, world)
    gate = meeting_steps.open_gate(session, world)
    meeting = meeting_steps.schedule(session, world, board.id, [gate])
    first = {row.email for row in _rows(session)}
    assert first == {
        world.reviewer_a.email, world.admin_a.email, world.agent_a.email, world.colleague_a.email
    }  # fmt: skip
    meeting_service.reschedule(
        session=session, actor=world.reviewer_a, meeting_id=meeting.id,
        data={"place": "Visio"}, now=NOW,
    )  # fmt: skip
    keys = [row.dedup_key for row in _rows(session)]
    assert len(keys) == 8 and len(set(keys)) == 8
    assert all(f"meeting:{meeting.id}:scheduled:seq:1:" in key for key in keys[4:])


def test_the_email_carries_the_meeting_calendar_event(app, session: Session, world: World):
    board = meeting_steps.board(session, world)
    gate = meeting_steps.open_gate(session, world, "Guichet unique")
    meeting = meeting_steps.schedule(session, world, board.id, [gate])
    with smtp_sink() as sink, app.app_context():
        use_smtp(app, sink.port)
        dispatcher.dispatch(app, now=NOW + timedelta(minutes=1))
    [message] = sink.to(world.colleague_a.email)
    text = message.get_body(("plain",)).get_content()
    assert "Guichet unique" in text and "Salle 101" in text
    [calendar] = list(message.iter_attachments())
    assert calendar.get_content_type() == "text/calendar"
    ics = calendar.get_payload(decode=True).decode("utf-8")
    lines = ics.split("\r\n")
    assert f"UID:meeting-{meeting.id}@droit-a-l-essai" in lines
    assert "SEQUENCE:0" in lines and "DTSTART:20261204T090000Z" in lines
