"""Lessons service: every outcome teaches; search, facets, visibility, public opt-in, reuse."""

import pytest
from sqlalchemy import text
from sqlmodel import select

from tests import gate_steps as steps
from tests.conftest import NOW
from tests.factories import make_experiment
from tests.lesson_steps import publication, published, search, titled, world_lessons
from tests.retro_steps import FILLED, fire, submitted
from tracker.models import Event, Lesson
from tracker.services import lessons as lesson_service
from tracker.services import lessons_reuse
from tracker.services import lessons_search as search_service
from tracker.services.errors import Conflict, Forbidden, Invalid, NotFound


@pytest.fixture
def cast(session, world):
    return steps.build_cast(session, world)


def _lessons(session, experiment):
    session.expire_all()
    return list(session.exec(select(Lesson).where(Lesson.experiment_id == experiment.id)))


def _triggers(session, experiment):
    rows = session.exec(select(Event.trigger).where(Event.experiment_id == experiment.id))
    return [trigger for trigger in rows if "lesson" in trigger]


# Every outcome teaches ------------------------------------------------------------------------


def test_publishing_a_retrospective_creates_its_stop_lesson(session, cast):
    experiment = make_experiment(session, cast.owner, NOW)
    submitted(session, cast.owner, experiment)
    assert _lessons(session, experiment) == []
    fire(session, cast.chair, experiment, "publish")
    [lesson] = _lessons(session, experiment)
    assert (lesson.kind, lesson.outcome, lesson.visibility) == ("retrospective", "stop", "internal")
    assert lesson.stop_reason == "no_impact"
    assert lesson.cause_tags == FILLED["cause_tags"]
    assert FILLED["what_we_learned"] in lesson.body
    assert (lesson.territory, lesson.title) == ("Lozère", experiment.title)
    assert lesson.retrospective_id is not None


def test_an_adapt_decision_creates_a_lesson_linked_to_its_gate(session, cast):
    experiment = steps.in_evaluation(session, cast)
    gate = steps.request(session, cast.owner, experiment, "decision", steps.DECISION_REQUEST)
    steps.reviewed(session, cast, gate, "adapt", restart_at="pilot")
    [lesson] = _lessons(session, experiment)
    assert (lesson.kind, lesson.outcome, lesson.gate_id) == ("adapt", "adapt", gate.id)
    assert steps.DECISION_INPUTS["adapt"]["changes"] in lesson.body
    assert "Décision motivée du comité." in lesson.body


def test_a_scale_decision_creates_a_lesson_with_its_conditions_of_success(session, cast):
    experiment = steps.in_evaluation(session, cast)
    gate = steps.request(session, cast.owner, experiment, "decision", steps.DECISION_REQUEST)
    steps.reviewed(session, cast, gate, "scale")
    [lesson] = _lessons(session, experiment)
    assert (lesson.kind, lesson.outcome, lesson.gate_id) == ("scale", "scale", gate.id)
    assert steps.DECISION_INPUTS["scale"]["scaling_plan"] in lesson.body


def test_a_go_teaches_no_lesson(session, cast):
    experiment = steps.in_pilot(session, cast)
    assert _lessons(session, experiment) == []


# Search -----------------------------------------------------------------------------------------


def test_search_ignores_accents_both_ways(session, world):
    titled(session, world.agent_a, "Bilan", "Une évaluation trop tardive.")
    titled(session, world.agent_a, "Autre", "Rien à voir.")
    assert search(session, world.agent_a, "evaluation") == ["Bilan"]
    assert search(session, world.agent_a, "ÉVALUATION") == ["Bilan"]
    titled(session, world.agent_a, "Sans accent", "Une evaluation bien faite.")
    assert sorted(search(session, world.agent_a, "évaluation")) == ["Bilan", "Sans accent"]


def test_search_finds_plural_forms(session, world):
    titled(session, world.agent_a, "Démarches", "Les formulaires découragent les usagers.")
    assert search(session, world.agent_a, "formulaire") == ["Démarches"]


def test_french_stemming_on_postgresql(session, world):
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("French stemming is PostgreSQL's (SQLite matches prefixes)")
    titled(session, world.agent_a, "Démarches", "Une expérimentation que l'habitant décourageait.")
    # The plural and the verb's other form share their stems with the text's words.
    assert search(session, world.agent_a, "expérimentations habitants décourager") == ["Démarches"]


def test_ranking_puts_the_title_match_first(session, world):
    titled(session, world.agent_a, "Horaires d'ouverture", "Un guichet ouvert tard.")
    titled(session, world.agent_a, "Guichet", "Les horaires, les horaires, encore les horaires.")
    assert search(session, world.agent_a, "horaires") == ["Horaires d'ouverture", "Guichet"]


def test_search_operators_are_plain_text(session, world):
    titled(session, world.agent_a, "Guichet", "Accueil NEAR la gare.")
    assert search(session, world.agent_a, 'NEAR( "gare" *') == ["Guichet"]
    assert search(session, world.agent_a, '"') == ["Guichet"]  # no words: every lesson


def test_snippets_mark_the_matches(session, world):
    titled(session, world.agent_a, "Bilan", "Une évaluation trop tardive.")
    page = search_service.search(
        session=session, actor=world.agent_a, filters=search_service.Filters(q="evaluation")
    )
    marked = f"{search_service.MARK_START}évaluation{search_service.MARK_END}"
    assert marked in page.items[0].snippet


def test_filters_combine_with_the_text(session, world):
    world_lessons(session, world)
    assert search(session, world.agent_a, "partenaires", stop_reason="cost") == ["Navette rurale"]
    assert search(session, world.agent_a, "", cause_tag="timing", territory="cantal") == [
        "Navette rurale"
    ]
    assert search(session, world.agent_a, "", kind="adapt") == ["Formulaire simplifié"]


def test_facets_count_what_the_reader_sees_under_the_other_filters(session, world):
    world_lessons(session, world)
    filters = search_service.Filters(outcome="stop")
    counts = search_service.facets(session=session, actor=world.agent_a, filters=filters)
    # A reads a1, a2, a3 (its own) and b2 (public); b1 stays out.
    assert counts["outcome"] == [("stop", 3), ("adapt", 1)]
    assert counts["territory"] == [("Lozère", 2), ("Cantal", 1)]
    assert counts["theme"] == [("alimentation", 1), ("mobilité", 1), ("social", 1)]
    assert counts["stop_reason"] == [("budget_cut", 1), ("cost", 1), ("no_impact", 1)]
    assert counts["cause_tag"] == [
        ("timing", 2),
        ("partners", 1),
        ("resources", 1),
        ("user_adoption", 1),
    ]


@pytest.mark.parametrize(
    "chosen",
    [
        {},
        {"q": "les"},
        {"cause_tag": "timing"},
        {"outcome": "stop", "territory": "lozère", "cause_tag": "timing"},
    ],
)
def test_each_facet_count_is_what_choosing_that_value_finds(session, world, chosen):
    world_lessons(session, world)
    counts = search_service.facets(
        session=session, actor=world.agent_a, filters=search_service.Filters(**chosen)
    )
    assert any(counts.values())
    for name, values in counts.items():
        for value, count in values:
            narrowed = search_service.Filters(**{**chosen, name: value})
            found = search_service.search(
                session=session, actor=world.agent_a, filters=narrowed, limit=100
            )
            assert len(found.items) == count, (name, value)


def test_pages_follow_the_cursor_without_repeats(session, world):
    for number in range(5):
        titled(session, world.agent_a, f"Leçon {number}", "Accueil du public.")
    seen, cursor = [], None
    while True:
        page = search_service.search(
            session=session,
            actor=world.agent_a,
            filters=search_service.Filters(q="accueil"),
            limit=2,
            cursor=cursor,
        )
        seen += [hit.lesson.title for hit in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert sorted(seen) == [f"Leçon {number}" for number in range(5)]


def test_bad_filters_and_cursors_are_invalid(session, world):
    for filters, cursor in [
        (search_service.Filters(outcome="won"), None),
        (search_service.Filters(stop_reason="bored"), None),
        (search_service.Filters(), "not-a-cursor"),
    ]:
        with pytest.raises(Invalid):
            search_service.search(
                session=session, actor=world.agent_a, filters=filters, cursor=cursor
            )


def test_postgresql_search_uses_the_gin_index(session, world):
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("the GIN expression index is PostgreSQL's")
    session.execute(text("SET LOCAL enable_seqscan = off"))
    query = f"EXPLAIN SELECT id FROM lessons WHERE {search_service.PG_DOCUMENT} @@ "
    query += "websearch_to_tsquery('tracker_french'::regconfig, 'guichet')"
    plan = "\n".join(row[0] for row in session.execute(text(query)))
    assert "ix_lessons_search" in plan
    session.rollback()


# Visibility ----------------------------------------------------------------------------------


def test_internal_lessons_stay_in_their_organisation(session, world):
    rows = world_lessons(session, world)
    assert sorted(search(session, world.agent_b)) == [
        "Cantine bio",
        "Formulaire simplifié",
        "Tiers-lieu",
    ]
    with pytest.raises(NotFound):
        lesson_service.get(session=session, actor=world.agent_b, lesson_id=rows["a1"].id)
    assert lesson_service.get(session=session, actor=world.agent_b, lesson_id=rows["a3"].id)


# Public opt-in --------------------------------------------------------------------------------


def test_publication_needs_the_owner_then_a_chair(session, cast, world):
    experiment, lesson = published(session, cast)
    with pytest.raises(Conflict):
        publication(session, cast.chair, lesson, "approve")
    with pytest.raises(Forbidden):
        publication(session, cast.chair, lesson, "request")
    with pytest.raises(NotFound):
        publication(session, world.agent_b, lesson, "request")
    publication(session, cast.owner, lesson, "request")
    assert (lesson.publication, lesson.visibility) == ("requested", "internal")
    with pytest.raises(Forbidden):
        publication(session, cast.owner, lesson, "approve")
    publication(session, cast.chair, lesson, "approve")
    assert (lesson.publication, lesson.visibility) == ("approved", "public")
    assert lesson.public_approved_by == cast.chair.id
    assert lesson_service.get(session=session, actor=world.agent_b, lesson_id=lesson.id)
    assert _triggers(session, experiment) == ["lesson_publication_requested", "lesson_published"]


def test_a_declined_lesson_stays_internal_and_may_be_asked_again(session, cast):
    experiment, lesson = published(session, cast)
    publication(session, cast.owner, lesson, "request")
    publication(session, cast.chair, lesson, "decline")
    assert (lesson.publication, lesson.visibility) == ("declined", "internal")
    publication(session, cast.owner, lesson, "request")
    assert lesson.publication == "requested"
    assert _triggers(session, experiment)[-2:] == [
        "lesson_publication_declined",
        "lesson_publication_requested",
    ]


def test_unknown_publication_action_is_invalid(session, cast):
    _experiment, lesson = published(session, cast)
    with pytest.raises(Invalid):
        publication(session, cast.owner, lesson, "delete")


# Reuse ------------------------------------------------------------------------------------------


def _mark(session, actor, experiment, lesson):
    return lessons_reuse.mark(
        session=session, actor=actor, experiment_id=experiment.id, lesson_id=lesson.id, now=NOW
    )


def test_reuse_counts_each_experiment_once(session, world):
    rows = world_lessons(session, world)
    first = make_experiment(session, world.agent_a, NOW, title="Suite A")
    second = make_experiment(session, world.agent_b, NOW, title="Suite B")
    assert _mark(session, world.agent_a, first, rows["a3"])[1] is True
    assert _mark(session, world.agent_a, first, rows["a3"])[1] is False
    assert _mark(session, world.agent_b, second, rows["a3"])[1] is True
    counts = lesson_service.reuse_counts(session, [rows["a3"].id, rows["a1"].id])
    assert counts == {rows["a3"].id: 2, rows["a1"].id: 0}
    assert lessons_reuse.applied_ids(session, [first.id]) == {first.id: [rows["a3"].id]}
    assert _triggers(session, first) == ["lesson_applied"]


def test_reuse_needs_the_team_and_a_readable_lesson(session, world):
    rows = world_lessons(session, world)
    mine = make_experiment(session, world.agent_b, NOW, title="Suite B")
    with pytest.raises(Invalid):  # A's internal lesson is not B's to read
        _mark(session, world.agent_b, mine, rows["a1"])
    theirs = make_experiment(session, world.agent_a, NOW, title="Suite A")
    with pytest.raises(Forbidden):
        _mark(session, world.colleague_a, theirs, rows["a1"])
    source = session.get(type(theirs), rows["a1"].experiment_id)
    with pytest.raises(Invalid):  # its own lesson
        _mark(session, world.agent_a, source, rows["a1"])
