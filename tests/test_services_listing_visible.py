"""The visible list merges the own organisation's rows and other organisations' public ones."""

from datetime import timedelta

from tests.conftest import NOW
from tests.factories import make_experiment
from tracker.services import listing


def test_pages_of_the_visible_list_hold_every_visible_row_once_newest_first(session, world):
    made = []
    for number in range(14):
        # Pairs share a timestamp: the id breaks ties, across both halves of the merge.
        at = NOW + timedelta(minutes=number // 2)
        owner = world.agent_a if number % 3 else world.agent_b
        visibility = "public" if number % 2 else "internal"
        made.append(make_experiment(session, owner, at, title=f"E{number}", visibility=visibility))
    expected = sorted(
        (e for e in made if e.organisation_id == world.org_a.id or e.visibility == "public"),
        key=lambda e: (e.last_activity_at, e.id),
        reverse=True,
    )
    seen, cursor = [], None
    for _ in range(20):
        page = listing.list_(
            session=session, actor=world.agent_a, scope="visible", limit=3, cursor=cursor
        )
        seen += page.items
        cursor = page.next_cursor
        if cursor is None:
            break
    assert [e.id for e in seen] == [e.id for e in expected]
    # Both halves are on the pages: org B's public rows, and org A's own (public or not).
    assert {e.organisation_id for e in seen} == {world.org_a.id, world.org_b.id}
    assert all(e.visibility == "public" for e in seen if e.organisation_id == world.org_b.id)
