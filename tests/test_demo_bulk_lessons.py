"""Bench data keeps the lesson invariant (a published retrospective and a scale decision each
teach one lesson) and the full-text search finds the bulk lessons on both engines."""

from sqlmodel import Session, select

from tests.conftest import NOW
from tracker.db import get_engine
from tracker.demo import bulk
from tracker.models import Experiment, Gate, GateDecision, Lesson, Retrospective, User
from tracker.services import lessons_search


def _found(session: Session, agent: User, words: str) -> int:
    filters = lessons_search.Filters(q=words)
    counts = lessons_search.facets(session=session, actor=agent, filters=filters)
    return sum(count for _outcome, count in counts["outcome"])


def test_bulk_lessons_follow_their_retrospectives_and_decisions_and_are_searchable(
    app, session: Session
):
    cast = bulk.prepare_cast(session, NOW)
    engine = get_engine(app)
    bulk.generate(engine, cast, 100, NOW, seed=1)
    # A second call continues the ids: the search index must follow both batches.
    bulk.generate(engine, cast, 60, NOW, seed=2)
    published = set(
        session.exec(select(Retrospective.id).where(Retrospective.state == "published"))
    )
    scaled_gates = set(
        session.exec(select(GateDecision.gate_id).where(GateDecision.decision == "scale"))
    )
    lessons = session.exec(select(Lesson)).all()
    stop = [lesson for lesson in lessons if lesson.kind == "retrospective"]
    scale = [lesson for lesson in lessons if lesson.kind == "scale"]
    assert published and {lesson.retrospective_id for lesson in stop} == published
    assert len(stop) == len(published)
    assert scaled_gates and {lesson.gate_id for lesson in scale} == scaled_gates
    assert len(scale) == len(scaled_gates)
    assert len(lessons) == len(stop) + len(scale)
    experiments = {e.id: e for e in session.exec(select(Experiment))}
    gates = {g.id: g for g in session.exec(select(Gate))}
    for lesson in lessons:
        experiment = experiments[lesson.experiment_id]
        assert lesson.organisation_id == cast.organisation_id
        assert (lesson.title, lesson.territory, lesson.theme) == (
            experiment.title,
            experiment.territory,
            experiment.theme or "",
        )
        assert lesson.body and lesson.visibility == "internal"
        if lesson.gate_id is not None:
            assert gates[lesson.gate_id].experiment_id == lesson.experiment_id
    agent = session.get(User, cast.people["agent"])
    assert agent is not None
    # The benchmark's word is in every stop lesson; every title starts with "Essai".
    assert _found(session, agent, "horaires") == len(stop)
    assert _found(session, agent, "Essai") == len(lessons)
    page = lessons_search.search(
        session=session, actor=agent, filters=lessons_search.Filters(q="horaires"), limit=5
    )
    assert len(page.items) == 5 and page.next_cursor is not None
    assert all(lessons_search.MARK_START in hit.snippet for hit in page.items)
    if engine.dialect.name == "sqlite":
        # The external-content index holds exactly the rows of `lessons`.
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO lessons_fts (lessons_fts, rank) VALUES ('integrity-check', 1)"
            )
