"""The failure page's figures against a hand-built dataset (SQLite and PostgreSQL)."""

from datetime import timedelta

from sqlalchemy import update
from sqlmodel import col

from tests.conftest import NOW
from tests.factories import make_experiment
from tracker.models import Experiment, Lesson, LessonReuse, ReminderSettings, Retrospective
from tracker.services import failures as failure_service
from tracker.services import transitions as transition_service

LATER = NOW + timedelta(days=100)


def _fire(session, actor, experiment, trigger, now, **params):
    return transition_service.fire(
        session=session,
        actor=actor,
        experiment_id=experiment.id,
        trigger=trigger,
        version=experiment.version,
        params=params,
        now=now,
    )


def stopped(session, owner, reason, *, prototype=False, now=NOW):
    experiment = make_experiment(session, owner, now)
    if prototype:
        experiment = _fire(session, owner, experiment, "start_prototype", now)
    return _fire(
        session, owner, experiment, "stop", now, stop_reason=reason, explanation="Constat."
    )


def publish_after(session, experiment, days):
    """Mark the experiment's retrospective published `days` after it opened (hand-built)."""
    session.execute(
        update(Retrospective)
        .where(col(Retrospective.experiment_id) == experiment.id)
        .values(state="published", published_at=NOW + timedelta(days=days))
    )
    session.commit()


def idle_since(session, experiment, when):
    session.execute(
        update(Experiment).where(col(Experiment.id) == experiment.id).values(last_activity_at=when)
    )
    session.commit()


def build(session, world):
    """Organisation A: four stops (three published after 10, 30 and 50 days, one overdue),
    two quiet drafts; organisation B: one stop and one quiet draft, never counted for A."""
    a = world.agent_a
    draft_stop = stopped(session, a, "no_impact")
    proto_cost = stopped(session, a, "cost", prototype=True)
    proto_impact = stopped(session, a, "no_impact", prototype=True)
    overdue = stopped(session, a, "legal", prototype=True)
    publish_after(session, draft_stop, 10)
    publish_after(session, proto_cost, 50)
    publish_after(session, proto_impact, 30)
    quiet = make_experiment(session, a, NOW, title="Silencieuse")
    recent = make_experiment(session, a, NOW + timedelta(days=50), title="Récente")
    other = stopped(session, world.agent_b, "budget_cut")
    publish_after(session, other, 2)
    make_experiment(session, world.agent_b, NOW, title="Silencieuse B")
    lesson = Lesson(
        experiment_id=proto_cost.id,
        organisation_id=world.org_a.id,
        kind="retrospective",
        title="Chiffrer avant",
        outcome="stop",
        created_at=NOW,
    )
    session.add(lesson)
    session.flush()
    for experiment in (quiet, recent):
        session.add(LessonReuse(lesson_id=lesson.id, experiment_id=experiment.id, marked_by=a.id))
    session.commit()
    return {"overdue": overdue, "quiet": quiet, "recent": recent}


def test_figures_of_one_organisation(session, world):
    made = build(session, world)
    figures = failure_service.figures(session=session, organisation_id=world.org_a.id, now=LATER)
    assert figures.stops == 4
    assert figures.stops_by_reason == [("no_impact", 2), ("cost", 1), ("legal", 1)]
    assert figures.stops_by_stage == [("prototype", 3), ("draft", 1)]
    assert figures.published == 3
    assert figures.median_days_to_publish == 30
    assert figures.overdue_count == 1
    [late] = figures.overdue
    assert (late.experiment_id, late.state) == (made["overdue"].id, "due")
    assert late.since == NOW.date() + timedelta(days=30)
    assert (figures.lessons_reused, figures.reuses) == (1, 2)
    # Default threshold 90 days: the draft idle for 100 days, not the one idle for 50.
    assert figures.silent_days == 90
    assert figures.silent_by_stage == [("draft", 1)]
    assert [row.experiment_id for row in figures.silent] == [made["quiet"].id]
    assert figures.silent[0].since == NOW.date()


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two(session, world):
    build(session, world)
    extra = stopped(session, world.agent_a, "other")
    publish_after(session, extra, 40)
    figures = failure_service.figures(session=session, organisation_id=world.org_a.id, now=LATER)
    assert figures.published == 4
    assert figures.median_days_to_publish == 35


def test_silent_deaths_follow_the_organisation_setting(session, world):
    made = build(session, world)
    session.add(
        ReminderSettings(organisation_id=world.org_a.id, thresholds={"silent_death_days": 30})
    )
    session.commit()
    figures = failure_service.figures(session=session, organisation_id=world.org_a.id, now=LATER)
    assert figures.silent_days == 30
    assert {row.experiment_id for row in figures.silent} == {made["quiet"].id, made["recent"].id}
    idle_since(session, made["recent"], LATER - timedelta(days=1))
    figures = failure_service.figures(session=session, organisation_id=world.org_a.id, now=LATER)
    assert figures.silent_count == 1


def test_every_organisation_at_once(session, world):
    build(session, world)
    session.add(
        ReminderSettings(organisation_id=world.org_b.id, thresholds={"silent_death_days": 200})
    )
    session.commit()
    figures = failure_service.figures(session=session, organisation_id=None, now=LATER)
    assert figures.stops == 5
    assert ("budget_cut", 1) in figures.stops_by_reason
    assert figures.published == 4
    assert figures.median_days_to_publish == 20
    # B's quiet draft is within B's own 200 days; A's is past A's default 90.
    assert figures.silent_count == 1
    assert figures.silent_days is None


def test_an_empty_organisation_has_honest_zeros(session, world):
    figures = failure_service.figures(session=session, organisation_id=world.org_a.id, now=NOW)
    assert (figures.stops, figures.published, figures.overdue_count) == (0, 0, 0)
    assert figures.median_days_to_publish is None
    assert figures.stops_by_reason == figures.silent_by_stage == []
