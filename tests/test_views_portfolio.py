"""The portfolio page: every chart with its table, CSV downloads, filters and access."""

import csv
import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session

from tests import portfolio_data
from tests.conftest import NOW
from tests.factories import World, make_experiment
from tests.web import login
from tracker import create_app
from tracker.db import get_engine

CHARTS = (
    "chart-funnel",
    "chart-outcomes",
    "chart-stages",
    "chart-gates",
    "chart-territories",
    "chart-verdicts",
    "chart-training",
)


@pytest.fixture
def data(session: Session, world: World) -> portfolio_data.Portfolio:
    return portfolio_data.build(session, world)


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_the_page_shows_each_chart_with_its_table(client: FlaskClient, world, data) -> None:
    login(client, world.agent_a.email)
    response = client.get("/portfolio")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for chart in CHARTS:
        assert f'aria-labelledby="{chart}-title"' in page, chart
        assert f'<title id="{chart}-title">' in page, chart
    assert page.count('role="img"') == len(CHARTS)
    assert page.count("<caption>") >= 8
    # The figures in words: the funnel's table, the verdict matrix, the training split.
    assert re.search(r"Prototype</th><td>1</td><td>4</td>", page)
    assert "Concluant, négatif" in page or "Conclusive, negative" in page
    assert "Mende" in page and "Florac" in page
    for table in ("funnel", "outcomes", "stages", "gates", "territories", "verdicts", "commons"):
        assert f"/portfolio/{table}.csv" in page


def test_csv_downloads_follow_the_filters(client: FlaskClient, world, data) -> None:
    login(client, world.agent_a.email)
    rows = _csv(client.get("/portfolio/funnel.csv"))
    assert rows[0] == ["state", "current", "reached"]
    assert rows[2] == ["prototype", "1", "4"]
    florac = _csv(client.get(f"/portfolio/funnel.csv?territory={data.florac.id}"))
    assert {row[0]: row[1] for row in florac[1:]}["pilot"] == "1"
    assert sum(int(row[1]) for row in florac[1:]) == 1
    stages = _csv(client.get("/portfolio/stages.csv"))
    assert stages[1] == ["draft", "4", "7.0"]
    gates = _csv(client.get("/portfolio/gates.csv"))
    assert [row[1:] for row in gates[1:]] == [["Comité", "1", "1"], ["Comité numérique", "1", "0"]]
    training = _csv(client.get("/portfolio/training.csv?start=2026-01-01"))
    assert training[1:] == [["True", "2", "1", "1", "0"], ["False", "2", "1", "0", "1"]]
    assert client.get("/portfolio/nothing.csv").status_code == 404


def test_a_formula_in_a_name_is_neutralised(client: FlaskClient, world, data, session) -> None:
    data.other_board.name = "=HYPERLINK(1)"
    session.add(data.other_board)
    session.commit()
    login(client, world.agent_a.email)
    gates = _csv(client.get("/portfolio/gates.csv"))
    assert gates[1][1] == "'=HYPERLINK(1)"


def test_filters_and_their_errors(client: FlaskClient, world, data) -> None:
    login(client, world.agent_a.email)
    page = client.get(f"/portfolio?board={data.other_board.id}").get_data(as_text=True)
    assert "1 expérimentation" in page or "1 experiment" in page
    bad = client.get("/portfolio?start=2026-05-01&end=2026-01-01&territory=999999")
    assert bad.status_code == 400
    text = bad.get_data(as_text=True)
    assert 'id="end-error"' in text and 'id="territory-error"' in text
    assert client.get("/portfolio/funnel.csv?start=demain").status_code == 400


def test_other_organisations_need_the_instance_grant(client: FlaskClient, world, data) -> None:
    login(client, world.admin_b.email)
    assert client.get("/portfolio?organisation=all").status_code == 403
    assert client.get(f"/portfolio?organisation={world.org_a.id}").status_code == 403
    own = client.get("/portfolio").get_data(as_text=True)
    assert "Florac" not in own.split('id="territories-title"')[1].split("</section>")[0]


@pytest.fixture
def granted_app(database_url: str, tmp_path) -> Flask:
    application = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret",
            "COOKIE_SECURE": False,
            "TESTING": True,
            "INSTANCE_ADMINS": "Admin@B.example, someone@else.example",
        }
    )
    application.instance_path = str(tmp_path / "instance")
    yield application
    get_engine(application).dispose()


def test_an_instance_admin_sees_all_organisations(granted_app: Flask, world, data) -> None:
    client = granted_app.test_client()
    login(client, world.admin_b.email)
    page = client.get("/portfolio?organisation=all")
    assert page.status_code == 200
    assert re.search(
        r"6 (expérimentations correspondent|experiments match)", page.get_data(as_text=True)
    )
    rows = _csv(client.get(f"/portfolio/territories.csv?organisation={world.org_a.id}"))
    assert [row[1:] for row in rows[1:]] == [["Mende", "2"], ["Florac", "1"]]
    agent = granted_app.test_client()
    login(agent, world.agent_b.email)
    assert agent.get("/portfolio?organisation=all").status_code == 403


def test_the_page_says_when_its_figures_were_computed(
    client: FlaskClient, session: Session, world, data
) -> None:
    login(client, world.agent_a.email)
    page = client.get("/portfolio").get_data(as_text=True)
    assert "Chiffres calculés le" in page and "prochain calcul" not in page
    make_experiment(session, world.colleague_a, NOW)
    stale = client.get("/portfolio").get_data(as_text=True)
    assert "Les changements faits depuis apparaîtront au prochain calcul" in stale
