"""API: an experiment's theme on create, patch, read and the list filter; 422 when unknown."""

from tests.conftest import NOW
from tests.factories import make_experiment, ready_fields
from tests.test_api_experiments import bearer

URL = "/api/v1/experiments"


def test_create_and_patch_carry_the_theme(client, session, world):
    headers = bearer(session, world.agent_a)
    created = client.post(URL, json=ready_fields(theme="mobility"), headers=headers)
    assert created.status_code == 201
    body = created.get_json()
    assert body["theme"] == "mobility"
    patched = client.patch(
        f"{URL}/{body['id']}", json={"version": 1, "theme": "housing"}, headers=headers
    )
    assert patched.status_code == 200
    assert (patched.get_json()["theme"], patched.get_json()["version"]) == ("housing", 2)
    cleared = client.patch(
        f"{URL}/{body['id']}", json={"version": 2, "theme": None}, headers=headers
    )
    assert cleared.status_code == 200 and cleared.get_json()["theme"] is None
    read = client.get(f"{URL}/{body['id']}", headers=headers).get_json()
    assert read["theme"] is None


def test_an_unknown_theme_is_422_and_changes_nothing(client, session, world):
    headers = bearer(session, world.agent_a)
    response = client.post(URL, json=ready_fields(theme="transports"), headers=headers)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert "theme" in response.get_json()["errors"]
    experiment = make_experiment(session, world.agent_a, NOW, theme="health")
    patch = client.patch(
        f"{URL}/{experiment.id}", json={"version": 1, "theme": "santé"}, headers=headers
    )
    assert patch.status_code == 422 and "theme" in patch.get_json()["errors"]
    assert client.get(f"{URL}/{experiment.id}", headers=headers).get_json()["version"] == 1


def test_the_list_filters_by_theme(client, session, world):
    make_experiment(session, world.agent_a, NOW, title="Bus", theme="mobility")
    make_experiment(session, world.agent_a, NOW, title="Santé", theme="health")
    make_experiment(session, world.agent_a, NOW, title="Rien")
    headers = bearer(session, world.agent_a)
    body = client.get(f"{URL}?theme=mobility", headers=headers).get_json()
    assert [item["title"] for item in body["items"]] == ["Bus"]
    unfiltered = client.get(URL, headers=headers).get_json()
    assert {item["title"]: item["theme"] for item in unfiltered["items"]} == {
        "Bus": "mobility",
        "Santé": "health",
        "Rien": None,
    }
    response = client.get(f"{URL}?theme=nowhere", headers=headers)
    assert response.status_code == 422 and response.mimetype == "application/problem+json"


def test_the_portfolio_and_export_take_a_theme(client, session, world):
    make_experiment(session, world.agent_a, NOW, title="Bus", theme="mobility")
    make_experiment(session, world.agent_a, NOW, title="Rien")
    headers = bearer(session, world.agent_a)
    portfolio = client.get("/api/v1/portfolio?theme=mobility", headers=headers)
    assert portfolio.status_code == 200
    assert portfolio.get_json()["total"] == 1
    assert client.get("/api/v1/portfolio?theme=Mobilité", headers=headers).status_code == 422
    export = client.get("/api/v1/exports/experiments.json?theme=mobility", headers=headers)
    assert export.status_code == 200
    assert [(row["title"], row["theme"]) for row in export.get_json()] == [("Bus", "mobility")]
