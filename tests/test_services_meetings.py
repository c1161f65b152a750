"""Gate meetings in the services: who schedules and sees them, the agenda, .ics and minutes."""

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from tests import gate_steps, meeting_steps
from tests.conftest import NOW
from tests.factories import World, make_user
from tracker.models import Event, Meeting
from tracker.services import boards as board_service
from tracker.services import meetings as meeting_service
from tracker.services.errors import Conflict, Forbidden, Invalid, NotFound

URL = "http://localhost/meetings/1"


@pytest.fixture
def setup(session: Session, world: World):
    board = meeting_steps.board(session, world)
    gates = [meeting_steps.open_gate(session, world, f"Essai {n}") for n in (1, 2)]
    return board, gates


@pytest.mark.parametrize(
    ("who", "outcome"),
    [("reviewer_a", None), ("admin_a", Forbidden), ("agent_a", Forbidden), ("agent_b", NotFound)],
)
def test_only_chairs_schedule(session: Session, world: World, setup, who, outcome) -> None:
    board, gates = setup
    data = {"starts_at": meeting_steps.WHEN, "place": "Salle 101", "gate_ids": [gates[0].id]}
    call = lambda: meeting_service.schedule(  # noqa: E731
        session=session, actor=getattr(world, who), board_id=board.id, data=data, now=NOW
    )
    if outcome is None:
        assert call().status == "scheduled"
    else:
        with pytest.raises(outcome):
            call()


@pytest.mark.parametrize(
    ("who", "outcome"),
    [
        ("reviewer_a", None),  # chair
        ("admin_a", None),  # board member
        ("agent_a", None),  # owner of an agenda experiment
        ("colleague_a", None),  # team member of an agenda experiment
        ("outsider", Forbidden),  # same organisation, neither board nor team
        ("agent_b", NotFound),  # another organisation
    ],
)
def test_who_sees_a_meeting(session: Session, world: World, setup, who, outcome) -> None:
    board, gates = setup
    meeting = meeting_steps.schedule(session, world, board.id, gates)
    actor = (
        make_user(session, world.org_a, "outsider@a.example", "agent", NOW)
        if who == "outsider"
        else getattr(world, who)
    )
    call = lambda: meeting_service.get(session=session, actor=actor, meeting_id=meeting.id)  # noqa: E731
    if outcome is None:
        assert call().id == meeting.id
    else:
        with pytest.raises(outcome):
            call()


def test_agenda_keeps_the_order_given(session: Session, world: World, setup) -> None:
    board, gates = setup
    meeting = meeting_steps.schedule(session, world, board.id, [gates[1], gates[0]])
    items = meeting_service.agenda(session=session, meeting=meeting)
    assert [(i.position, i.gate.id) for i in items] == [(1, gates[1].id), (2, gates[0].id)]


def test_only_open_gates_of_the_board_go_on_an_agenda(
    session: Session, world: World, setup
) -> None:
    board, gates = setup
    gate_steps.vote(session, world.admin_a, gates[0], "hold")
    gate_steps.decide(session, world.reviewer_a, gates[0], "hold")  # closed now
    elsewhere = board_service.create_board(
        session=session, actor=world.admin_a, now=NOW,
        data={"name": "Autre comité", "chairs": [world.reviewer_a.email], "quorum": 1},
    )  # fmt: skip
    other_board_gate = meeting_steps.open_gate(session, world, "Essai 4", board=elsewhere)
    with pytest.raises(Invalid) as refused:
        meeting_steps.schedule(session, world, board.id, [gates[0], gates[1], other_board_gate])
    assert list(refused.value.errors) == ["gate_ids"]
    message = refused.value.errors["gate_ids"][0]
    assert message.endswith(f"{gates[0].id}, {other_board_gate.id}")


def test_a_meeting_needs_a_timezone_and_a_future_date(
    session: Session, world: World, setup
) -> None:
    board, gates = setup
    with pytest.raises(Invalid) as naive:
        meeting_steps.schedule(session, world, board.id, gates, starts_at="2026-12-04T09:30:00")
    assert "starts_at" in naive.value.errors
    with pytest.raises(Invalid) as past:
        meeting_steps.schedule(session, world, board.id, gates, starts_at=NOW - timedelta(days=1))
    assert "starts_at" in past.value.errors


def test_ics_has_a_stable_uid_and_utc_start(session: Session, world: World, setup) -> None:
    board, gates = setup
    meeting = meeting_steps.schedule(session, world, board.id, gates)
    body = meeting_service.calendar_file(
        session=session, meeting=meeting, summary="Comité", url=URL, now=NOW
    ).decode()
    lines = body.split("\r\n")
    assert body.endswith("\r\n") and "\n" not in body.replace("\r\n", "")
    assert f"UID:meeting-{meeting.id}@droit-a-l-essai" in lines
    assert "SEQUENCE:0" in lines
    assert "DTSTART:20261204T090000Z" in lines
    assert "LOCATION:Salle 101" in lines
    unfolded = body.replace("\r\n ", "")
    assert "1. Essai 1 (pilot gate)\\n2. Essai 2 (pilot gate)" in unfolded
    assert all(len(line.encode()) <= 75 for line in lines)


def test_reschedule_bumps_the_sequence_and_records_events(
    session: Session, world: World, setup
) -> None:
    board, gates = setup
    meeting = meeting_steps.schedule(session, world, board.id, gates)
    later = meeting_steps.WHEN + timedelta(days=2)
    meeting_service.reschedule(
        session=session, actor=world.reviewer_a, meeting_id=meeting.id,
        data={"starts_at": later, "place": "Visio"}, now=NOW,
    )  # fmt: skip
    body = meeting_service.calendar_file(
        session=session, meeting=meeting, summary="Comité", url=URL, now=NOW
    ).decode()
    assert f"UID:meeting-{meeting.id}@droit-a-l-essai" in body
    assert "SEQUENCE:1" in body.split("\r\n")
    assert "DTSTART:20261206T090000Z" in body.split("\r\n")
    events = session.exec(select(Event).where(Event.trigger == "meeting_rescheduled")).all()
    assert sorted(e.experiment_id for e in events) == sorted(g.experiment_id for g in gates)


def test_reschedule_to_the_same_date_changes_nothing(session: Session, world: World, setup) -> None:
    board, gates = setup
    meeting = meeting_steps.schedule(session, world, board.id, gates)
    meeting_service.reschedule(
        session=session, actor=world.reviewer_a, meeting_id=meeting.id,
        data={"starts_at": meeting_steps.WHEN}, now=NOW,
    )  # fmt: skip
    assert meeting.sequence == 0


def test_a_member_cannot_reschedule(session: Session, world: World, setup) -> None:
    board, gates = setup
    meeting = meeting_steps.schedule(session, world, board.id, gates)
    with pytest.raises(Forbidden):
        meeting_service.reschedule(
            session=session, actor=world.admin_a, meeting_id=meeting.id,
            data={"place": "Ailleurs"}, now=NOW,
        )  # fmt: skip


def test_cancel_keeps_the_row_and_refuses_later_changes(
    session: Session, world: World, setup
) -> None:
    board, gates = setup
    meeting = meeting_steps.schedule(session, world, board.id, gates)
    meeting_service.cancel(
        session=session, actor=world.reviewer_a, meeting_id=meeting.id, reason="Grève", now=NOW
    )
    session.expire_all()
    row = session.get(Meeting, meeting.id)
    assert row is not None and row.status == "cancelled" and row.sequence == 1
    assert len(meeting_service.agenda(session=session, meeting=row)) == 2
    with pytest.raises(Conflict):
        meeting_service.reschedule(
            session=session, actor=world.reviewer_a, meeting_id=meeting.id,
            data={"place": "Ailleurs"}, now=NOW,
        )  # fmt: skip
    body = meeting_service.calendar_file(
        session=session, meeting=row, summary="Comité", url=URL, now=NOW
    ).decode()
    assert "STATUS:CANCELLED" in body.split("\r\n")


def test_minutes_show_the_decisions_taken(session: Session, world: World, setup) -> None:
    board, gates = setup
    meeting = meeting_steps.schedule(session, world, board.id, gates)
    gate_steps.vote(session, world.admin_a, gates[0], "go")
    gate_steps.decide(session, world.reviewer_a, gates[0], "go", rationale="Preuves solides.")
    items = meeting_service.agenda(session=session, meeting=meeting)
    assert items[0].decision is not None
    assert (items[0].decision.decision, items[0].decision.rationale) == ("go", "Preuves solides.")
    assert items[1].decision is None


def test_meetings_of_a_board_and_of_a_gate(session: Session, world: World, setup) -> None:
    board, gates = setup
    first = meeting_steps.schedule(session, world, board.id, [gates[0]])
    second = meeting_steps.schedule(session, world, board.id, gates)
    listed = meeting_service.for_board(session=session, actor=world.admin_a, board_id=board.id)
    assert [m.id for m in listed] == [first.id, second.id]
    on_gate = meeting_service.for_gate(session=session, actor=world.agent_a, gate_id=gates[1].id)
    assert [m.id for m in on_gate] == [second.id]


def test_ics_text_is_escaped_and_a_lone_carriage_return_cannot_break_a_line(
    session: Session, world: World, setup
) -> None:
    board, gates = setup
    meeting = meeting_steps.schedule(
        session, world, board.id, gates, place="Salle 1; bâtiment B,\rétage 2"
    )
    body = meeting_service.calendar_file(
        session=session, meeting=meeting, summary="Comité", url=URL, now=NOW
    ).decode()
    assert "LOCATION:Salle 1\\; bâtiment B\\,\\nétage 2" in body.split("\r\n")
    assert "\r" not in body.replace("\r\n", "")


def test_meeting_events_appear_on_the_experiment_timeline(
    session: Session, world: World, setup
) -> None:
    board, gates = setup
    meeting = meeting_steps.schedule(session, world, board.id, gates)
    events = session.exec(select(Event).where(Event.trigger == "meeting_scheduled")).all()
    assert sorted(e.experiment_id for e in events) == sorted(g.experiment_id for g in gates)
    assert all(e.data["meeting_id"] == meeting.id for e in events)
