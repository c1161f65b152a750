"""The failure page: organisation-scoped figures, accessible charts with their tables."""

import re

import pytest

from tests.gate_pages import client_for
from tests.test_services_failures import LATER, build
from tracker import clock


@pytest.fixture(autouse=True)
def _later(monkeypatch):
    """The page reads the clock: 100 days after the dataset was built."""
    monkeypatch.setattr(clock, "now", lambda: LATER)


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get("/failures")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_page_shows_the_figures_as_charts_and_tables(app, session, world):
    build(session, world)
    page = client_for(app, world.agent_a).get("/failures").get_data(as_text=True)
    assert '<dd id="stops">4</dd>' in page
    assert 'id="overdue-count">1<' in page
    for chart in ("stops-by-reason", "stops-by-stage", "silent-by-stage"):
        assert f'id="{chart}"' in page
    assert page.count('role="img"') == 3
    assert len(re.findall(r"<svg[^>]*aria-labelledby=\"[\w-]+-title\"", page)) == 3
    assert page.count("<caption>") >= 4
    # The same figures in the table beside the chart.
    assert re.search(r'<th scope="row">No measurable impact</th><td>2</td>', page)
    assert re.search(r'<th scope="row">Prototype</th><td>3</td>', page)
    assert "Silencieuse" in page and "Silencieuse B" not in page


def test_each_organisation_sees_its_own(app, session, world):
    build(session, world)
    page = client_for(app, world.agent_b).get("/failures").get_data(as_text=True)
    assert '<dd id="stops">1</dd>' in page
    assert "Budget cut" in page and "No measurable impact" not in page


def test_an_empty_organisation_gets_words_not_empty_charts(app, session, world):
    page = client_for(app, world.agent_a).get("/failures").get_data(as_text=True)
    assert 'role="img"' not in page
    assert "Nothing to show yet." in page
    assert "No published retrospective yet" in page


def test_only_instance_admins_see_every_organisation(app, session, world):
    build(session, world)
    app.config["TRACKER"]["INSTANCE_ADMINS"] = "Admin@A.example"
    assert client_for(app, world.admin_b).get("/failures?organisation=all").status_code == 403
    admin = client_for(app, world.admin_a)
    own = admin.get("/failures").get_data(as_text=True)
    assert '<dd id="stops">4</dd>' in own and "organisation=all" in own
    page = admin.get("/failures?organisation=all").get_data(as_text=True)
    assert '<dd id="stops">5</dd>' in page
    assert "Budget cut" in page and "Silencieuse B" in page
