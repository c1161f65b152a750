"""The clock: APScheduler 3 runs the jobs declared in one table, with fixed ids.

Never started from create_app (every gunicorn worker and the debug reloader run it): only
`tracker scheduler` (its own process) and `tracker serve` (the embedded mode) start it.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask

from tracker import clock
from tracker.db import session_scope
from tracker.jobs import dispatcher, planner
from tracker.services import portfolio as portfolio_service

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """A periodic job: a fixed id, what it runs, how often."""

    id: str
    run: Callable[[Flask, datetime], object]
    seconds: int


def _plan(app: Flask, now: datetime) -> object:
    return planner.plan(app, now=now)


def _dispatch(app: Flask, now: datetime) -> object:
    return dispatcher.dispatch(app, now=now)


def _refresh_portfolio(app: Flask, now: datetime) -> object:
    with session_scope(app) as session:
        return portfolio_service.refresh_snapshots(session, now=now)


JOBS = (
    Job("reminders.plan", _plan, seconds=300),
    Job("outbox.dispatch", _dispatch, seconds=30),
    Job("portfolio.refresh", _refresh_portfolio, seconds=300),
)


def _runner(app: Flask, job: Job) -> Callable[[], None]:
    def run() -> None:
        with app.app_context():
            try:
                job.run(app, clock.now())
            except Exception:
                # A failed pass is logged; the next tick tries again.
                log.exception("job %s failed", job.id)

    return run


def build(app: Flask) -> BackgroundScheduler:
    """A scheduler with every job of the table, not yet started."""
    scheduler = BackgroundScheduler(
        timezone="UTC",
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 60},
    )
    for job in JOBS:
        scheduler.add_job(
            _runner(app, job),
            "interval",
            seconds=job.seconds,
            id=job.id,
            name=job.id,
            replace_existing=True,
        )
    return scheduler
