"""The SQL statements of each key page do not grow with the number of experiments (no N+1).

The data comes from the bulk benchmark generator (tracker.demo.bulk); the counts come from the
X-Query-Count header that TRACKER_COUNT_QUERIES turns on, the same counter the benchmark uses.
"""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, func, select

from tests.conftest import NOW
from tests.web import login
from tracker import create_app
from tracker.db import get_engine
from tracker.demo import DEMO_PASSWORD, bulk, bulk_experiments
from tracker.models import Experiment, Gate, User
from tracker.services import auth as auth_service

_NEXT = re.compile(r'href="([^"]*cursor=[^"]+)"')


@pytest.fixture
def counted_app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The application with the query counter on, and small pages so that cursors appear."""
    application = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret",
            "COOKIE_SECURE": False,
            "TESTING": True,
            "COUNT_QUERIES": True,
            "PAGE_SIZE": 3,
        }
    )
    application.instance_path = str(tmp_path / "instance")
    yield application
    get_engine(application).dispose()


def _count(client: FlaskClient, url: str, **kwargs: object) -> int:
    # Warm-up first: a first use may write once (a token's last use), as in the benchmark.
    client.get(url, **kwargs)  # type: ignore[arg-type]
    response = client.get(url, **kwargs)  # type: ignore[arg-type]
    assert response.status_code == 200, f"GET {url} answered {response.status_code}"
    return int(response.headers["X-Query-Count"])


def _second_page(client: FlaskClient, url: str) -> str:
    found = _NEXT.search(client.get(url).get_data(as_text=True))
    assert found is not None, f"no next page link on {url}"
    return found.group(1).replace("&amp;", "&")


def _page_counts(app: Flask, session: Session, token: str) -> dict[str, int]:
    agent = app.test_client()
    login(agent, bulk.BENCH_PEOPLE[0][1], DEMO_PASSWORD)
    reviewer = app.test_client()
    login(reviewer, bulk.BENCH_PEOPLE[2][1], DEMO_PASSWORD)
    # The same experiment at both sizes: only what surrounds it grows.
    first = session.exec(select(func.min(Experiment.id))).one()
    auth = {"headers": {"Authorization": f"Bearer {token}"}}
    # The search finds lessons at both sizes (a page without hits skips the reuse counts).
    assert "<mark>" in agent.get("/lessons?q=horaires").get_data(as_text=True)
    return {
        "baseline": _count(app.test_client(), "/benchmark-baseline"),
        "list": _count(agent, "/experiments/"),
        "list_cursor": _count(agent, _second_page(agent, "/experiments/")),
        "search": _count(agent, "/experiments/?state=pilot&q=Essai"),
        "detail": _count(agent, f"/experiments/{first}"),
        "queue": _count(reviewer, "/gates/queue"),
        "api_list": _count(app.test_client(), "/api/v1/experiments?limit=3", **auth),
        "api_list_long": _count(app.test_client(), "/api/v1/experiments?limit=12", **auth),
        "portfolio": _count(agent, "/portfolio"),
        "api_portfolio": _count(app.test_client(), "/api/v1/portfolio", **auth),
        # The benchmark's lessons search: ranked hits, snippets, facet counts, reuse counts.
        "lessons_search": _count(agent, "/lessons?q=horaires"),
    }


def _open_gates(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Gate).where(Gate.status == "open")).one()


def test_key_pages_run_the_same_queries_for_12_and_48_experiments(
    counted_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every prototype waits on an open gate, so the queue has rows at both sizes.
    monkeypatch.setattr(bulk_experiments, "OPEN_GATE_EVERY", 1)
    engine = get_engine(counted_app)
    with Session(engine, expire_on_commit=False) as session:
        cast = bulk.prepare_cast(session, NOW)
        # The owner: the API computes each row's triggers, the costliest case.
        agent = session.get(User, cast.people["agent"])
        assert agent is not None
        _, token = auth_service.create_token(session=session, user=agent, name="bench", now=NOW)
        bulk.generate(engine, cast, 12, NOW, seed=1)
        assert _open_gates(session) >= 1
        small = _page_counts(counted_app, session, token)
        bulk.generate(engine, cast, 36, NOW, seed=2)
        assert _open_gates(session) > 2
        large = _page_counts(counted_app, session, token)
    assert small["baseline"] == 0
    assert large == small
    # No per-row queries either: a longer page costs what a short one does.
    assert small["api_list_long"] == small["api_list"]


def test_the_bulk_data_keeps_the_workflow_invariants(counted_app: Flask) -> None:
    engine = get_engine(counted_app)
    with Session(engine, expire_on_commit=False) as session:
        cast = bulk.prepare_cast(session, NOW)
        assert bulk.generate(engine, cast, 60, NOW) == 60
        with engine.connect() as connection:
            mismatched = connection.exec_driver_sql(
                "SELECT count(*) FROM experiments e WHERE e.state <> (SELECT v.to_state"
                " FROM events v WHERE v.experiment_id = e.id AND v.trigger <> 'update'"
                " ORDER BY v.id DESC LIMIT 1)"
            ).scalar()
            piloted_without_go = connection.exec_driver_sql(
                "SELECT count(*) FROM experiments e WHERE e.state IN ('pilot', 'evaluation',"
                " 'scaling', 'scaled', 'stopped') AND NOT EXISTS (SELECT 1 FROM gates g"
                " JOIN gate_decisions d ON d.gate_id = g.id"
                " WHERE g.experiment_id = e.id AND d.decision = 'go')"
            ).scalar()
            states = {
                row[0]
                for row in connection.exec_driver_sql("SELECT DISTINCT state FROM experiments")
            }
    assert mismatched == 0
    assert piloted_without_go == 0
    assert states == {"draft", "prototype", "pilot", "evaluation", "scaling", "scaled", "stopped"}
