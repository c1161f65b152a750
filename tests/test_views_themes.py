"""HTML: the theme on the experiment form and page, the list and portal filters, the library."""

import csv
import io

from sqlmodel import select

from tests import portfolio_data, web
from tests.conftest import NOW
from tests.factories import make_experiment
from tests.lesson_steps import lesson
from tests.test_views_experiments import reload, sign_in, valid_form
from tracker.models import Experiment


def test_the_form_offers_the_themes_and_saves_the_choice(client, session, world):
    sign_in(client, world.agent_a)
    page = client.get("/experiments/new").get_data(as_text=True)
    assert '<label for="theme"' in page  # an accessible label
    assert '<option value="ecological_transition">' in page
    response = web.post_form(client, "/experiments/new", valid_form(theme="health"))
    assert response.status_code == 303
    [saved] = session.exec(select(Experiment)).all()
    assert saved.theme == "health"
    detail = client.get(f"/experiments/{saved.id}").get_data(as_text=True)
    assert "Health" in detail
    edit = client.get(f"/experiments/{saved.id}/edit").get_data(as_text=True)
    assert '<option selected value="health">' in edit or 'value="health" selected' in edit
    data = valid_form(theme="", team="", version="1")
    assert web.post_form(client, f"/experiments/{saved.id}/edit", data).status_code == 303
    assert reload(session, saved).theme is None


def test_an_unknown_theme_rerenders_the_form(client, session, world):
    sign_in(client, world.agent_a)
    response = web.post_form(client, "/experiments/new", valid_form(theme="transports"))
    assert response.status_code == 422
    assert 'id="theme-error"' in response.get_data(as_text=True)
    assert session.exec(select(Experiment)).all() == []


def test_the_list_filters_by_theme(client, session, world):
    make_experiment(session, world.agent_a, NOW, title="Bus à la demande", theme="mobility")
    make_experiment(session, world.agent_a, NOW, title="Maison de santé", theme="health")
    sign_in(client, world.agent_a)
    page = client.get("/experiments/?theme=mobility").get_data(as_text=True)
    assert "Bus à la demande" in page and "Maison de santé" not in page
    assert client.get("/experiments/?theme=nowhere").status_code == 422


def test_the_public_portal_filters_experiments_by_theme(client, session, world):
    make_experiment(
        session, world.agent_a, NOW, title="Vélo partagé", theme="mobility", visibility="public"
    )
    make_experiment(
        session, world.agent_a, NOW, title="Habitat inclusif", theme="housing", visibility="public"
    )
    page = client.get("/public/?theme=mobility").get_data(as_text=True)
    assert "Vélo partagé" in page and "Habitat inclusif" not in page
    assert client.get("/public/?theme=nowhere").status_code == 422


def test_the_library_offers_theme_facets_in_words(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW, theme="employment")
    lesson(session, experiment, title="Accompagner vers l'emploi")
    sign_in(client, world.agent_a)
    page = client.get("/lessons?theme=employment").get_data(as_text=True)
    assert "Accompagner vers l" in page
    assert "Employment and back-to-work" in page


def test_the_portfolio_page_filters_by_theme(client, session, world):
    portfolio_data.build(session, world)
    sign_in(client, world.agent_a)
    funnel = client.get("/portfolio/funnel.csv?theme=mobility").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(funnel.lstrip("\ufeff"))))
    counts = {row[0]: row[1] for row in rows[1:]}
    assert counts["stopped"] == "1" and sum(int(n) for n in counts.values()) == 1
    page = client.get("/portfolio?theme=health")
    assert page.status_code == 200
    assert '<option selected value="health">' in page.get_data(as_text=True)
    refused = client.get("/portfolio?theme=nowhere")
    assert refused.status_code == 400
    assert 'id="theme-error"' in refused.get_data(as_text=True)


def test_the_public_page_of_an_experiment_shows_its_theme(client, session, world):
    made = make_experiment(session, world.agent_a, NOW, theme="housing", visibility="public")
    # A visitor without an account reads the French label.
    assert "Logement" in client.get(f"/public/experiments/{made.id}").get_data(as_text=True)
