"""Experiment services: creation, visibility, edits, versions, transitions, journal."""

from datetime import date, timedelta

import pytest
from sqlmodel import select

from tests.conftest import NOW
from tests.factories import make_experiment
from tracker.models import Event, Experiment
from tracker.services import experiments as experiment_service
from tracker.services import transitions as transition_service
from tracker.services.errors import Conflict, Forbidden, Invalid, NotFound


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


def update(session, actor, experiment, version=None, **changes):
    return experiment_service.update(
        session=session,
        actor=actor,
        experiment_id=experiment.id,
        version=experiment.version if version is None else version,
        changes=changes,
        now=NOW + timedelta(hours=1),
    )


def timeline(session, actor, experiment):
    return experiment_service.events(session=session, actor=actor, experiment_id=experiment.id)


def test_create_stores_every_field_with_defaults(session, world):
    experiment = experiment_service.create(
        session=session,
        actor=world.agent_a,
        data={"title": "  Brouillon  ", "planned_start": "2027-01-04", "stop_criteria": [" ", "x"]},
        now=NOW,
    )
    stored = session.get(Experiment, experiment.id)
    assert stored.title == "Brouillon" and stored.stop_criteria == ["x"]
    assert (stored.state, stored.visibility, stored.problem) == ("draft", "internal", "")
    assert stored.planned_start == date(2027, 1, 4) and stored.planned_end is None
    assert (stored.organisation_id, stored.owner_id) == (world.org_a.id, world.agent_a.id)
    assert stored.created_at == stored.last_activity_at == NOW


INVALID_CREATIONS = [
    ({"title": "x", "visibility": "secret"}, "visibility"),
    ({"title": "x", "planned_start": "2027-02-01", "planned_end": "2027-01-01"}, "__root__"),
    ({"title": "x", "planned_start": "someday"}, "planned_start"),
    (
        {"title": "x", "success_criteria": [{"indicator": "", "target": "y"}]},
        "success_criteria.0.indicator",
    ),
    (
        {"title": "x", "success_criteria": [{"indicator": "a", "target": "b", "direction": "up"}]},
        "success_criteria.0.direction",
    ),
    ({"title": "x" * 201}, "title"),
    ({}, "title"),
]


def test_invalid_creations_name_the_field(session, world):
    for data, field in INVALID_CREATIONS:
        with pytest.raises(Invalid) as refused:
            experiment_service.create(session=session, actor=world.agent_a, data=data, now=NOW)
        assert field in refused.value.errors, (data, refused.value.errors)
    assert session.exec(select(Experiment)).all() == []


def test_team_members_must_be_active_colleagues(session, world):
    for email in ("agent@b.example", "nobody@a.example"):
        with pytest.raises(Invalid) as refused:
            experiment_service.create(
                session=session, actor=world.agent_a, data={"title": "x", "team": [email]}, now=NOW
            )
        assert "team" in refused.value.errors
    experiment = make_experiment(session, world.agent_a, NOW, team=["Colleague@A.example"])
    team = experiment_service.team_of(session, experiment)
    assert [user.id for user in team] == [world.colleague_a.id]


def test_public_experiment_is_readable_by_another_organisation_but_not_editable(session, world):
    experiment = make_experiment(session, world.agent_a, NOW, visibility="public")
    assert (
        experiment_service.get(session=session, actor=world.agent_b, experiment_id=experiment.id).id
        == experiment.id
    )
    with pytest.raises(Forbidden):
        update(session, world.agent_b, experiment, title="Pris")
    with pytest.raises(NotFound):
        experiment_service.get(session=session, actor=world.agent_a, experiment_id=999_999)


def test_update_records_the_changed_fields_and_bumps_the_version(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    update(session, world.agent_a, experiment, title="Nouveau titre", territory="Gard")
    stored = session.get(Experiment, experiment.id)
    session.refresh(stored)
    assert (stored.title, stored.territory, stored.version) == ("Nouveau titre", "Gard", 2)
    last = timeline(session, world.agent_a, experiment)[-1]
    assert (last.trigger, last.from_state, last.to_state) == ("update", "draft", "draft")
    assert last.data == {"fields": ["territory", "title"]}


def test_update_without_change_writes_nothing(session, world):
    experiment = make_experiment(session, world.agent_a, NOW, team=["colleague@a.example"])
    current = experiment_service.current_values(session, experiment)
    update(session, world.agent_a, experiment, **{k: current[k] for k in ("title", "problem")})
    update(session, world.agent_a, experiment, team=["COLLEAGUE@a.example"])
    update(session, world.agent_a, experiment, team=["colleague@a.example", "agent@a.example"])
    session.refresh(experiment)
    assert experiment.version == 1
    assert [e.trigger for e in timeline(session, world.agent_a, experiment)] == ["create"]


def test_update_changes_the_team(session, world):
    experiment = make_experiment(session, world.agent_a, NOW, team=["colleague@a.example"])
    update(session, world.agent_a, experiment, team=["reviewer@a.example"])
    assert [u.id for u in experiment_service.team_of(session, experiment)] == [world.reviewer_a.id]
    assert timeline(session, world.agent_a, experiment)[-1].data == {"fields": ["team"]}
    with pytest.raises(Forbidden):
        update(session, world.colleague_a, experiment, title="Plus membre")


def test_update_refuses_unknown_fields_and_a_missing_version(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    for field in ("state", "version", "owner_id", "stop_reason"):
        with pytest.raises(Invalid) as refused:
            experiment_service.update(
                session=session,
                actor=world.agent_a,
                experiment_id=experiment.id,
                version=1,
                changes={field: "x"},
                now=NOW,
            )
        assert field in refused.value.errors
    with pytest.raises(Invalid) as refused:
        experiment_service.update(
            session=session,
            actor=world.agent_a,
            experiment_id=experiment.id,
            version=None,
            changes={"title": "x"},
            now=NOW,
        )
    assert "version" in refused.value.errors
    session.refresh(experiment)
    assert experiment.state == "draft" and experiment.version == 1


def test_a_stopped_experiment_cannot_be_edited(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    transition_service.fire(
        session=session,
        actor=world.agent_a,
        experiment_id=experiment.id,
        trigger="stop",
        version=1,
        params={"stop_reason": "other", "explanation": "Fin."},
        now=NOW,
    )
    with pytest.raises(Conflict):
        update(session, world.agent_a, experiment, title="Après coup")


def test_non_team_colleague_cannot_edit(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    for actor in (world.colleague_a, world.admin_a):
        with pytest.raises(Forbidden):
            update(session, actor, experiment, title="Pas à moi")


def test_timeline_is_oldest_first_and_hidden_from_other_organisations(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    update(session, world.agent_a, experiment, title="Deux")
    transition_service.fire(
        session=session,
        actor=world.agent_a,
        experiment_id=experiment.id,
        trigger="start_prototype",
        version=2,
        params={},
        now=NOW + timedelta(hours=2),
    )
    triggers = [e.trigger for e in timeline(session, world.colleague_a, experiment)]
    assert triggers == ["create", "update", "start_prototype"]
    with pytest.raises(NotFound):
        timeline(session, world.agent_b, experiment)
