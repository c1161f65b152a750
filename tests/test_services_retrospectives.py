"""Retrospectives service: opened by every stop, written by the team, published by a chair."""

import pytest
from sqlmodel import select

from tests.conftest import NOW
from tests.factories import make_experiment
from tests.gate_steps import (
    PILOT_REQUEST,
    build_cast,
    in_evaluation,
    in_prototype,
    request,
    reviewed,
)
from tests.retro_steps import (
    DUE_ON,
    FILLED,
    fire,
    retrospectives_of,
    save,
    stop,
    submitted,
)
from tracker.models import Event, FollowUp
from tracker.services import retrospectives as retrospective_service
from tracker.services import retrospectives_prefill
from tracker.services.errors import Conflict, Forbidden, GuardFailed, Invalid, NotFound


def _events(session, experiment):
    session.expire_all()
    rows = session.exec(select(Event.trigger).where(Event.experiment_id == experiment.id))
    return [trigger for trigger in rows if trigger.startswith("retrospective")]


def test_stopping_a_draft_opens_one_due_retrospective(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    stop(session, world.agent_a, experiment)
    [retrospective] = retrospectives_of(session, experiment)
    assert (retrospective.state, retrospective.due_on) == ("due", DUE_ON)
    assert retrospective.decided_by == "team"


def test_stopping_a_prototype_opens_one_due_retrospective(session, world):
    cast = build_cast(session, world)
    experiment = in_prototype(session, cast)
    stop(session, cast.owner, experiment)
    [retrospective] = retrospectives_of(session, experiment)
    assert (retrospective.state, retrospective.due_on) == ("due", DUE_ON)


def test_a_board_stop_opens_a_retrospective_decided_by_the_board(session, world):
    cast = build_cast(session, world)
    experiment = in_prototype(session, cast)
    gate = request(session, cast.owner, experiment, "pilot", PILOT_REQUEST)
    reviewed(session, cast, gate, "stop")
    [retrospective] = retrospectives_of(session, experiment)
    assert (retrospective.state, retrospective.decided_by) == ("due", "board")
    assert retrospective.due_on == DUE_ON


def test_the_first_save_starts_the_draft_with_an_event(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    stop(session, world.agent_a, experiment)
    retrospective = save(session, world.agent_a, experiment, 1, why="Horaires.")
    assert (retrospective.state, retrospective.version, retrospective.why) == (
        "drafting",
        2,
        "Horaires.",
    )
    save(session, world.agent_a, experiment, 2, advice="Commencer petit.")
    assert _events(session, experiment) == ["retrospective_drafting"]


def test_a_stale_version_is_a_conflict(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    stop(session, world.agent_a, experiment)
    save(session, world.agent_a, experiment, 1, why="Horaires.")
    with pytest.raises(Conflict):
        save(session, world.agent_a, experiment, 1, why="Autre chose.")


def test_a_save_needs_the_version(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    stop(session, world.agent_a, experiment)
    with pytest.raises(Invalid) as refused:
        retrospective_service.save(
            session=session,
            actor=world.agent_a,
            experiment_id=experiment.id,
            version=None,
            data={},
            now=NOW,
        )
    assert "version" in refused.value.errors


def test_unknown_cause_tags_are_refused(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    stop(session, world.agent_a, experiment)
    with pytest.raises(Invalid) as refused:
        save(session, world.agent_a, experiment, 1, cause_tags=["the_mayor"])
    assert list(refused.value.errors) == ["cause_tags.0"]


def test_only_the_team_saves(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    stop(session, world.agent_a, experiment)
    with pytest.raises(Forbidden):
        save(session, world.reviewer_a, experiment, 1, why="Je sais mieux.")


def test_another_organisation_sees_nothing_of_an_internal_experiment(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    stop(session, world.agent_a, experiment)
    with pytest.raises(NotFound):
        retrospective_service.get(session=session, actor=world.agent_b, experiment_id=experiment.id)


def test_another_organisation_reads_but_cannot_write_a_public_one(session, world):
    experiment = make_experiment(session, world.agent_a, NOW, visibility="public")
    stop(session, world.agent_a, experiment)
    _, retrospective = retrospective_service.get(
        session=session, actor=world.agent_b, experiment_id=experiment.id
    )
    assert retrospective.state == "due"
    with pytest.raises(Forbidden):
        save(session, world.agent_b, experiment, 1, why="Ailleurs.")


def test_a_running_experiment_has_no_retrospective(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    with pytest.raises(NotFound):
        retrospective_service.get(session=session, actor=world.agent_a, experiment_id=experiment.id)


def test_submit_needs_the_core_answers(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    stop(session, world.agent_a, experiment)
    save(session, world.agent_a, experiment, 1, what_happened="Peu d'usagers.")
    with pytest.raises(GuardFailed) as refused:
        fire(session, world.agent_a, experiment, "submit")
    assert refused.value.reasons == ["why it happened is explained", "what we learned is written"]


def test_the_team_submits_and_a_chair_publishes(session, world):
    cast = build_cast(session, world)
    experiment = make_experiment(session, cast.owner, NOW)
    assert submitted(session, cast.owner, experiment).state == "submitted"
    retrospective = fire(session, cast.chair, experiment, "publish")
    assert (retrospective.state, retrospective.published_by) == ("published", cast.chair.id)
    assert _events(session, experiment) == [
        "retrospective_drafting",
        "retrospective_submitted",
        "retrospective_published",
    ]


def test_a_chair_may_ask_for_changes(session, world):
    cast = build_cast(session, world)
    experiment = make_experiment(session, cast.owner, NOW)
    submitted(session, cast.owner, experiment)
    assert fire(session, cast.chair, experiment, "request_changes").state == "drafting"


@pytest.mark.parametrize("who", ["owner", "member"])
def test_only_a_chair_publishes(session, world, who):
    cast = build_cast(session, world)
    experiment = make_experiment(session, cast.owner, NOW)
    submitted(session, cast.owner, experiment)
    with pytest.raises(Forbidden):
        fire(session, getattr(cast, who), experiment, "publish")


def test_a_chair_does_not_submit_for_the_team(session, world):
    cast = build_cast(session, world)
    experiment = make_experiment(session, cast.owner, NOW)
    stop(session, cast.owner, experiment)
    save(session, cast.owner, experiment, 1, **FILLED)
    with pytest.raises(Forbidden):
        fire(session, cast.chair, experiment, "submit")


@pytest.mark.parametrize("publish", [False, True])
def test_a_submitted_or_published_retrospective_cannot_be_saved(session, world, publish):
    cast = build_cast(session, world)
    experiment = make_experiment(session, cast.owner, NOW)
    retrospective = submitted(session, cast.owner, experiment)
    if publish:
        retrospective = fire(session, cast.chair, experiment, "publish")
    with pytest.raises(Conflict):
        save(session, cast.owner, experiment, retrospective.version, why="Réécrit.")
    [stored] = retrospectives_of(session, experiment)
    assert stored.why == FILLED["why"]


def test_a_published_retrospective_grows_by_addenda(session, world):
    cast = build_cast(session, world)
    experiment = make_experiment(session, cast.owner, NOW)
    submitted(session, cast.owner, experiment)
    retrospective = fire(session, cast.chair, experiment, "publish")
    for author, body in ((cast.owner, "Un an après : repris ailleurs."), (cast.chair, "Vu.")):
        retrospective_service.add_addendum(
            session=session, actor=author, experiment_id=experiment.id, body=body, now=NOW
        )
    bodies = [a.body for a in retrospective_service.addenda(session, retrospective)]
    assert bodies == ["Un an après : repris ailleurs.", "Vu."]
    assert _events(session, experiment)[-2:] == ["retrospective_addendum"] * 2


def test_no_addendum_before_publication(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    stop(session, world.agent_a, experiment)
    with pytest.raises(Conflict):
        retrospective_service.add_addendum(
            session=session, actor=world.agent_a, experiment_id=experiment.id, body="x", now=NOW
        )


def test_follow_ups_have_organisation_owners_and_are_withdrawn_not_deleted(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    stop(session, world.agent_a, experiment)
    two = [
        {"title": "Partager le guide", "owner": "COLLEAGUE@a.example", "due_on": "2027-01-15"},
        {"title": "Écrire au partenaire", "status": "done"},
    ]
    retrospective = save(session, world.agent_a, experiment, 1, follow_ups=two)
    save(session, world.agent_a, experiment, 2, follow_ups=two[:1])
    listed = retrospective_service.follow_ups(session, retrospective)
    assert [(row.title, email) for row, email in listed] == [
        ("Partager le guide", world.colleague_a.email)
    ]
    stored = session.exec(select(FollowUp).order_by(FollowUp.position)).all()
    assert [(row.title, row.withdrawn) for row in stored] == [
        ("Partager le guide", False),
        ("Écrire au partenaire", True),
    ]


def test_a_follow_up_owner_outside_the_organisation_is_refused(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    stop(session, world.agent_a, experiment)
    with pytest.raises(Invalid) as refused:
        save(
            session,
            world.agent_a,
            experiment,
            1,
            follow_ups=[{"title": "Relancer", "owner": world.agent_b.email}],
        )
    assert list(refused.value.errors) == ["follow_ups.0.owner"]


def test_the_prefill_brings_what_the_record_knows(session, world):
    cast = build_cast(session, world)
    experiment = in_evaluation(session, cast)
    stop(session, cast.owner, experiment)
    facts = retrospectives_prefill.prefill(session, experiment)
    assert facts["hypothesis"] == "Un guichet unique réduit les abandons de moitié."
    assert facts["criteria"]["frozen"] is True
    assert facts["criteria"]["stop_criteria"] == ["aucune baisse après trois mois"]
    [measured] = facts["measurements"]
    assert (measured["indicator"], measured["last_value"], measured["met"]) == (
        "taux d'abandon",
        15,
        True,
    )
    assert [d["decision"] for d in facts["gate_decisions"]] == ["go"]
    triggers = [item["trigger"] for item in facts["timeline"]]
    assert triggers[0] == "create" and triggers[-1] == "stop"
    assert facts["stop_reason"] == "no_impact"


def test_a_transition_with_a_stale_version_is_a_conflict(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    stop(session, world.agent_a, experiment)
    save(session, world.agent_a, experiment, 1, **FILLED)
    with pytest.raises(Conflict):
        retrospective_service.fire(
            session=session,
            actor=world.agent_a,
            experiment_id=experiment.id,
            trigger="submit",
            version=1,
            now=NOW,
        )


def test_a_board_member_who_is_not_a_chair_adds_no_addendum(session, world):
    cast = build_cast(session, world)
    experiment = make_experiment(session, cast.owner, NOW)
    submitted(session, cast.owner, experiment)
    fire(session, cast.chair, experiment, "publish")
    with pytest.raises(Forbidden):
        retrospective_service.add_addendum(
            session=session, actor=cast.member, experiment_id=experiment.id, body="x", now=NOW
        )
