"""`tracker scheduler`: the clock in its own process (the planner and the dispatcher)."""

import signal
import threading
from types import FrameType

import click
from flask import current_app
from flask.cli import with_appcontext

from tracker.jobs import scheduler as jobs


@click.command("scheduler")
@with_appcontext
def scheduler() -> None:
    """Run the reminder planner and the outbox dispatcher until stopped (Ctrl+C or SIGTERM)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    clock = jobs.build(app)
    stop = threading.Event()

    def _stop(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    clock.start()
    click.echo("Scheduler running: " + ", ".join(job.id for job in jobs.JOBS))
    try:
        stop.wait()
    finally:
        clock.shutdown(wait=True)
        click.echo("Scheduler stopped.")
