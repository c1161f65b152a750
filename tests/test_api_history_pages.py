"""API history pages: the timeline and the journal, cursor-paginated with Link and a total."""

import re

from tests.conftest import NOW
from tests.factories import make_experiment
from tracker.services import auth as auth_service


def bearer(session, user):
    """Authorization headers with a fresh personal token of `user`."""
    _, plain = auth_service.create_token(session=session, user=user, name="test", now=NOW)
    return {"Authorization": f"Bearer {plain}"}


def _next(response):
    link = response.headers.get("Link")
    if not link:
        return None
    match = re.fullmatch(r'<(.+)>; rel="next"', link)
    assert match, link
    return match.group(1)


def _walk(client, url, headers):
    seen, pages = [], 0
    while url:
        response = client.get(url, headers=headers)
        assert response.status_code == 200
        seen += [row["id"] for row in response.get_json()]
        pages += 1
        url = _next(response)
    return seen, pages, int(response.headers["X-Total-Count"])


def _journal(client, session, world, experiment, count):
    headers = bearer(session, world.agent_a)
    url = f"/api/v1/experiments/{experiment.id}/journal"
    for n in range(count):
        response = client.post(url, json={"kind": "note", "body": f"Note {n}"}, headers=headers)
        assert response.status_code == 201


def test_the_journal_is_walked_page_by_page_oldest_first(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW, visibility="public")
    _journal(client, session, world, experiment, 5)
    url = f"/api/v1/experiments/{experiment.id}/journal"
    reader = bearer(session, world.agent_b)
    everything = client.get(url, headers=reader)
    assert "Link" not in everything.headers
    assert everything.headers["X-Total-Count"] == "5"
    ids = [row["id"] for row in everything.get_json()]
    assert ids == sorted(ids) and len(ids) == 5
    seen, pages, total = _walk(client, f"{url}?limit=2", reader)
    assert (seen, pages, total) == (ids, 3, 5)


def test_the_timeline_is_walked_page_by_page(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    headers = bearer(session, world.agent_a)
    base = f"/api/v1/experiments/{experiment.id}"
    for version, title in enumerate(("Un", "Deux", "Trois"), start=1):
        assert client.patch(base, json={"version": version, "title": title}, headers=headers)
    everything = client.get(f"{base}/events", headers=headers)
    ids = [row["id"] for row in everything.get_json()]
    assert len(ids) == 4 and everything.headers["X-Total-Count"] == "4"
    first = client.get(f"{base}/events?limit=3", headers=headers)
    assert [row["trigger"] for row in first.get_json()] == ["create", "update", "update"]
    assert "limit=3" in first.headers["Link"]
    assert _walk(client, f"{base}/events?limit=3", headers) == (ids, 2, 4)


def test_a_forged_cursor_or_limit_is_422(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    headers = bearer(session, world.agent_a)
    for path in ("events", "journal"):
        url = f"/api/v1/experiments/{experiment.id}/{path}"
        for query in ("cursor=bm9wZQ", "cursor=WyJ4Il0", "limit=0", "limit=501"):
            response = client.get(f"{url}?{query}", headers=headers)
            assert response.status_code == 422, (path, query)
            assert response.content_type.startswith("application/problem+json")


def test_a_hidden_experiment_stays_404_whatever_the_cursor(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    outsider = bearer(session, world.agent_b)
    for path in ("events", "journal"):
        url = f"/api/v1/experiments/{experiment.id}/{path}?limit=1&cursor=WzFd"
        assert client.get(url, headers=outsider).status_code == 404
