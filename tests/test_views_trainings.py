"""Trainings pages: admins record a colleague's trainings; the agent sees them on the profile."""

from flask.testing import FlaskClient

from tests.factories import World
from tests.web import login, post_form


def test_an_admin_records_a_training_shown_on_the_agents_profile(
    client: FlaskClient, world: World
) -> None:
    login(client, world.admin_a.email)
    url = f"/admin/users/{world.agent_a.id}/trainings"
    assert url.encode() in client.get("/admin/users").data
    response = post_form(
        client,
        url,
        {"kind": "user_research", "followed_on": "2026-09-14", "provider": "Lab ouvert"},
    )
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Lab ouvert" in page
    agent = client.application.test_client()
    login(agent, world.agent_a.email)
    profile = agent.get("/profile").get_data(as_text=True)
    assert "Lab ouvert" in profile
    assert "14 sept. 2026" in profile


def test_bad_input_comes_back_with_field_messages(client: FlaskClient, world: World) -> None:
    login(client, world.admin_a.email)
    url = f"/admin/users/{world.agent_a.id}/trainings"
    response = post_form(client, url, {"kind": "prototyping", "followed_on": ""})
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    future = post_form(client, url, {"kind": "prototyping", "followed_on": "2030-01-01"})
    assert future.status_code == 422
    assert 'id="followed_on-error"' in future.get_data(as_text=True)


def test_another_organisations_admin_gets_404(client: FlaskClient, world: World) -> None:
    login(client, world.admin_b.email)
    assert client.get(f"/admin/users/{world.agent_a.id}/trainings").status_code == 404
