"""Experiment lists: scopes, filters and keyset pagination."""

import base64
import json
from datetime import timedelta

import pytest
from sqlalchemy import update

from tests.conftest import NOW
from tests.factories import make_experiment
from tracker.models import Experiment
from tracker.services import listing as listing_service
from tracker.services import transitions as transition_service
from tracker.services.errors import Invalid


def titles(page) -> set[str]:
    return {experiment.title for experiment in page.items}


def list_(session, actor, **options):
    return listing_service.list_(session=session, actor=actor, **options)


@pytest.fixture
def catalogue(session, world):
    """Experiments of both organisations, internal and public, owned or joined."""
    make_experiment(session, world.agent_a, NOW, title="A internal")
    make_experiment(session, world.agent_a, NOW, title="A public", visibility="public")
    make_experiment(session, world.colleague_a, NOW, title="A colleague's")
    make_experiment(session, world.colleague_a, NOW, title="A joined", team=["agent@a.example"])
    make_experiment(session, world.agent_b, NOW, title="B internal")
    make_experiment(session, world.agent_b, NOW, title="B public", visibility="public")
    return world


def test_visible_scope_is_own_organisation_plus_public(session, catalogue):
    assert titles(list_(session, catalogue.agent_a)) == {
        "A internal",
        "A public",
        "A colleague's",
        "A joined",
        "B public",
    }
    assert titles(list_(session, catalogue.reviewer_b)) == {"B internal", "B public", "A public"}


def test_organisation_scope_leaves_other_organisations_out(session, catalogue):
    assert titles(list_(session, catalogue.agent_a, scope="organisation")) == {
        "A internal",
        "A public",
        "A colleague's",
        "A joined",
    }


def test_mine_scope_is_owned_or_joined(session, catalogue):
    assert titles(list_(session, catalogue.agent_a, scope="mine")) == {
        "A internal",
        "A public",
        "A joined",
    }
    assert titles(list_(session, catalogue.colleague_a, scope="mine")) == {
        "A colleague's",
        "A joined",
    }
    assert titles(list_(session, catalogue.admin_a, scope="mine")) == set()


def test_state_filter(session, world):
    started = make_experiment(session, world.agent_a, NOW, title="Started")
    make_experiment(session, world.agent_a, NOW, title="Still a draft")
    transition_service.fire(
        session=session,
        actor=world.agent_a,
        experiment_id=started.id,
        trigger="start_prototype",
        version=1,
        params={},
        now=NOW,
    )
    assert titles(list_(session, world.agent_a, state="prototype")) == {"Started"}
    assert titles(list_(session, world.agent_a, state="draft")) == {"Still a draft"}
    assert titles(list_(session, world.agent_a, state="pilot")) == set()


def test_territory_filter_ignores_case_and_spaces(session, world):
    make_experiment(session, world.agent_a, NOW, title="In Lozère", territory="Lozère")
    make_experiment(session, world.agent_a, NOW, title="Elsewhere", territory="Gard")
    for asked in ("Lozère", "lozère", "LOZÈRE", "  lozère "):
        assert titles(list_(session, world.agent_a, territory=asked)) == {"In Lozère"}, asked


def test_territory_filter_ignores_the_case_of_accented_capitals(session, world):
    # SQLite's built-in lower() leaves "Î" alone; French place names need real folding.
    make_experiment(session, world.agent_a, NOW, title="Francilien", territory="Île-de-France")
    make_experiment(session, world.agent_a, NOW, title="Elsewhere", territory="Gard")
    for asked in ("île-de-france", "ÎLE-DE-FRANCE", "Île-de-France"):
        assert titles(list_(session, world.agent_a, territory=asked)) == {"Francilien"}, asked


def test_blank_filters_are_ignored(session, world):
    make_experiment(session, world.agent_a, NOW, title="One")
    assert titles(list_(session, world.agent_a, territory="  ", q=" ", state="")) == {"One"}


SEARCHES = [
    ("guichet", {"Guichet unique"}),
    ("ABANDON", {"Guichet unique"}),
    ("covoiturage", {"Covoiturage rural"}),
    ("partagés", {"Covoiturage rural"}),
    ("moitié", {"Guichet unique"}),
    ("école", {"Cantine"}),
    ("ÉCOLE", {"Cantine"}),
    ("nothing like it", set()),
    ("%", {"100 % numérique"}),
    ("100 %", {"100 % numérique"}),
    ("_", set()),
    ("\\", set()),
]


def test_free_text_searches_title_problem_and_hypothesis(session, world):
    make_experiment(session, world.agent_a, NOW, title="Guichet unique")
    make_experiment(
        session,
        world.agent_a,
        NOW,
        title="Covoiturage rural",
        problem="Pas de bus.",
        hypothesis="Des trajets partagés.",
    )
    make_experiment(
        session,
        world.agent_a,
        NOW,
        title="Cantine",
        problem="Le gaspillage à l'École.",
        hypothesis="Des portions adaptées.",
    )
    make_experiment(session, world.agent_a, NOW, title="100 % numérique", problem="", hypothesis="")
    for q, expected in SEARCHES:
        assert titles(list_(session, world.agent_a, q=q)) == expected, q


def _set_activity(session, experiment, at):
    session.execute(
        update(Experiment).where(Experiment.id == experiment.id).values(last_activity_at=at)
    )
    session.commit()


def _walk(session, actor, limit, **options):
    seen, cursor, pages = [], None, 0
    while True:
        page = list_(session, actor, limit=limit, cursor=cursor, **options)
        seen.extend(page.items)
        pages += 1
        assert len(page.items) <= limit
        if page.next_cursor is None:
            return seen, pages
        cursor = page.next_cursor
        assert pages < 50


def test_keyset_pages_with_equal_timestamps_have_no_duplicates_and_no_gaps(session, world):
    created = [make_experiment(session, world.agent_a, NOW, title=f"E{i}") for i in range(7)]
    seen, pages = _walk(session, world.agent_a, limit=3)
    assert pages == 3
    assert [e.id for e in seen] == sorted((e.id for e in created), reverse=True)


def test_keyset_pages_follow_last_activity_newest_first(session, world):
    created = [make_experiment(session, world.agent_a, NOW, title=f"E{i}") for i in range(9)]
    # Three groups of three sharing a timestamp, in an order unrelated to creation.
    for index, experiment in enumerate(created):
        _set_activity(session, experiment, NOW + timedelta(minutes=(index * 7) % 3))
    seen, _pages = _walk(session, world.agent_a, limit=2)
    assert len(seen) == len({e.id for e in seen}) == 9
    keys = [(e.last_activity_at, e.id) for e in seen]
    assert keys == sorted(keys, reverse=True)


def test_last_page_has_no_cursor(session, world):
    for i in range(3):
        make_experiment(session, world.agent_a, NOW, title=f"E{i}")
    assert list_(session, world.agent_a, limit=3).next_cursor is None
    assert list_(session, world.agent_a, limit=2).next_cursor is not None


def test_cursor_and_filters_combine(session, world):
    for i in range(4):
        make_experiment(session, world.agent_a, NOW, title=f"Lozère {i}", territory="Lozère")
        make_experiment(session, world.agent_a, NOW, title=f"Gard {i}", territory="Gard")
    seen, _pages = _walk(session, world.agent_a, limit=3, territory="lozère")
    assert sorted(e.title for e in seen) == [f"Lozère {i}" for i in range(4)]


def _raw_cursor(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


BAD_CURSORS = [
    "not a cursor",
    "%%%",
    _raw_cursor(["yesterday", 3]),
    _raw_cursor(["2026-11-27T09:00:00+00:00"]),
    _raw_cursor(["2026-11-27T09:00:00+00:00", "three"]),
    _raw_cursor(["2026-11-27T09:00:00", 3]),  # no time zone
    _raw_cursor(["2026-11-27T09:00:00+00:00", 10**30]),
    _raw_cursor(["2026-11-27T09:00:00+00:00", -1]),
    _raw_cursor({"at": 1}),
    _raw_cursor(None),
]


def test_invalid_cursor_is_invalid(session, world):
    make_experiment(session, world.agent_a, NOW)
    for cursor in BAD_CURSORS:
        with pytest.raises(Invalid) as refused:
            list_(session, world.agent_a, cursor=cursor)
        assert "cursor" in refused.value.errors, cursor


def test_limit_out_of_range_is_invalid(session, world):
    for limit in (0, -1, 101):
        with pytest.raises(Invalid) as refused:
            list_(session, world.agent_a, limit=limit)
        assert "limit" in refused.value.errors, limit


def test_limit_bounds_are_accepted(session, world):
    make_experiment(session, world.agent_a, NOW)
    assert len(list_(session, world.agent_a, limit=1).items) == 1
    assert len(list_(session, world.agent_a, limit=100).items) == 1


def test_unknown_state_is_invalid(session, world):
    with pytest.raises(Invalid) as refused:
        list_(session, world.agent_a, state="flying")
    assert "state" in refused.value.errors


def test_unknown_scope_is_invalid(session, world):
    with pytest.raises(Invalid) as refused:
        list_(session, world.agent_a, scope="everything")
    assert "scope" in refused.value.errors
