"""The voting queue a page at a time: soonest review first, a keyset cursor, the total."""

from datetime import timedelta

import pytest

from tests import gate_steps as steps
from tests.conftest import NOW
from tests.gate_api import GateApi
from tests.web import login
from tracker.services import gates as gate_service
from tracker.services.errors import Invalid


@pytest.fixture
def cast(session, world):
    return steps.build_cast(session, world)


@pytest.fixture
def gates(session, cast):
    """Five open pilot gates, reviewed on days 9, 5, 7, 5 and 3 from now."""
    made = []
    for days in (9, 5, 7, 5, 3):
        experiment = steps.in_prototype(session, cast, title=f"Essai J+{days}")
        request = {**steps.PILOT_REQUEST, "review_date": (NOW + timedelta(days=days)).date()}
        made.append(steps.request(session, cast.owner, experiment, "pilot", request))
    # Soonest review first; the same day in the order the gates were opened.
    return sorted(made, key=lambda gate: (gate.review_date, gate.id))


def _walk(session, user, limit):
    seen, cursor, pages = [], None, 0
    while True:
        page = gate_service.queue(session=session, actor=user, limit=limit, cursor=cursor)
        assert page.total == 5
        seen += [gate.id for gate in page.items]
        pages += 1
        if page.next_cursor is None:
            return seen, pages
        cursor = page.next_cursor


@pytest.mark.parametrize("limit", [1, 2, 5, 50])
def test_pages_hold_every_waiting_gate_once_soonest_first(session, cast, gates, limit):
    seen, pages = _walk(session, cast.chair, limit)
    assert seen == [gate.id for gate in gates]
    assert pages == -(-5 // limit)


def test_a_cursor_that_is_not_ours_is_refused_clearly(session, cast, gates):
    for cursor in ("garbage", "WyIyMDI2LTEyLTAxIl0", "W10"):
        with pytest.raises(Invalid) as refused:
            gate_service.queue(session=session, actor=cast.chair, cursor=cursor)
        assert "cursor" in refused.value.errors


def test_the_api_pages_with_a_link_header_and_counts_in_all(client, session, cast, gates):
    api = GateApi(client, session)
    first = api.get(cast.chair, "/gates/queue?limit=2")
    assert first.status_code == 200
    assert [gate["id"] for gate in first.get_json()] == [gates[0].id, gates[1].id]
    assert first.headers["X-Total-Count"] == "5"
    link = first.headers["Link"]
    assert link.endswith('>; rel="next"') and "limit=2" in link
    following = api.get(cast.chair, link[1:].split(">")[0].removeprefix("/api/v1"))
    assert [gate["id"] for gate in following.get_json()] == [gates[2].id, gates[3].id]
    last = api.get(cast.chair, following.headers["Link"][1:].split(">")[0].removeprefix("/api/v1"))
    assert [gate["id"] for gate in last.get_json()] == [gates[4].id]
    assert "Link" not in last.headers


def test_the_api_refuses_a_bad_cursor_or_limit_with_a_problem(client, session, cast, gates):
    api = GateApi(client, session)
    assert api.get(cast.chair, "/gates/queue?cursor=garbage").status_code == 422
    assert api.get(cast.chair, "/gates/queue?limit=0").status_code == 422
    assert api.get(cast.chair, "/gates/queue?limit=1000").status_code == 422


def test_the_page_links_to_the_next_one_and_shows_the_total(client, session, cast, gates):
    login(client, cast.chair.email)
    page = client.get("/gates/queue").get_data(as_text=True)
    assert "5 jalons attendent votre vote" in page
    assert 'rel="next"' not in page  # 5 fit on the first page of 50
    assert all(f"/gates/{gate.id}" in page for gate in gates)
    assert client.get("/gates/queue?cursor=garbage").status_code == 302
