"""Who may see and change an experiment, and which triggers each person is offered."""

import pytest
from sqlalchemy import event, update
from sqlmodel import select

from tests.conftest import NOW
from tests.factories import make_experiment
from tracker.models import Experiment, ExperimentMember
from tracker.services import permissions
from tracker.services import transitions as transition_service
from tracker.services import users as user_service
from tracker.services.errors import Forbidden, NotFound
from workflows.experiment import OWNER


def fire(session, actor, experiment, trigger, **params):
    transition_service.fire(
        session=session,
        actor=actor,
        experiment_id=experiment.id,
        trigger=trigger,
        version=experiment.version,
        params=params,
        now=NOW,
    )


def put_in(session, experiment, state):
    """Stand in for a gate decision (stage gates arrive later): move the row directly."""
    session.execute(update(Experiment).where(Experiment.id == experiment.id).values(state=state))
    session.commit()
    session.refresh(experiment)


USERS = ["agent_a", "colleague_a", "reviewer_a", "admin_a", "agent_b", "reviewer_b", "admin_b"]


@pytest.fixture
def experiments(session, world):
    """An internal and a public experiment of organisation A, the colleague on the team of one."""
    return {
        "internal": make_experiment(session, world.agent_a, NOW, title="internal"),
        "public": make_experiment(
            session,
            world.agent_a,
            NOW,
            title="public",
            visibility="public",
            team=["colleague@a.example"],
        ),
    }


def test_organisation_sees_all_its_experiments_others_only_public_ones(session, world, experiments):
    for name in USERS:
        actor = getattr(world, name)
        same_org = name.endswith("_a")
        assert permissions.can_view(actor, experiments["internal"]) is same_org, name
        assert permissions.can_view(actor, experiments["public"]) is True, name


def test_the_sql_clause_agrees_with_can_view(session, world, experiments):
    everything = session.exec(select(Experiment)).all()
    for name in USERS:
        actor = getattr(world, name)
        listed = session.exec(select(Experiment).where(permissions.visible_clause(actor))).all()
        assert {e.id for e in listed} == {
            e.id for e in everything if permissions.can_view(actor, e)
        }


def test_require_view_hides_what_is_not_visible(session, world, experiments):
    assert permissions.require_view(world.agent_b, experiments["public"]) is experiments["public"]
    with pytest.raises(NotFound) as refused:
        permissions.require_view(world.agent_b, experiments["internal"])
    assert refused.value.status == 404
    with pytest.raises(NotFound):
        permissions.require_view(world.agent_a, None)


def test_team_is_the_owner_and_the_members(session, world, experiments):
    internal, public = experiments["internal"], experiments["public"]
    assert permissions.is_team(session, world.agent_a, internal)
    assert not permissions.is_team(session, world.colleague_a, internal)
    assert permissions.is_team(session, world.colleague_a, public)
    for name in ("reviewer_a", "admin_a", "agent_b", "admin_b"):
        assert not permissions.is_team(session, getattr(world, name), public), name


def test_require_team_refuses_everyone_else(session, world, experiments):
    permissions.require_team(session, world.agent_a, experiments["internal"])
    permissions.require_team(session, world.colleague_a, experiments["public"])
    for name in ("colleague_a", "reviewer_a", "admin_a", "agent_b"):
        with pytest.raises(Forbidden):
            permissions.require_team(session, getattr(world, name), experiments["internal"])


def test_roles_on_gives_the_team_the_owner_role(session, world, experiments):
    assert OWNER in permissions.roles_on(session, world.agent_a, experiments["internal"])
    assert OWNER in permissions.roles_on(session, world.colleague_a, experiments["public"])
    assert OWNER not in permissions.roles_on(session, world.colleague_a, experiments["internal"])
    assert OWNER not in permissions.roles_on(session, world.admin_b, experiments["public"])


def test_an_inactive_member_holds_no_role(session, world, experiments):
    user_service.set_active(
        session=session, actor=world.admin_a, user_id=world.colleague_a.id, active=False
    )
    assert permissions.roles_on(session, world.colleague_a, experiments["public"]) == set()
    with pytest.raises(Forbidden):
        permissions.require_team(session, world.colleague_a, experiments["public"])


def test_require_admin(session, world):
    permissions.require_admin(world.admin_a)
    for name in ("agent_a", "reviewer_a"):
        with pytest.raises(Forbidden):
            permissions.require_admin(getattr(world, name))
    second = user_service.create_user(
        session=session,
        organisation=world.org_a,
        email="second@a.example",
        name="Second",
        role="admin",
        password=None,
        now=NOW,
    )
    user_service.set_active(session=session, actor=second, user_id=world.admin_a.id, active=False)
    with pytest.raises(Forbidden):
        permissions.require_admin(world.admin_a)


def test_triggers_for_the_owner_of_a_complete_draft(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    assert transition_service.triggers_for(
        session=session, actor=world.agent_a, experiment=experiment
    ) == (["start_prototype", "stop"], {})


def test_triggers_for_the_owner_of_an_incomplete_draft(session, world):
    experiment = make_experiment(session, world.agent_a, NOW, hypothesis="")
    assert transition_service.triggers_for(
        session=session, actor=world.agent_a, experiment=experiment
    ) == (["stop"], {"start_prototype": ["the hypothesis is stated"]})


def test_triggers_for_the_owner_in_prototype_leave_gate_triggers_out(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    fire(session, world.agent_a, experiment, "start_prototype")
    assert transition_service.triggers_for(
        session=session, actor=world.agent_a, experiment=experiment
    ) == (["stop"], {})


def test_triggers_for_the_owner_in_pilot_without_evidence(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    put_in(session, experiment, "pilot")
    assert transition_service.triggers_for(
        session=session, actor=world.agent_a, experiment=experiment
    ) == (
        ["stop"],
        {"begin_evaluation": ["at least one journal entry was logged during the pilot"]},
    )


@pytest.mark.parametrize("who", ["colleague_a", "reviewer_a", "admin_a", "agent_b"])
def test_triggers_for_anyone_else_is_empty(session, world, who):
    experiment = make_experiment(session, world.agent_a, NOW, visibility="public")
    actor = getattr(world, who)
    assert transition_service.triggers_for(session=session, actor=actor, experiment=experiment) == (
        [],
        {},
    )


def test_triggers_for_a_stopped_experiment_is_empty(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    fire(session, world.agent_a, experiment, "stop", stop_reason="legal", explanation="Illégal.")
    assert transition_service.triggers_for(
        session=session, actor=world.agent_a, experiment=experiment
    ) == ([], {})


def _count_statements(session):
    seen = []
    engine = session.get_bind()

    def count(*_args):
        seen.append(1)

    event.listen(engine, "before_cursor_execute", count)
    return seen, lambda: event.remove(engine, "before_cursor_execute", count)


def test_a_permission_fact_is_looked_up_once_while_nothing_is_written(session, world, experiments):
    draft = experiments["internal"]
    session.commit()
    seen, stop = _count_statements(session)
    try:
        first = (
            permissions.is_team(session, world.colleague_a, draft),
            permissions.is_chair(session, world.reviewer_a, draft),
        )
        looked_up = len(seen)
        again = [
            (
                permissions.is_team(session, world.colleague_a, draft),
                permissions.is_chair(session, world.reviewer_a, draft),
            )
            for _ in range(3)
        ]
    finally:
        stop()
    assert looked_up >= 1 and again == [first] * 3
    assert len(seen) == looked_up  # the same questions again: no statement


def test_a_remembered_fact_follows_a_change_made_in_the_same_session(session, world, experiments):
    draft = experiments["internal"]
    assert not permissions.is_team(session, world.colleague_a, draft)
    # Added but not flushed: the memo is bypassed, the query autoflushes and sees it.
    session.add(ExperimentMember(experiment_id=draft.id, user_id=world.colleague_a.id))
    assert permissions.is_team(session, world.colleague_a, draft)
    session.commit()
    assert permissions.is_team(session, world.colleague_a, draft)
