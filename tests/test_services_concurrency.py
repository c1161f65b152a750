"""Two writers racing on one experiment with the same version: exactly one wins.

Each writer runs in its own thread with its own Session. A barrier holds both just before
their `UPDATE experiments ... WHERE version = :v`, after both have read version 1, so the
race is decided by the conditional UPDATE itself and not by who happened to read first.
"""

import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event
from sqlmodel import Session, select

from tests import factories
from tests.conftest import NOW, POSTGRES_URL, _truncate_postgres
from tracker import create_app
from tracker.db import get_engine
from tracker.models import Event, Experiment
from tracker.services import experiments as experiment_service
from tracker.services import transitions as transition_service
from tracker.services.errors import Conflict

TIMEOUT = 20


@pytest.fixture(params=["sqlite", "postgresql"])
def racing_app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Flask]:
    """An application on a fresh database of each backend; PostgreSQL must be reachable."""
    if request.param == "sqlite":
        shutil.copy(request.getfixturevalue("sqlite_template"), tmp_path / "race.db")
        url = f"sqlite:///{tmp_path / 'race.db'}"
    else:
        if not POSTGRES_URL:
            pytest.skip("TRACKER_TEST_DATABASE_URL is not set (CI sets it): no PostgreSQL race")
        # postgres_url fails the run (never skips) when the configured server is unreachable.
        url = request.getfixturevalue("postgres_url")
        _truncate_postgres(url)
    application = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": "test-secret", "COOKIE_SECURE": False, "TESTING": True}
    )
    application.instance_path = str(tmp_path / "instance")
    yield application
    get_engine(application).dispose()


def race(app: Flask, writers: list[Callable[[Session], Any]]) -> list[tuple[str, Any]]:
    """Run the writers in parallel threads, each with its own Session; collect outcomes."""
    engine = get_engine(app)
    barrier = threading.Barrier(len(writers), timeout=TIMEOUT)
    waited: set[int] = set()

    def hold_before_the_versioned_update(_conn, _cursor, statement, *_args) -> None:
        me = threading.get_ident()
        if statement.lstrip().upper().startswith("UPDATE EXPERIMENTS") and me not in waited:
            waited.add(me)
            barrier.wait()

    outcomes: list[tuple[str, Any]] = [("missing", None)] * len(writers)

    def run(index: int, writer: Callable[[Session], Any]) -> None:
        with Session(engine, expire_on_commit=False) as session:
            try:
                outcomes[index] = ("ok", writer(session))
            except Exception as error:  # collected and asserted on by the test
                outcomes[index] = ("error", error)

    event.listen(engine, "before_cursor_execute", hold_before_the_versioned_update)
    try:
        threads = [
            threading.Thread(target=run, args=(i, writer)) for i, writer in enumerate(writers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(TIMEOUT * 2)
        assert not any(thread.is_alive() for thread in threads), "a writer is stuck"
    finally:
        event.remove(engine, "before_cursor_execute", hold_before_the_versioned_update)
    # Both reached the UPDATE: the race really happened at the conditional write.
    assert len(waited) == len(writers)
    return outcomes


def setup(app: Flask) -> tuple[factories.World, int]:
    with Session(get_engine(app), expire_on_commit=False) as session:
        world = factories.build_world(session, NOW)
        experiment = factories.make_experiment(session, world.agent_a, NOW)
        return world, experiment.id


def stored(app: Flask, experiment_id: int) -> tuple[Experiment, list[Event]]:
    """What the database holds, read through a fresh session."""
    with Session(get_engine(app)) as session:
        experiment = session.get(Experiment, experiment_id)
        events = list(session.exec(select(Event).where(Event.experiment_id == experiment_id)).all())
        session.expunge_all()
        return experiment, events


def assert_one_winner(outcomes: list[tuple[str, Any]]) -> None:
    kinds = sorted(kind for kind, _value in outcomes)
    errors = [value for kind, value in outcomes if kind == "error"]
    assert kinds == ["error", "ok"], outcomes
    assert isinstance(errors[0], Conflict), repr(errors[0])
    assert errors[0].status == 409


def test_two_edits_with_the_same_version_one_wins(racing_app):
    world, experiment_id = setup(racing_app)

    def edit(title: str) -> Callable[[Session], Any]:
        def write(session: Session) -> Any:
            return experiment_service.update(
                session=session,
                actor=world.agent_a,
                experiment_id=experiment_id,
                version=1,
                changes={"title": title},
                now=NOW,
            ).title

        return write

    outcomes = race(racing_app, [edit("Version A"), edit("Version B")])
    assert_one_winner(outcomes)
    winner = next(value for kind, value in outcomes if kind == "ok")
    experiment, events = stored(racing_app, experiment_id)
    assert experiment.version == 2 and experiment.title == winner
    assert [e.trigger for e in events].count("update") == 1


def test_two_transitions_with_the_same_version_one_wins(racing_app):
    world, experiment_id = setup(racing_app)

    def fire(trigger: str, **params: Any) -> Callable[[Session], Any]:
        def write(session: Session) -> Any:
            return transition_service.fire(
                session=session,
                actor=world.agent_a,
                experiment_id=experiment_id,
                trigger=trigger,
                version=1,
                params=params,
                now=NOW,
            ).state

        return write

    outcomes = race(
        racing_app,
        [fire("stop", stop_reason="other", explanation="Abandon."), fire("start_prototype")],
    )
    assert_one_winner(outcomes)
    winner = next(value for kind, value in outcomes if kind == "ok")
    experiment, events = stored(racing_app, experiment_id)
    assert experiment.version == 2 and experiment.state == winner
    changes = [e for e in events if e.trigger not in ("create", "update")]
    assert len(changes) == 1 and changes[0].to_state == winner
    if winner == "prototype":
        assert experiment.stop_reason is None and experiment.stop_explanation is None
