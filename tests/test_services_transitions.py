"""Firing experiment triggers through the service: permission, version, guards, events."""

from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlmodel import Session, select

from tests.conftest import NOW
from tests.factories import make_experiment
from tracker.models import Event, Experiment
from tracker.services import journal as journal_service
from tracker.services import transitions as transition_service
from tracker.services import users as user_service
from tracker.services.errors import Conflict, Forbidden, GuardFailed, Invalid, NotFound

LATER = NOW + timedelta(hours=2)


def fire(session, actor, experiment, trigger, version=None, **params):
    """Fire with the experiment's current version unless another one is given."""
    return transition_service.fire(
        session=session,
        actor=actor,
        experiment_id=experiment.id,
        trigger=trigger,
        version=experiment.version if version is None else version,
        params=params,
        now=LATER,
    )


def events_of(session: Session, experiment: Experiment) -> list[Event]:
    return list(
        session.exec(
            select(Event).where(Event.experiment_id == experiment.id).order_by(Event.id)
        ).all()
    )


def put_in(session: Session, experiment: Experiment, state: str, iteration: int = 1) -> None:
    """Stand in for a gate decision (stage gates arrive later): move the row directly."""
    session.execute(
        update(Experiment)
        .where(Experiment.id == experiment.id)
        .values(state=state, iteration=iteration)
    )
    session.commit()
    session.refresh(experiment)


def log(session, actor, experiment, body="Premiers retours."):
    return journal_service.add_entry(
        session=session,
        actor=actor,
        experiment_id=experiment.id,
        data={"kind": "observation", "body": body},
        now=NOW,
    )


def test_start_prototype_moves_to_prototype_with_one_event(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    fire(session, world.agent_a, experiment, "start_prototype")
    stored = session.get(Experiment, experiment.id)
    session.refresh(stored)
    assert (stored.state, stored.version, stored.iteration) == ("prototype", 2, 1)
    assert stored.updated_at == LATER and stored.last_activity_at == LATER
    last = events_of(session, experiment)[-1]
    assert (last.trigger, last.from_state, last.to_state, last.actor_id, last.at) == (
        "start_prototype",
        "draft",
        "prototype",
        world.agent_a.id,
        LATER,
    )


@pytest.mark.parametrize(
    ("missing", "reason"),
    [
        ({"problem": ""}, "the problem is described"),
        ({"hypothesis": "  "}, "the hypothesis is stated"),
        ({"target_users": ""}, "the target users are named"),
        ({"success_criteria": []}, "at least one success criterion is set"),
    ],
)
def test_start_prototype_names_each_missing_field(session, world, missing, reason):
    experiment = make_experiment(session, world.agent_a, NOW, **missing)
    with pytest.raises(GuardFailed) as refused:
        fire(session, world.agent_a, experiment, "start_prototype")
    assert refused.value.status == 422 and refused.value.reasons == [reason]
    assert [e.trigger for e in events_of(session, experiment)] == ["create"]


def test_start_prototype_names_every_missing_field_at_once(session, world):
    experiment = make_experiment(
        session, world.agent_a, NOW, problem="", hypothesis="", target_users="", success_criteria=[]
    )
    with pytest.raises(GuardFailed) as refused:
        fire(session, world.agent_a, experiment, "start_prototype")
    assert refused.value.reasons == [
        "the problem is described",
        "the hypothesis is stated",
        "the target users are named",
        "at least one success criterion is set",
    ]


def test_begin_evaluation_is_not_possible_before_the_pilot(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    fire(session, world.agent_a, experiment, "start_prototype")
    log(session, world.agent_a, experiment)
    with pytest.raises(Conflict):
        fire(session, world.agent_a, experiment, "begin_evaluation")


def test_begin_evaluation_needs_an_entry_logged_in_pilot(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    log(session, world.agent_a, experiment, "Logged while in draft: not pilot evidence.")
    put_in(session, experiment, "pilot")
    with pytest.raises(GuardFailed) as refused:
        fire(session, world.agent_a, experiment, "begin_evaluation")
    assert refused.value.reasons == ["at least one journal entry was logged during the pilot"]
    log(session, world.agent_a, experiment)
    fire(session, world.agent_a, experiment, "begin_evaluation")
    assert experiment.state == "evaluation"


def test_pilot_evidence_counts_only_the_current_iteration(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    put_in(session, experiment, "pilot", iteration=1)
    log(session, world.agent_a, experiment)
    assert transition_service.facts_for(session, experiment)["pilot_journal_count"] == 1
    put_in(session, experiment, "pilot", iteration=2)
    assert transition_service.facts_for(session, experiment)["pilot_journal_count"] == 0
    with pytest.raises(GuardFailed):
        fire(session, world.agent_a, experiment, "begin_evaluation")


@pytest.mark.parametrize("start", ["draft", "prototype"])
def test_owner_can_stop_with_a_reason(session, world, start):
    experiment = make_experiment(session, world.agent_a, NOW)
    if start == "prototype":
        fire(session, world.agent_a, experiment, "start_prototype")
    fire(
        session,
        world.agent_a,
        experiment,
        "stop",
        stop_reason="budget_cut",
        explanation="Crédits supprimés en loi de finances.",
    )
    stored = session.get(Experiment, experiment.id)
    session.refresh(stored)
    assert stored.state == "stopped"
    assert stored.stop_reason == "budget_cut"
    assert stored.stop_explanation == "Crédits supprimés en loi de finances."
    last = events_of(session, experiment)[-1]
    assert (last.trigger, last.from_state, last.to_state) == ("stop", start, "stopped")
    assert last.reason == "Crédits supprimés en loi de finances."
    assert last.data == {
        "stop_reason": "budget_cut",
        "explanation": "Crédits supprimés en loi de finances.",
    }


@pytest.mark.parametrize(
    ("params", "reasons"),
    [
        ({}, ["a stop reason is chosen", "the stop is explained"]),
        ({"stop_reason": "bored", "explanation": "x"}, ["a stop reason is chosen"]),
        ({"stop_reason": "cost", "explanation": " "}, ["the stop is explained"]),
    ],
)
def test_stop_needs_a_known_reason_and_an_explanation(session, world, params, reasons):
    experiment = make_experiment(session, world.agent_a, NOW)
    with pytest.raises(GuardFailed) as refused:
        fire(session, world.agent_a, experiment, "stop", **params)
    assert refused.value.reasons == reasons
    session.refresh(experiment)
    assert experiment.state == "draft" and experiment.version == 1


def test_parameters_not_meant_for_the_trigger_are_ignored(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    fire(session, world.agent_a, experiment, "start_prototype", stop_reason="cost", state="scaled")
    last = events_of(session, experiment)[-1]
    assert experiment.state == "prototype" and last.data == {}


@pytest.mark.parametrize("trigger", ["stop", "start_prototype", "go_pilot"])
def test_a_stopped_experiment_refuses_every_trigger(session, world, trigger):
    experiment = make_experiment(session, world.agent_a, NOW)
    fire(session, world.agent_a, experiment, "stop", stop_reason="other", explanation="Fin.")
    with pytest.raises(Conflict) as refused:
        fire(session, world.agent_a, experiment, trigger, stop_reason="other", explanation="Re.")
    assert refused.value.status == 409
    assert len(events_of(session, experiment)) == 2


def test_stale_version_is_a_conflict_and_changes_nothing(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    with pytest.raises(Conflict):
        fire(session, world.agent_a, experiment, "start_prototype", version=7)
    session.refresh(experiment)
    assert (experiment.state, experiment.version) == ("draft", 1)
    assert len(events_of(session, experiment)) == 1


def test_missing_version_is_invalid(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    with pytest.raises(Invalid) as refused:
        transition_service.fire(
            session=session,
            actor=world.agent_a,
            experiment_id=experiment.id,
            trigger="start_prototype",
            version=None,
            params={},
            now=LATER,
        )
    assert "version" in refused.value.errors and not isinstance(refused.value, GuardFailed)


def test_unknown_trigger_is_invalid(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    for trigger in ("to_pilot", "launch"):
        with pytest.raises(Invalid) as refused:
            fire(session, world.agent_a, experiment, trigger)
        assert "trigger" in refused.value.errors


@pytest.mark.parametrize("trigger", ["go_pilot", "adapt"])
def test_gate_triggers_are_not_the_owners(session, world, trigger):
    experiment = make_experiment(session, world.agent_a, NOW)
    fire(session, world.agent_a, experiment, "start_prototype")
    with pytest.raises(Forbidden):
        fire(session, world.agent_a, experiment, trigger)
    assert experiment.state == "prototype"


def test_non_team_colleague_is_forbidden(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    for actor in (world.colleague_a, world.reviewer_a, world.admin_a):
        with pytest.raises(Forbidden):
            fire(session, actor, experiment, "start_prototype")


def test_team_member_may_fire(session, world):
    experiment = make_experiment(session, world.agent_a, NOW, team=["colleague@a.example"])
    fire(session, world.colleague_a, experiment, "start_prototype")
    assert events_of(session, experiment)[-1].actor_id == world.colleague_a.id


def test_other_organisation_gets_not_found_for_an_internal_experiment(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    with pytest.raises(NotFound):
        fire(session, world.agent_b, experiment, "start_prototype")


def test_other_organisation_gets_forbidden_for_a_public_experiment(session, world):
    experiment = make_experiment(session, world.agent_a, NOW, visibility="public")
    with pytest.raises(Forbidden):
        fire(session, world.agent_b, experiment, "start_prototype")


def test_inactive_owner_is_forbidden(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    user_service.set_active(
        session=session, actor=world.admin_a, user_id=world.agent_a.id, active=False
    )
    with pytest.raises(Forbidden):
        fire(session, world.agent_a, experiment, "start_prototype")
    assert experiment.state == "draft"
