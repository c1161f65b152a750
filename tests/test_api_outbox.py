"""API outbox (admins): list the organisation's emails with cursor pagination, retry one."""

import uuid

import pytest

from tests.conftest import NOW
from tests.gate_api import GateApi, assert_problem
from tracker.models import OutboxMessage


@pytest.fixture
def api(client, session):
    return GateApi(client, session)


def _message(session, user, status: str = "dead") -> OutboxMessage:
    row = OutboxMessage(
        dedup_key=f"test-{uuid.uuid4().hex}",
        user_id=user.id,
        email=user.email,
        kind="stale",
        template="stale",
        status=status,
        attempts=5 if status == "dead" else 0,
        last_error="550 mailbox full" if status == "dead" else None,
        subject="Relance",
        next_attempt_at=NOW,
    )
    session.add(row)
    session.commit()
    return row


def test_pagination_walks_every_message_once(api, world, session) -> None:
    ours = [_message(session, world.agent_a, status) for status in ("dead", "sent") * 3]
    _message(session, world.admin_b)  # another organisation's: never listed
    walked, cursor = [], None
    while True:
        page = api.get(world.admin_a, "/outbox?limit=4" + (f"&cursor={cursor}" if cursor else ""))
        assert page.status_code == 200, page.get_json()
        walked += page.get_json()["items"]
        cursor = page.get_json()["next_cursor"]
        if cursor is None:
            break
    assert [row["id"] for row in walked] == sorted((row.id for row in ours), reverse=True)
    first = walked[-1]
    assert first["recipient"] == "agent@a.example" and first["kind"] == "stale"
    assert (first["status"], first["attempts"], first["last_error"]) == (
        "dead",
        5,
        "550 mailbox full",
    )
    dead = api.get(world.admin_a, "/outbox?status=dead").get_json()["items"]
    assert {row["status"] for row in dead} == {"dead"} and len(dead) == 3


def test_retry(api, world, session) -> None:
    dead = _message(session, world.agent_a)
    retried = api.post(world.admin_a, f"/outbox/{dead.id}/retry")
    assert retried.status_code == 200, retried.get_json()
    assert (retried.get_json()["status"], retried.get_json()["attempts"]) == ("pending", 0)
    sent = _message(session, world.agent_a, "sent")
    assert_problem(api.post(world.admin_a, f"/outbox/{sent.id}/retry"), 409)


def test_refusals(api, client, world, session) -> None:
    dead = _message(session, world.agent_a)
    assert_problem(client.get("/api/v1/outbox"), 401)
    assert_problem(api.get(world.agent_a, "/outbox"), 403)
    assert_problem(api.post(world.agent_a, f"/outbox/{dead.id}/retry"), 403)
    assert_problem(api.post(world.admin_b, f"/outbox/{dead.id}/retry"), 404)
    assert_problem(api.post(world.admin_a, "/outbox/999999/retry"), 404)
    assert_problem(api.get(world.admin_a, "/outbox?status=lost"), 422)
    assert_problem(api.get(world.admin_a, "/outbox?cursor=nonsense"), 422)
    assert_problem(api.get(world.admin_a, "/outbox?limit=101"), 422)
    session.refresh(dead)
    assert dead.status == "dead"
