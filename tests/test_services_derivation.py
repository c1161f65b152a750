"""Deriving an experiment from another (takeover, replication): copy, link, lessons applied."""

import pytest
from sqlmodel import select

from tests.conftest import NOW
from tests.factories import make_experiment
from tracker.models import Event, Lesson, LessonReuse
from tracker.services import derivation
from tracker.services.errors import Invalid


def _lesson(session, experiment, visibility="internal"):
    lesson = Lesson(
        experiment_id=experiment.id,
        organisation_id=experiment.organisation_id,
        kind="retrospective",
        title="Leçon",
        outcome="stop",
        visibility=visibility,
        created_at=NOW,
    )
    session.add(lesson)
    session.commit()
    return lesson


def test_a_derived_draft_copies_the_source_and_names_it(session, world):
    source = make_experiment(session, world.agent_a, NOW, visibility="public")
    derived = derivation.derive(
        session=session,
        actor=world.agent_b,
        source=source,
        link="taken_over_from_id",
        now=NOW,
        overrides={"territory": "Gironde"},
    )
    session.commit()
    assert (derived.state, derived.visibility, derived.iteration) == ("draft", "internal", 1)
    assert (derived.organisation_id, derived.owner_id) == (world.org_b.id, world.agent_b.id)
    assert derived.taken_over_from_id == source.id
    assert derived.territory == "Gironde"
    for name in ("title", "problem", "hypothesis", "target_users", "stop_criteria"):
        assert getattr(derived, name) == getattr(source, name), name
    assert derived.success_criteria == source.success_criteria
    [event] = session.exec(select(Event).where(Event.experiment_id == derived.id)).all()
    assert (event.trigger, event.data) == ("create", {"taken_over_from_id": source.id})


def test_overrides_are_validated_like_a_creation(session, world):
    source = make_experiment(session, world.agent_a, NOW)
    with pytest.raises(Invalid):
        derivation.derive(
            session=session,
            actor=world.agent_a,
            source=source,
            link="taken_over_from_id",
            now=NOW,
            overrides={"title": "   "},
        )


def test_lessons_are_applied_once(session, world):
    source = make_experiment(session, world.agent_a, NOW)
    _lesson(session, source)
    derived = derivation.derive(
        session=session, actor=world.colleague_a, source=source, link="taken_over_from_id", now=NOW
    )
    again = derivation.apply_lessons(
        session=session, actor=world.colleague_a, source=source, target=derived, now=NOW
    )
    session.commit()
    assert again == 0
    assert len(session.exec(select(LessonReuse)).all()) == 1
