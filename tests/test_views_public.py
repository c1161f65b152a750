"""The public portal: what anyone sees, and that nothing internal leaks to anyone."""

import pytest
from sqlmodel import select

from tests import public_steps
from tests.web import login
from tracker.models import Territory

SECRET = public_steps.SECRET


@pytest.fixture
def landscape(session, world):
    return public_steps.build(session, world)


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.get_data(as_text=True)


def portal_urls(session, landscape) -> list[str]:
    territory_ids = session.exec(select(Territory.id)).all()
    return [
        "/public/",
        "/public/?q=interne",
        "/public/?territory=Lozère",
        f"/public/experiments/{landscape.piloted.id}",
        f"/public/experiments/{landscape.stopped.id}",
        *(f"/public/territories/{territory_id}" for territory_id in territory_ids),
        *(
            f"/public/data?what={what}&format={kind}"
            for what in ("experiments", "decisions", "lessons", "commons")
            for kind in ("csv", "json")
        ),
    ]


@pytest.mark.parametrize("who", ["anonymous", "agent@b.example", "agent@a.example"])
def test_nothing_internal_is_visible_on_the_portal(client, session, world, landscape, who):
    if who != "anonymous":
        login(client, who)
    for url in portal_urls(session, landscape):
        assert SECRET not in page(client, url), url
    # The internal experiment is not there, even for its own organisation.
    page(client, f"/public/experiments/{landscape.internal.id}", 404)


def test_the_index_lists_public_experiments_and_lessons(client, world, landscape):
    html = page(client, "/public/")
    assert "Cantine partagée" in html
    assert f"/public/experiments/{landscape.piloted.id}" in html
    assert landscape.public_lesson.title.replace("'", "&#39;") in html


def test_filters_by_outcome_stop_reason_and_words(client, world, landscape):
    stopped = page(client, "/public/?outcome=stop&stop_reason=no_impact")
    assert "Cantine partagée" in stopped
    assert f"/public/experiments/{landscape.piloted.id}" not in stopped
    words = page(client, "/public/?q=cantine")
    assert f"/public/experiments/{landscape.stopped.id}" in words
    assert f"/public/experiments/{landscape.piloted.id}" not in words
    page(client, "/public/?outcome=nowhere", 422)


def test_the_transparency_panel_shows_decisions_criteria_and_means(client, world, landscape):
    html = page(client, f"/public/experiments/{landscape.piloted.id}")
    assert "Critères clairs, public prêt." in html  # the go's rationale
    assert "taux d&#39;abandon" in html  # the frozen success criterion
    assert "Salle du conseil, deux jours par semaine" in html  # the commons ledger
    assert "non publié" in html  # no retrospective, no verdict yet
    # Who voted what and who reviewed are not published.
    for name in (world.reviewer_a.name, world.admin_a.name, world.agent_a.email):
        assert name not in html


def test_a_published_retrospective_is_shown(client, world, landscape):
    html = page(client, f"/public/experiments/{landscape.stopped.id}")
    assert "Tester les horaires avec les usagers d&#39;abord." in html


def test_unknown_pages_are_404(client, world):
    page(client, "/public/experiments/999999", 404)
    page(client, "/public/territories/999999", 404)
    page(client, "/public/data?what=votes&format=csv", 404)


def test_open_data_downloads_hold_public_columns_only(client, world, landscape):
    text = page(client, "/public/data?what=experiments&format=csv")
    header = text.lstrip("\ufeff").splitlines()[0]
    assert "owner_email" not in header and "team" not in header.split(";")
    assert "Cantine partagée" in text
