"""Gate meetings through the API: statuses, problem+json, the .ics, the OpenAPI document."""

from datetime import timedelta

import pytest
from sqlmodel import Session

from tests import gate_steps, meeting_steps
from tests.factories import World
from tests.gate_api import PROBLEM, GateApi
from tracker import clock

STOP = "aucune baisse après trois mois"


@pytest.fixture
def api(client, session: Session) -> GateApi:
    return GateApi(client, session)


@pytest.fixture
def setup(session: Session, world: World):
    board = meeting_steps.board(session, world)
    gates = [meeting_steps.open_gate(session, world, f"Essai {n}") for n in (1, 2)]
    return board, gates


def _when(days: int = 10) -> str:
    # The API reads the real clock: schedule in its future.
    return (clock.now() + timedelta(days=days)).replace(microsecond=0).isoformat()


def _schedule(api: GateApi, user, board_id: int, gate_ids: list[int], **extra):
    body = {"starts_at": _when(), "place": "Salle 101", "gate_ids": gate_ids, **extra}
    return api.post(user, f"/boards/{board_id}/meetings", body)


def test_a_chair_schedules_and_everyone_concerned_reads(api, world: World, setup) -> None:
    board, gates = setup
    created = _schedule(api, world.reviewer_a, board.id, [gates[1].id, gates[0].id])
    assert created.status_code == 201
    meeting = created.get_json()
    assert created.headers["Location"].endswith(f"/api/v1/meetings/{meeting['id']}")
    assert meeting["status"] == "scheduled" and meeting["sequence"] == 0
    assert [item["gate_id"] for item in meeting["agenda"]] == [gates[1].id, gates[0].id]
    assert meeting["calendar_url"] == f"/api/v1/meetings/{meeting['id']}.ics"
    for reader in (world.admin_a, world.agent_a, world.colleague_a):
        assert api.get(reader, f"/meetings/{meeting['id']}").status_code == 200
    listed = api.get(world.colleague_a, f"/boards/{board.id}/meetings").get_json()
    assert [m["id"] for m in listed] == [meeting["id"]]


@pytest.mark.parametrize(("who", "status"), [("admin_a", 403), ("agent_a", 403), ("agent_b", 404)])
def test_only_chairs_schedule(api, world: World, setup, who, status) -> None:
    board, gates = setup
    response = _schedule(api, getattr(world, who), board.id, [gates[0].id])
    assert response.status_code == status
    assert response.content_type == PROBLEM


def test_a_closed_gate_is_refused_naming_the_field(api, session, world: World, setup) -> None:
    board, gates = setup
    gate_steps.vote(session, world.admin_a, gates[0], "hold")
    gate_steps.decide(session, world.reviewer_a, gates[0], "hold")
    response = _schedule(api, world.reviewer_a, board.id, [gates[0].id])
    assert response.status_code == 422 and response.content_type == PROBLEM
    assert "gate_ids" in response.get_json()["errors"]


def test_a_time_without_offset_is_refused(api, world: World, setup) -> None:
    board, gates = setup
    response = _schedule(
        api, world.reviewer_a, board.id, [gates[0].id], starts_at="2030-01-15T09:30:00"
    )
    assert response.status_code == 422 and response.content_type == PROBLEM
    assert "starts_at" in response.get_json()["errors"]


def test_ics_download_then_reschedule_bumps_sequence(api, world: World, setup) -> None:
    board, gates = setup
    meeting = _schedule(api, world.reviewer_a, board.id, [gates[0].id]).get_json()
    first = api.get(world.agent_a, f"/meetings/{meeting['id']}.ics")
    assert first.status_code == 200 and first.mimetype == "text/calendar"
    lines = first.get_data(as_text=True).split("\r\n")
    uid = f"UID:meeting-{meeting['id']}@droit-a-l-essai"
    assert uid in lines and "SEQUENCE:0" in lines
    moved = api.post(
        world.reviewer_a, f"/meetings/{meeting['id']}/reschedule", {"starts_at": _when(12)}
    )
    assert moved.status_code == 200 and moved.get_json()["sequence"] == 1
    again = api.get(world.agent_a, f"/meetings/{meeting['id']}.ics").get_data(as_text=True)
    assert uid in again.split("\r\n") and "SEQUENCE:1" in again.split("\r\n")


def test_a_member_cannot_reschedule_or_cancel(api, world: World, setup) -> None:
    board, gates = setup
    meeting = _schedule(api, world.reviewer_a, board.id, [gates[0].id]).get_json()
    path = f"/meetings/{meeting['id']}"
    assert api.post(world.admin_a, f"{path}/reschedule", {"place": "Visio"}).status_code == 403
    assert api.post(world.admin_a, f"{path}/cancel", {}).status_code == 403
    assert api.get(world.agent_b, path).status_code == 404


def test_cancel_keeps_the_meeting_and_a_second_cancel_conflicts(api, world: World, setup) -> None:
    board, gates = setup
    meeting = _schedule(api, world.reviewer_a, board.id, [gates[0].id]).get_json()
    path = f"/meetings/{meeting['id']}"
    cancelled = api.post(world.reviewer_a, f"{path}/cancel", {"reason": "Grève"})
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
    assert api.get(world.agent_a, path).get_json()["cancelled_reason"] == "Grève"
    again = api.post(world.reviewer_a, f"{path}/cancel", {})
    assert again.status_code == 409 and again.content_type == PROBLEM


def test_minutes_carry_the_decision_taken(api, session, world: World, setup) -> None:
    board, gates = setup
    meeting = _schedule(api, world.reviewer_a, board.id, [g.id for g in gates]).get_json()
    gate_steps.vote(session, world.admin_a, gates[0], "go")
    gate_steps.decide(session, world.reviewer_a, gates[0], "go", rationale="Preuves solides.")
    agenda = api.get(world.agent_a, f"/meetings/{meeting['id']}").get_json()["agenda"]
    assert agenda[0]["decision"]["decision"] == "go"
    assert agenda[0]["decision"]["rationale"] == "Preuves solides."
    assert agenda[1]["decision"] is None


def test_gate_json_has_the_stop_criteria_triggered(api, session, world: World) -> None:
    cast = gate_steps.build_cast(session, world)
    experiment = gate_steps.in_evaluation(session, cast)
    refused = api.request(cast.owner, experiment.id, "decision", stop_criteria_triggered=["autre"])
    assert refused.status_code == 422 and "stop_criteria_triggered" in refused.get_json()["errors"]
    created = api.request(cast.owner, experiment.id, "decision", stop_criteria_triggered=[STOP])
    assert created.status_code == 201
    assert created.get_json()["stop_criteria_triggered"] == [STOP]


def test_openapi_documents_the_meeting_operations(client) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    paths = document["paths"]
    assert set(paths["/boards/{board_id}/meetings"]) == {"get", "post"}
    ics = paths["/meetings/{meeting_id}.ics"]["get"]
    assert "text/calendar" in ics["responses"]["200"]["content"]
    assert [p["name"] for p in ics["parameters"] if p["in"] == "path"] == ["meeting_id"]
    assert "stop_criteria_triggered" in document["components"]["schemas"]["GateOut"]["properties"]
