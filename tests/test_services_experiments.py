"""Experiment services: creation, visibility, edits, versions, transitions, journal."""

from datetime import timedelta

import pytest
from sqlmodel import select

from tests.conftest import NOW
from tests.factories import make_experiment
from tracker.models import Event
from tracker.services import experiments as experiment_service
from tracker.services import journal as journal_service
from tracker.services import transitions as transition_service
from tracker.services.errors import Conflict, Forbidden, GuardFailed, Invalid, NotFound


def test_create_records_a_create_event(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    events = session.exec(select(Event).where(Event.experiment_id == experiment.id)).all()
    assert [(e.trigger, e.from_state, e.to_state) for e in events] == [("create", None, "draft")]
    assert experiment.version == 1 and experiment.iteration == 1


def test_title_is_required(session, world):
    with pytest.raises(Invalid) as refused:
        experiment_service.create(
            session=session, actor=world.agent_a, data={"title": " "}, now=NOW
        )
    assert "title" in refused.value.errors


def test_internal_experiment_is_invisible_to_another_organisation(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    with pytest.raises(NotFound):
        experiment_service.get(session=session, actor=world.agent_b, experiment_id=experiment.id)


def test_stale_version_is_a_conflict(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    experiment_service.update(
        session=session,
        actor=world.agent_a,
        experiment_id=experiment.id,
        version=1,
        changes={"title": "v2"},
        now=NOW,
    )
    with pytest.raises(Conflict):
        experiment_service.update(
            session=session,
            actor=world.agent_a,
            experiment_id=experiment.id,
            version=1,
            changes={"title": "v2 bis"},
            now=NOW,
        )


def test_start_prototype_then_stop(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    transition_service.fire(
        session=session,
        actor=world.agent_a,
        experiment_id=experiment.id,
        trigger="start_prototype",
        version=1,
        params={},
        now=NOW,
    )
    assert experiment.state == "prototype" and experiment.version == 2
    with pytest.raises(GuardFailed) as refused:
        transition_service.fire(
            session=session,
            actor=world.agent_a,
            experiment_id=experiment.id,
            trigger="stop",
            version=2,
            params={"stop_reason": "cost"},
            now=NOW,
        )
    assert refused.value.reasons == ["the stop is explained"]
    transition_service.fire(
        session=session,
        actor=world.agent_a,
        experiment_id=experiment.id,
        trigger="stop",
        version=2,
        params={"stop_reason": "cost", "explanation": "Trop cher."},
        now=NOW + timedelta(days=1),
    )
    assert experiment.state == "stopped" and experiment.stop_reason == "cost"


def test_go_pilot_cannot_be_fired_by_the_owner(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    transition_service.fire(
        session=session,
        actor=world.agent_a,
        experiment_id=experiment.id,
        trigger="start_prototype",
        version=1,
        params={},
        now=NOW,
    )
    with pytest.raises(Forbidden):
        transition_service.fire(
            session=session,
            actor=world.agent_a,
            experiment_id=experiment.id,
            trigger="go_pilot",
            version=2,
            params={},
            now=NOW,
        )


def test_journal_measurement_needs_a_value(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    with pytest.raises(Invalid):
        journal_service.add_entry(
            session=session,
            actor=world.agent_a,
            experiment_id=experiment.id,
            data={"kind": "measurement", "indicator": "taux"},
            now=NOW,
        )
    entry = journal_service.add_entry(
        session=session,
        actor=world.agent_a,
        experiment_id=experiment.id,
        data={"kind": "measurement", "indicator": "taux", "value": 12.5},
        now=NOW,
    )
    assert entry.logged_in_state == "draft" and entry.occurred_on == NOW.date()
