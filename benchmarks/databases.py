"""The benchmark's throwaway databases, the experiment shown on the detail page, the planner."""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


@contextmanager
def fresh(mode: str, postgres_url: str, workdir: Path, n: int) -> Iterator[str]:
    """An empty database: a SQLite file (embedded) or a new PostgreSQL database (scale-out)."""
    if mode == "embedded":
        path = workdir / f"bench-{n}.db"
        yield f"sqlite:///{path}"
        return
    name = f"tracker_bench_{n}_{int(time.time())}"
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def typical_experiment(url: str) -> int:
    """A scaled bench experiment from the middle of the table: gates, votes, a full timeline."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            ids = connection.execute(
                text("SELECT id FROM experiments WHERE state = 'scaled' ORDER BY id")
            ).all()
    finally:
        engine.dispose()
    if not ids:
        raise RuntimeError("no scaled experiment to show: is N at least 7?")
    return int(ids[len(ids) // 2][0])


BENCH_AGENT = "agent@bench.demo.example"


def time_planner(url: str) -> dict[str, Any]:
    """Seconds of two planner passes: the first enqueues what is due, the second finds it done."""
    from tracker import clock, create_app
    from tracker.db import get_engine
    from tracker.jobs import planner

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "benchmark-only-secret"})
    figures: dict[str, Any] = {}
    try:
        for name in ("first_pass", "second_pass"):
            started = time.perf_counter()
            report = planner.plan(app, now=clock.now())
            figures[f"{name}_s"] = round(time.perf_counter() - started, 3)
            figures[f"{name}_enqueued"] = report.total
    finally:
        get_engine(app).dispose()
    return figures


def time_portfolio(url: str) -> float:
    """Seconds to compute the bench organisation's whole dashboard from the tables.

    The page and the API read a stored copy (services/portfolio_snapshots); this is what the
    scheduler's refresh pays when the organisation's data changed, and what a filtered
    dashboard costs on its first request in a process.
    """
    from sqlmodel import Session, select

    from tracker import clock
    from tracker.db import make_engine
    from tracker.models import User
    from tracker.services import portfolio as portfolio_service
    from tracker.services.portfolio_scope import Filters

    engine = make_engine(url)
    try:
        with Session(engine) as session:
            agent = session.exec(select(User).where(User.email == BENCH_AGENT)).one()
            started = time.perf_counter()
            portfolio_service.dashboard(
                session=session, actor=agent, filters=Filters(), now=clock.now()
            )
            return round(time.perf_counter() - started, 3)
    finally:
        engine.dispose()
