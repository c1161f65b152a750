"""Several dispatcher and planner processes at once (`tracker reminders ...`): each message
reaches the SMTP server exactly once."""

import os
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from tests.conftest import NOW, POSTGRES_URL, _truncate_postgres
from tests.factories import build_world
from tests.gate_steps import build_cast, in_prototype
from tests.smtp import smtp_sink, use_smtp
from tests.test_jobs_dispatcher import fill
from tracker import create_app
from tracker.db import get_engine
from tracker.jobs import dispatcher
from tracker.models import OutboxMessage

SCRIPT = Path(sys.executable).parent / "tracker"


def _env(database_url: str, smtp_port: int) -> dict[str, str]:
    return {
        **os.environ,
        "TRACKER_DATABASE_URL": database_url,
        "TRACKER_SECRET_KEY": "processes-test",
        "TRACKER_MAIL_BACKEND": "smtp",
        "TRACKER_SMTP_HOST": "127.0.0.1",
        "TRACKER_SMTP_PORT": str(smtp_port),
        "TRACKER_SMTP_TLS": "none",
    }


def _at_once(env: dict[str, str], count: int, *args: str) -> list[str]:
    """Start `count` identical commands together; their outputs once all have ended."""
    processes = [
        subprocess.Popen(
            [str(SCRIPT), *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(count)
    ]
    outputs = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        outputs.append(out.strip())
    return outputs


@pytest.mark.postgres_only
@pytest.mark.skipif(not POSTGRES_URL, reason="needs PostgreSQL (TRACKER_TEST_DATABASE_URL)")
def test_three_dispatcher_processes_send_a_thousand_messages_exactly_once(postgres_url):
    _truncate_postgres(postgres_url)
    app = create_app({"DATABASE_URL": postgres_url, "SECRET_KEY": "t", "TESTING": True})
    with Session(get_engine(app)) as session:
        world = build_world(session, NOW)
        assert fill(session, world.agent_a, 1000) == 1000
    get_engine(app).dispose()
    with smtp_sink() as sink:
        outputs = _at_once(
            _env(postgres_url, sink.port), 3, "reminders", "dispatch", "--now", NOW.isoformat()
        )
    ids = [message["Message-ID"] for message in sink.messages]
    assert len(ids) == 1000 and len(set(ids)) == 1000
    sent = [int(line.split()[1].rstrip(",")) for line in outputs]
    assert sum(sent) == 1000


def test_two_planners_and_two_dispatchers_at_once_send_each_reminder_once(
    app, session, world, database_url
):
    cast = build_cast(session, world)
    for n in range(5):
        in_prototype(session, cast, title=f"Essai {n}")
    later = (NOW + timedelta(days=61)).isoformat()
    with smtp_sink() as sink:
        env = _env(database_url, sink.port)
        plans = _at_once(env, 2, "reminders", "plan", "--now", later)
        _at_once(env, 2, "reminders", "dispatch", "--now", later)
    session.expire_all()
    rows = session.exec(select(OutboxMessage)).all()
    # Five experiments silent for 60 days: the owner twice (30 and 60 days), the chair once.
    assert len(rows) == 15
    assert all(row.status == "sent" for row in rows)
    assert sorted(m["Message-ID"] for m in sink.messages) == sorted(r.message_id for r in rows)
    assert any(line.startswith("enqueued 15") for line in plans)


def test_a_dispatcher_killed_mid_send_leaves_the_message_to_a_later_pass(
    app, session, world, database_url
):
    fill(session, world.agent_a, 1)
    # An SMTP server that accepts the connection and never answers: the dispatcher has
    # claimed the message and hangs in the middle of sending it.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    env = _env(database_url, silent.getsockname()[1])
    process = subprocess.Popen(
        [str(SCRIPT), "reminders", "dispatch", "--now", NOW.isoformat()],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            session.expire_all()
            [row] = session.exec(select(OutboxMessage)).all()
            if row.status == "sending":
                break
            time.sleep(0.1)
        assert row.status == "sending"
        process.kill()
        process.wait(timeout=30)
    finally:
        silent.close()
    with smtp_sink() as sink, app.app_context():
        use_smtp(app, sink.port)
        assert dispatcher.dispatch(app, now=NOW + timedelta(minutes=5)).sent == 0
        report = dispatcher.dispatch(app, now=NOW + timedelta(minutes=11))
    assert (report.reclaimed, report.sent) == (1, 1)
    assert len(sink.messages) == 1
