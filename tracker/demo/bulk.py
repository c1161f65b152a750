"""Bulk benchmark data: `tracker demo --scale N` adds N experiments to a bench organisation.

This is TEST DATA written straight into the tables with SQLAlchemy Core (executemany of plain
dicts, one transaction per batch), NOT through the services: the services validate, lock and
commit one experiment at a time, far too slow for 100,000. This module makes the bench's
cast (by the services) and writes the batches; the rows of each experiment, which keep the
invariants the services keep, come from tracker.demo.bulk_experiments.
"""

import random
from collections.abc import Callable, Iterator
from datetime import datetime

from sqlalchemy import Connection, Engine, Table, func, text
from sqlmodel import Session, SQLModel, select

from tracker.demo import bulk_ecosystem, bulk_experiments, bulk_lessons
from tracker.demo.accounts import DEMO_PASSWORD
from tracker.demo.bulk_experiments import TERRITORIES
from tracker.demo.bulk_gates import Cast, Rows
from tracker.models import (
    Board,
    Event,
    Experiment,
    ExperimentMember,
    Gate,
    GateDecision,
    JournalEntry,
    Lesson,
    Retrospective,
    User,
    Vote,
)
from tracker.services import boards as board_service
from tracker.services import users as user_service

BENCH_ORGANISATION = "Banc d'essai (données de test)"
# (key, email, name, role): the owners alternate between the two agents.
BENCH_PEOPLE = (
    ("agent", "agent@bench.demo.example", "Agent Banc", "agent"),
    ("agent2", "agent2@bench.demo.example", "Agente Banc", "agent"),
    ("reviewer", "reviewer@bench.demo.example", "Relectrice Banc", "reviewer"),
    ("admin", "admin@bench.demo.example", "Admin Banc", "admin"),
)
BATCH = 2_000
# In foreign-key order: a batch inserts parents before the rows that refer to them.
TABLES: tuple[Table, ...] = tuple(
    SQLModel.metadata.tables[str(model.__tablename__)]
    for model in (
        Experiment,
        ExperimentMember,
        Event,
        JournalEntry,
        Gate,
        Vote,
        GateDecision,
        Retrospective,
        Lesson,
    )
)


def prepare_cast(session: Session, now: datetime) -> Cast:
    """The bench organisation, its four accounts and its default board (made once, by services)."""
    organisation = user_service.get_or_create_organisation(
        session=session, name=BENCH_ORGANISATION, now=now
    )
    people: dict[str, User] = {}
    for key, email, name, role in BENCH_PEOPLE:
        user = session.exec(select(User).where(User.email == email)).first()
        if user is None:
            user = user_service.create_user(
                session=session,
                organisation=organisation,
                email=email,
                name=name,
                role=role,
                password=DEMO_PASSWORD,
                now=now,
            )
        people[key] = user
    board = session.exec(select(Board).where(Board.organisation_id == organisation.id)).first()
    if board is None:
        board = board_service.create_board(
            session=session,
            actor=people["admin"],
            data={
                "name": "Comité du banc",
                "quorum": 2,
                "chairs": [people["reviewer"].email],
                "members": [people["admin"].email],
            },
            now=now,
        )
    session.commit()
    # Territories and partners of the bench, linked to the bulk experiments by `generate`.
    bulk_ecosystem.prepare(session, TERRITORIES, people["agent"], now)
    return Cast(
        organisation_id=int(organisation.id or 0),
        people={key: int(user.id or 0) for key, user in people.items()},
        board_id=int(board.id or 0),
    )


def _next_ids(connection: Connection) -> dict[str, int]:
    return {
        table.name: int(connection.execute(select(func.max(table.c.id))).scalar() or 0) + 1
        for table in TABLES
        if table.name != "experiment_members"
    }


def _batches(total: int) -> Iterator[int]:
    done = 0
    while done < total:
        size = min(BATCH, total - done)
        yield size
        done += size


def generate(
    engine: Engine,
    cast: Cast,
    count: int,
    now: datetime,
    progress: Callable[[int], None] = lambda _n: None,
    seed: int = 2026,
) -> int:
    """Insert `count` experiments with their events, journal and gates; one transaction a batch."""
    rng = random.Random(seed)
    with engine.connect() as connection:
        next_id = _next_ids(connection)
        links = bulk_ecosystem.Links.load(connection, TERRITORIES)
    start = next_id["experiments"]
    index = 0
    for size in _batches(count):
        rows = Rows(next_id=next_id)
        for _ in range(size):
            bulk_experiments.add_experiment(rows, cast, rng, start + index, now)
            links.add(rows.rows["experiments"][-1], start + index)
            index += 1
        with engine.begin() as connection:
            for table in TABLES:
                if rows.rows.get(table.name):
                    connection.execute(table.insert(), rows.rows[table.name])
            bulk_lessons.index(connection, rows.rows.get("lessons", []))
            links.flush(connection)
        progress(size)
    if engine.dialect.name == "postgresql":
        _reset_sequences(engine)
        # Planner statistics, as autovacuum gathers them after such a load (a server may run
        # without it, as this machine's does): without them PostgreSQL plans for empty tables
        # (the experiment list took 250 ms instead of 23 at 100,000).
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    return index


def _reset_sequences(engine: Engine) -> None:
    # Ids were set explicitly: move each serial sequence past them for the services' inserts.
    with engine.begin() as connection:
        for table in TABLES:
            if table.name != "experiment_members":
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"(SELECT COALESCE(MAX(id), 1) FROM {table.name}))"
                    )
                )
