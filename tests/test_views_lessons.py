"""Lesson pages: the library with facets and highlights, a lesson, publication, reuse."""

import pytest
from sqlmodel import select

from tests import gate_steps as steps
from tests import web
from tests.conftest import NOW
from tests.factories import make_experiment
from tests.lesson_steps import published, titled, world_lessons
from tracker.models import Lesson, LessonReuse


@pytest.fixture
def cast(session, world):
    return steps.build_cast(session, world)


def _text(response):
    return response.get_data(as_text=True)


def test_the_library_needs_a_signed_in_user(client, world):
    response = client.get("/lessons")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_the_main_menu_links_to_the_library(client, world):
    web.login(client, world.agent_a.email)
    assert 'href="/lessons"' in _text(client.get("/experiments/"))


def test_search_highlights_matches_and_counts_facets(client, session, world):
    world_lessons(session, world)
    web.login(client, world.agent_a.email)
    page = _text(client.get("/lessons?q=partenaires"))
    assert "Navette rurale" in page and "Guichet unique" not in page
    assert "<mark>partenaires</mark>" in page
    everything = _text(client.get("/lessons"))
    # A reads its three lessons and B's public one; the facet counts say so.
    assert everything.count('class="lesson-results"') == 1
    assert "Cantine bio" in everything and "Tiers-lieu" not in everything
    assert 'href="/lessons?territory=Cantal"' in everything
    assert 'Lozère</a>\n          <span class="facet-count">(3)</span>' in everything


def test_a_lesson_text_is_escaped_in_snippets(client, session, world):
    lesson = titled(session, world.agent_a, "Piège", "<script>alert(1)</script> accueil")
    web.login(client, world.agent_a.email)
    # SQLite's snippet keeps the tag (escaped here); PostgreSQL's ts_headline drops it.
    assert "<script>alert(1)</script>" not in _text(client.get("/lessons?q=accueil"))
    assert "<mark>accueil</mark>" in _text(client.get("/lessons?q=accueil"))
    assert "&lt;script&gt;" in _text(client.get(f"/lessons/{lesson.id}"))


def test_bad_filters_rerender_with_a_message(client, session, world):
    web.login(client, world.agent_a.email)
    response = client.get("/lessons?outcome=won")
    assert response.status_code == 422
    assert "Issue inconnue." in _text(response)


def test_the_lesson_page_links_its_experiment_and_gate(client, session, cast):
    experiment = steps.in_evaluation(session, cast)
    gate = steps.request(session, cast.owner, experiment, "decision", steps.DECISION_REQUEST)
    steps.reviewed(session, cast, gate, "scale")
    lesson = session.exec(select(Lesson).where(Lesson.experiment_id == experiment.id)).one()
    web.login(client, cast.owner.email)
    page = _text(client.get(f"/lessons/{lesson.id}"))
    assert f'href="/experiments/{experiment.id}"' in page
    assert f'href="/gates/{gate.id}"' in page
    assert steps.DECISION_INPUTS["scale"]["scaling_plan"] in page


def test_another_organisations_internal_lesson_is_404(client, session, world):
    rows = world_lessons(session, world)
    web.login(client, world.agent_b.email)
    assert client.get(f"/lessons/{rows['a1'].id}").status_code == 404
    public = _text(client.get(f"/lessons/{rows['a3'].id}"))
    assert "Formulaire simplifié" in public
    # The lesson is public, its experiment is not: no link to it.
    assert f'href="/experiments/{rows["a3"].experiment_id}"' not in public


def test_publication_through_the_buttons(client, session, cast):
    _experiment, lesson = published(session, cast)
    url = f"/lessons/{lesson.id}"
    web.login(client, cast.owner.email)
    assert "Demander à le rendre public" in _text(client.get(url))
    response = web.post_form(client, f"{url}/publication", {"action": "request"}, form_url=url)
    assert response.status_code == 303
    client.post("/logout", data={"csrf_token": web.csrf_token(client, url)})
    web.login(client, cast.chair.email)
    page = _text(client.get(url))
    assert "Approuver la publication" in page and "Refuser la publication" in page
    web.post_form(client, f"{url}/publication", {"action": "approve"}, form_url=url)
    session.refresh(lesson)
    assert (lesson.visibility, lesson.publication) == ("public", "approved")


def test_a_refused_publication_step_is_a_message_not_a_change(client, session, cast):
    _experiment, lesson = published(session, cast)
    url = f"/lessons/{lesson.id}"
    web.login(client, cast.owner.email)
    web.post_form(client, f"{url}/publication", {"action": "request"}, form_url=url)
    again = web.post_form(client, f"{url}/publication", {"action": "request"}, form_url=url)
    assert again.status_code == 303
    assert "pas dans un état qui permet cette étape" in _text(client.get(url))


def test_marking_a_lesson_applied_counts_a_reuse(client, session, world):
    rows = world_lessons(session, world)
    mine = make_experiment(session, world.agent_b, NOW, title="Suite B")
    url = f"/lessons/{rows['a3'].id}"
    web.login(client, world.agent_b.email)
    assert "Suite B" in _text(client.get(url))
    response = web.post_form(client, f"{url}/reuses", {"experiment_id": str(mine.id)}, url)
    assert response.status_code == 303
    assert "par 1 expérimentation" in _text(client.get(url))
    reuses = session.exec(select(LessonReuse).where(LessonReuse.experiment_id == mine.id)).all()
    assert [r.lesson_id for r in reuses] == [rows["a3"].id]


def test_marking_without_an_experiment_rerenders_with_a_field_message(client, session, world):
    rows = world_lessons(session, world)
    make_experiment(session, world.agent_b, NOW, title="Suite B")
    url = f"/lessons/{rows['a3'].id}"
    web.login(client, world.agent_b.email)
    response = web.post_form(client, f"{url}/reuses", {"experiment_id": ""}, url)
    assert response.status_code == 422
    assert 'aria-invalid="true"' in _text(response)


def test_the_experiment_page_lists_lessons_taught_and_applied(client, session, cast, world):
    experiment, lesson = published(session, cast)
    other = make_experiment(session, cast.owner, NOW, title="Suite A")
    url = f"/lessons/{lesson.id}"
    web.login(client, cast.owner.email)
    web.post_form(client, f"{url}/reuses", {"experiment_id": str(other.id)}, url)
    taught = _text(client.get(f"/experiments/{experiment.id}"))
    assert f'href="/lessons/{lesson.id}"' in taught
    assert "Retour d&#39;expérience d&#39;un arrêt" in taught
    applied = _text(client.get(f"/experiments/{other.id}"))
    assert f'href="/lessons/{lesson.id}"' in applied


def test_team_members_may_mark_from_the_lesson_page(client, session, world):
    rows = world_lessons(session, world)
    make_experiment(
        session, world.agent_a, NOW, title="Suite en équipe", team=[world.colleague_a.email]
    )
    web.login(client, world.colleague_a.email)
    assert "Suite en équipe" in _text(client.get(f"/lessons/{rows['b2'].id}"))
