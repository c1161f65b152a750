"""The clock: a table of jobs with fixed ids, never started by create_app."""

import os
import signal
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

from tests.conftest import NOW
from tests.test_jobs_dispatcher import fill
from tracker import create_app
from tracker.jobs import scheduler as jobs

SCRIPT = Path(sys.executable).parent / "tracker"


def _scheduler_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("APScheduler")]


def test_create_app_starts_no_scheduler(tmp_path):
    before = set(threading.enumerate())
    app = create_app(
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", "SECRET_KEY": "t", "TESTING": True}
    )
    assert app is not None
    assert set(threading.enumerate()) == before
    assert _scheduler_threads() == []


def test_jobs_have_fixed_unique_ids_and_run_alone(app):
    assert [job.id for job in jobs.JOBS] == [
        "reminders.plan",
        "outbox.dispatch",
        "portfolio.refresh",
    ]
    clock = jobs.build(app)
    clock.start(paused=True)
    try:
        scheduled = {job.id: job for job in clock.get_jobs()}
        assert set(scheduled) == {"reminders.plan", "outbox.dispatch", "portfolio.refresh"}
        for job in scheduled.values():
            assert (job.coalesce, job.max_instances) == (True, 1)
            assert job.misfire_grace_time == 60
    finally:
        clock.shutdown(wait=False)
    assert _scheduler_threads() == []


def test_the_dispatch_job_sends_through_the_configured_backend(app, session, world, tmp_path):
    fill(session, world.agent_a, 2, now=NOW - timedelta(days=400))
    # The job as the clock runs it: its own app context, the wall clock, the file backend.
    jobs._runner(app, jobs.JOBS[1])()
    assert len(list((tmp_path / "instance" / "mail").glob("*.eml"))) == 2


def test_tracker_scheduler_runs_until_sigterm(tmp_path):
    env = {
        **os.environ,
        "TRACKER_DATABASE_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
        "TRACKER_SECRET_KEY": "scheduler-test",
    }
    subprocess.run([str(SCRIPT), "db", "upgrade"], env=env, check=True, capture_output=True)
    process = subprocess.Popen(
        [str(SCRIPT), "scheduler"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    assert first.startswith("Scheduler running: reminders.plan, outbox.dispatch, portfolio.refresh")
    process.send_signal(signal.SIGTERM)
    out, _err = process.communicate(timeout=60)
    assert process.returncode == 0
    assert "Scheduler stopped." in out


def test_serve_offers_to_leave_the_scheduler_out(runner):
    result = runner.invoke(args=["serve", "--help"])
    assert "--no-scheduler" in result.output
