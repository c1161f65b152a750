"""Gate meeting pages, the board's add-member form and the triggered stop criteria, through
the real forms."""

import re
from datetime import timedelta

import pytest
from flask import Flask
from sqlmodel import Session, select

from tests import gate_pages, gate_steps, meeting_steps, web
from tests.factories import World
from tracker import clock
from tracker.models import BoardMember, Gate, Meeting

STOP = "aucune baisse après trois mois"
MEETING_URL = re.compile(r"/meetings/(\d+)$")


@pytest.fixture
def setup(session: Session, world: World):
    board = meeting_steps.board(session, world)
    gates = [meeting_steps.open_gate(session, world, f"Essai {n}") for n in (1, 2)]
    return board, gates


def _local(days: int = 10) -> str:
    # The form reads the real clock, and the reader's timezone (Europe/Paris by default).
    return (clock.now() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def _schedule_page(chair, board_id: int, data: dict):
    url = f"/meetings/boards/{board_id}/new"
    return web.post_form(chair, url, data)


def test_the_chair_schedules_with_the_order_given(app: Flask, world: World, setup) -> None:
    board, gates = setup
    chair = gate_pages.client_for(app, world.reviewer_a)
    form_page = chair.get(f"/meetings/boards/{board.id}/new").get_data(as_text=True)
    assert f'value="{gates[0].id}"' in form_page and "Essai 2" in form_page
    response = _schedule_page(
        chair,
        board.id,
        {
            "starts_at": _local(),
            "duration_minutes": "90",
            "place": "Salle 101",
            "gate_ids": [str(gates[0].id), str(gates[1].id)],
            f"order_{gates[0].id}": "2",
            f"order_{gates[1].id}": "1",
        },
    )
    assert response.status_code == 303
    match = MEETING_URL.search(response.headers["Location"])
    assert match is not None
    page = chair.get(f"/meetings/{match.group(1)}").get_data(as_text=True)
    assert page.index("Essai 2") < page.index("Essai 1")
    assert f"/meetings/{match.group(1)}.ics" in page


def test_a_member_may_not_open_the_scheduling_form(app: Flask, world: World, setup) -> None:
    board, _gates = setup
    member = gate_pages.client_for(app, world.admin_a)
    assert member.get(f"/meetings/boards/{board.id}/new").status_code == 403


def test_a_meeting_without_place_is_refused_on_the_field(app: Flask, world: World, setup) -> None:
    board, gates = setup
    chair = gate_pages.client_for(app, world.reviewer_a)
    data = {"starts_at": _local(), "place": "", "gate_ids": str(gates[0].id)}
    response = _schedule_page(chair, board.id, data)
    assert response.status_code == 422
    assert 'id="place-error"' in response.get_data(as_text=True)


def test_the_team_downloads_the_ics(app: Flask, session: Session, world: World, setup) -> None:
    board, gates = setup
    meeting = meeting_steps.schedule(session, world, board.id, gates)
    teammate = gate_pages.client_for(app, world.colleague_a)
    response = teammate.get(f"/meetings/{meeting.id}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert f"UID:meeting-{meeting.id}@droit-a-l-essai" in response.get_data(as_text=True)
    other = gate_pages.client_for(app, world.agent_b)
    assert other.get(f"/meetings/{meeting.id}").status_code == 404


def test_reschedule_and_cancel_through_the_page(
    app: Flask, session: Session, world: World, setup
) -> None:
    board, gates = setup
    meeting = meeting_steps.schedule(session, world, board.id, gates)
    chair = gate_pages.client_for(app, world.reviewer_a)
    url = f"/meetings/{meeting.id}"
    moved = web.post_form(chair, f"{url}/reschedule", {"place": "Visio"}, url)
    assert moved.status_code == 303
    cancelled = web.post_form(chair, f"{url}/cancel", {"reason": "Grève"}, url)
    assert cancelled.status_code == 303
    session.expire_all()
    row = session.get(Meeting, meeting.id)
    assert row is not None
    assert (row.place, row.status, row.sequence) == ("Visio", "cancelled", 2)
    page = chair.get(url).get_data(as_text=True)
    assert "Cancelled" in page and "Grève" in page


def test_the_minutes_show_the_decision(app: Flask, session: Session, world: World, setup) -> None:
    board, gates = setup
    meeting = meeting_steps.schedule(session, world, board.id, gates)
    gate_steps.vote(session, world.admin_a, gates[0], "go")
    gate_steps.decide(session, world.reviewer_a, gates[0], "go", rationale="Preuves solides.")
    page = gate_pages.client_for(app, world.agent_a).get(f"/meetings/{meeting.id}")
    text = page.get_data(as_text=True)
    assert "Minutes" in text and "Preuves solides." in text


def test_board_and_gate_pages_link_their_meetings(
    app: Flask, session: Session, world: World, setup
) -> None:
    board, gates = setup
    meeting = meeting_steps.schedule(session, world, board.id, gates)
    client = gate_pages.client_for(app, world.agent_a)
    assert f"/meetings/boards/{board.id}" in client.get(f"/boards/{board.id}").get_data(
        as_text=True
    )
    gate_page = client.get(f"/gates/{gates[0].id}").get_data(as_text=True)
    assert f"/meetings/{meeting.id}" in gate_page


def test_an_admin_adds_a_chair_from_the_board_page(
    app: Flask, session: Session, world: World, setup
) -> None:
    board, _gates = setup
    admin = gate_pages.client_for(app, world.admin_a)
    url = f"/boards/{board.id}"
    data = {"email": world.colleague_a.email, "chair": "y"}
    assert web.post_form(admin, f"{url}/members", data, url).status_code == 303
    link = session.exec(
        select(BoardMember).where(
            BoardMember.board_id == board.id, BoardMember.user_id == world.colleague_a.id
        )
    ).one()
    assert link.is_chair


def test_an_unknown_email_is_refused_on_the_field(app: Flask, world: World, setup) -> None:
    board, _gates = setup
    admin = gate_pages.client_for(app, world.admin_a)
    url = f"/boards/{board.id}"
    response = web.post_form(admin, f"{url}/members", {"email": "nobody@a.example"}, url)
    assert response.status_code == 422
    assert 'id="email-error"' in response.get_data(as_text=True)


def test_an_agent_cannot_add_members(app: Flask, world: World, setup) -> None:
    board, _gates = setup
    agent = gate_pages.client_for(app, world.agent_a)
    url = f"/boards/{board.id}"
    assert 'action="/boards/' not in agent.get(url).get_data(as_text=True)
    response = web.post_form(agent, f"{url}/members", {"email": world.colleague_a.email}, url)
    assert response.status_code == 403


def test_the_decision_request_ticks_stop_criteria_and_the_gate_shows_them(
    app: Flask, session: Session, world: World
) -> None:
    cast = gate_steps.build_cast(session, world)
    experiment, owner = gate_pages.through_pilot(app, session, cast)
    gate_steps.evaluate(session, cast, experiment)
    form_url = f"/gates/experiments/{experiment.id}/decision"
    assert f'value="{STOP}"' in owner.get(form_url).get_data(as_text=True)
    data = gate_pages.decision_request_form(stop_criteria_triggered=STOP)
    gate_id = gate_pages.request_gate(owner, experiment, "decision", data)
    gate = session.get(Gate, gate_id)
    assert gate is not None and gate.stop_criteria_triggered == [STOP]
    page = owner.get(f"/gates/{gate_id}").get_data(as_text=True)
    row = re.search(rf"<th scope=\"row\">{STOP}</th>\s*<td>(.*?)</td>", page, re.S)
    assert row is not None and "Yes" in row.group(1)


def test_the_experiment_timeline_names_the_meeting(
    app: Flask, session: Session, world: World, setup
) -> None:
    board, gates = setup
    meeting_steps.schedule(session, world, board.id, gates)
    page = gate_pages.client_for(app, world.agent_a).get(f"/experiments/{gates[0].experiment_id}")
    assert page.status_code == 200
    assert "On the agenda of a board meeting" in page.get_data(as_text=True)
