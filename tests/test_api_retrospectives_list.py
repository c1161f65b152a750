"""GET /api/v1/retrospectives: the list page's rows, filters and keyset pages as JSON."""

import re
from datetime import timedelta

import pytest

from tests import retro_steps
from tests.conftest import NOW
from tests.factories import make_experiment
from tests.gate_api import GateApi, assert_problem
from tests.gate_pages import client_for
from tracker.services import retrospectives_list
from tracker.services import transitions as transition_service


@pytest.fixture
def api(client, session):
    return GateApi(client, session)


def _stopped_long_ago(session, owner, title):
    long_ago = NOW - timedelta(days=90)
    late = make_experiment(session, owner, long_ago, title=title)
    transition_service.fire(
        session=session, actor=owner, experiment_id=late.id, trigger="stop",
        version=late.version, now=long_ago,
        params={"stop_reason": "no_impact", "explanation": "Rien."},
    )  # fmt: skip
    return late


def _build(session, world):
    late = _stopped_long_ago(session, world.agent_a, "Essai oublié")
    recent = []
    for n in range(4):
        experiment = make_experiment(session, world.agent_a, NOW, title=f"Essai {n}")
        recent.append(retro_steps.stop(session, world.agent_a, experiment))
    retro_steps.stop(session, world.agent_b, make_experiment(session, world.agent_b, NOW))
    return late, recent


def _next(response):
    link = response.headers.get("Link")
    if not link:
        return None
    match = re.fullmatch(r'<(.+)>; rel="next"', link)
    assert match, link
    return match.group(1)


def test_overdue_first_then_by_due_date_and_only_the_visible(api, session, world):
    late, recent = _build(session, world)
    response = api.get(world.agent_a, "/retrospectives")
    assert response.status_code == 200
    assert response.headers["X-Total-Count"] == "5" and "Link" not in response.headers
    rows = response.get_json()
    assert [row["experiment_id"] for row in rows] == [late.id, *(e.id for e in recent)]
    assert rows[0]["overdue"] is True and rows[1]["overdue"] is False
    assert rows[0]["experiment_title"] == "Essai oublié"
    assert (rows[0]["state"], rows[0]["stop_reason"]) == ("due", "no_impact")
    theirs = api.get(world.agent_b, "/retrospectives").get_json()
    assert len(theirs) == 1 and theirs[0]["experiment_id"] not in {r["experiment_id"] for r in rows}


def test_pages_are_walked_with_the_link_header_keeping_the_filters(api, session, world):
    late, recent = _build(session, world)
    url, seen, pages = "/api/v1/retrospectives?limit=2", [], 0
    while url:
        response = api.client.get(url, headers=api.headers(world.agent_a))
        assert response.status_code == 200
        seen += [row["experiment_id"] for row in response.get_json()]
        pages += 1
        url = _next(response)
    assert (seen, pages) == ([late.id, *(e.id for e in recent)], 3)
    only_due = api.client.get(
        "/api/v1/retrospectives?state=due&limit=1", headers=api.headers(world.agent_a)
    )
    assert "state=due" in only_due.headers["Link"]
    overdue = api.get(world.agent_a, "/retrospectives?overdue=true")
    assert [row["experiment_id"] for row in overdue.get_json()] == [late.id]
    assert overdue.headers["X-Total-Count"] == "1"


@pytest.mark.parametrize(
    "query", ["state=lost", "limit=0", "limit=201", "cursor=bm9wZQ", "cursor=WzEsMiwzXQ"]
)
def test_a_bad_filter_or_cursor_is_422(api, world, query):
    assert_problem(api.get(world.agent_a, f"/retrospectives?{query}"), 422)


def test_the_page_links_to_the_next_page_and_back(app, session, world, monkeypatch):
    _build(session, world)
    monkeypatch.setattr(retrospectives_list, "PAGE", 2)
    owner = client_for(app, world.agent_a)
    first = owner.get("/retrospectives").get_data(as_text=True)
    assert "Essai oublié" in first and "Essai 2" not in first
    assert "5 retrospectives" in first or "5 rétrospectives" in first
    next_url = re.search(r'<a href="([^"]+)" rel="next">', first).group(1).replace("&amp;", "&")
    second = owner.get(next_url).get_data(as_text=True)
    assert "Essai 1" in second and "Essai oublié" not in second
    assert 'href="/retrospectives"' in second
    forged = owner.get("/retrospectives?cursor=bm9wZQ")
    assert forged.status_code == 422
