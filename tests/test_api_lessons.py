"""API lessons: search with filters and pages, read, publication steps, applied lessons."""

import pytest

from tests import gate_steps as steps
from tests.conftest import NOW
from tests.factories import make_experiment
from tests.lesson_steps import published, titled, world_lessons
from tracker.services import auth as auth_service

CONTRACT = {
    "id",
    "experiment_id",
    "kind",
    "title",
    "body",
    "visibility",
    "reuse_count",
    "outcome",
    "stop_reason",
    "cause_tags",
    "territory",
}


def bearer(session, user):
    """Authorization headers with a fresh personal token of `user`."""
    _, plain = auth_service.create_token(session=session, user=user, name="test", now=NOW)
    return {"Authorization": f"Bearer {plain}"}


@pytest.fixture
def cast(session, world):
    return steps.build_cast(session, world)


def test_a_published_stop_is_a_searchable_lesson_with_the_contract_fields(client, session, cast):
    experiment, lesson = published(session, cast)
    response = client.get(
        "/api/v1/lessons?q=horaires&outcome=stop&stop_reason=no_impact&territory=lozère",
        headers=bearer(session, cast.owner),
    )
    assert response.status_code == 200
    [item] = response.get_json()["items"]
    assert set(item) >= CONTRACT
    assert (item["id"], item["experiment_id"], item["kind"]) == (
        lesson.id,
        experiment.id,
        "retrospective",
    )
    assert (item["outcome"], item["visibility"], item["reuse_count"]) == ("stop", "internal", 0)
    assert item["cause_tags"] == ["timing", "user_adoption"]
    assert "horaires" in item["snippet"].lower()


def test_filters_cause_tag_theme_and_kind(client, session, world):
    world_lessons(session, world)
    headers = bearer(session, world.agent_a)
    titles = {
        query: [i["title"] for i in client.get(query, headers=headers).get_json()["items"]]
        for query in (
            "/api/v1/lessons?cause_tag=partners",
            "/api/v1/lessons?theme=SOCIAL&kind=adapt",
        )
    }
    assert titles["/api/v1/lessons?cause_tag=partners"] == ["Navette rurale"]
    assert titles["/api/v1/lessons?theme=SOCIAL&kind=adapt"] == ["Formulaire simplifié"]


def test_pages_follow_next_cursor(client, session, world):
    for number in range(3):
        titled(session, world.agent_a, f"Leçon {number}", "Accueil.")
    headers = bearer(session, world.agent_a)
    first = client.get("/api/v1/lessons?limit=2", headers=headers).get_json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    second = client.get(
        f"/api/v1/lessons?limit=2&cursor={first['next_cursor']}", headers=headers
    ).get_json()
    assert second["next_cursor"] is None
    titles = [i["title"] for i in first["items"] + second["items"]]
    assert sorted(titles) == ["Leçon 0", "Leçon 1", "Leçon 2"]


@pytest.mark.parametrize(
    "query",
    ["outcome=won", "stop_reason=bored", "cause_tag=luck", "kind=other", "limit=0", "cursor=xx"],
)
def test_bad_queries_are_422_problems(client, session, world, query):
    response = client.get(f"/api/v1/lessons?{query}", headers=bearer(session, world.agent_a))
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"


def test_another_organisations_internal_lesson_is_404(client, session, world):
    rows = world_lessons(session, world)
    headers = bearer(session, world.agent_b)
    assert client.get(f"/api/v1/lessons/{rows['a1'].id}", headers=headers).status_code == 404
    public = client.get(f"/api/v1/lessons/{rows['a3'].id}", headers=headers)
    assert (public.status_code, public.get_json()["visibility"]) == (200, "public")
    assert client.get("/api/v1/lessons/999999", headers=headers).status_code == 404


def test_publication_owner_requests_then_chair_approves(client, session, cast, world):
    _experiment, lesson = published(session, cast)
    url = f"/api/v1/lessons/{lesson.id}/publication"
    chair, owner = bearer(session, cast.chair), bearer(session, cast.owner)
    assert client.post(url, json={"action": "approve"}, headers=chair).status_code == 409
    assert client.post(url, json={"action": "request"}, headers=chair).status_code == 403
    requested = client.post(url, json={"action": "request"}, headers=owner)
    assert (requested.status_code, requested.get_json()["publication"]) == (200, "requested")
    assert client.post(url, json={"action": "approve"}, headers=owner).status_code == 403
    approved = client.post(url, json={"action": "approve"}, headers=chair)
    assert approved.get_json()["visibility"] == "public"
    outsider = client.get(f"/api/v1/lessons/{lesson.id}", headers=bearer(session, world.agent_b))
    assert outsider.status_code == 200


def test_publication_refuses_unknown_actions_and_fields(client, session, cast):
    _experiment, lesson = published(session, cast)
    url = f"/api/v1/lessons/{lesson.id}/publication"
    headers = bearer(session, cast.owner)
    assert client.post(url, json={"action": "delete"}, headers=headers).status_code == 422
    extra = {"action": "request", "visibility": "public"}
    assert client.post(url, json=extra, headers=headers).status_code == 422


def test_applied_lessons_count_and_show_on_the_experiment(client, session, world):
    rows = world_lessons(session, world)
    mine = make_experiment(session, world.agent_b, NOW, title="Suite B")
    headers = bearer(session, world.agent_b)
    url = f"/api/v1/experiments/{mine.id}/applied-lessons"
    created = client.post(url, json={"lesson_id": rows["a3"].id}, headers=headers)
    assert created.status_code == 201
    assert created.get_json() == {"experiment_id": mine.id, "applied_lesson_ids": [rows["a3"].id]}
    again = client.post(url, json={"lesson_id": rows["a3"].id}, headers=headers)
    assert again.status_code == 200
    experiment = client.get(f"/api/v1/experiments/{mine.id}", headers=headers).get_json()
    assert experiment["applied_lesson_ids"] == [rows["a3"].id]
    lesson = client.get(f"/api/v1/lessons/{rows['a3'].id}", headers=headers).get_json()
    assert lesson["reuse_count"] == 1


def test_applying_an_unreadable_lesson_is_422(client, session, world):
    rows = world_lessons(session, world)
    mine = make_experiment(session, world.agent_b, NOW, title="Suite B")
    url = f"/api/v1/experiments/{mine.id}/applied-lessons"
    response = client.post(
        url, json={"lesson_id": rows["a1"].id}, headers=bearer(session, world.agent_b)
    )
    assert response.status_code == 422
    assert "lesson_id" in str(response.get_json())
