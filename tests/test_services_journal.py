"""The journal: entry kinds, validation, who may write, what an entry remembers."""

from datetime import date, timedelta

import pytest
from sqlmodel import select

from tests.conftest import NOW
from tests.factories import make_experiment
from tracker.models import Event, Experiment, JournalEntry
from tracker.services import journal as journal_service
from tracker.services import transitions as transition_service
from tracker.services import users as user_service
from tracker.services.errors import Forbidden, Invalid, NotFound

LATER = NOW + timedelta(days=3)


def add(session, actor, experiment, now=LATER, **data):
    return journal_service.add_entry(
        session=session, actor=actor, experiment_id=experiment.id, data=data, now=now
    )


def test_every_kind_can_be_logged(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    add(session, world.agent_a, experiment, kind="note", body="Réunion de lancement.")
    add(session, world.agent_a, experiment, kind="observation", body="Files d'attente.")
    add(session, world.agent_a, experiment, kind="measurement", indicator="délai", value=12)
    add(session, world.agent_a, experiment, kind="user_feedback", body="Plus simple.")
    add(session, world.agent_a, experiment, kind="incident", body="Panne du formulaire.")
    logged = journal_service.entries(
        session=session, actor=world.agent_a, experiment_id=experiment.id
    )
    assert [e.kind for e in logged] == [
        "note",
        "observation",
        "measurement",
        "user_feedback",
        "incident",
    ]
    assert logged[2].indicator == "délai" and logged[2].value == 12


INVALID_ENTRIES = [
    ({"kind": "rumour", "body": "On dit que."}, "kind"),
    ({"body": "Sans type."}, "kind"),
    ({"kind": "measurement", "indicator": "délai"}, "__root__"),
    ({"kind": "measurement", "value": 3}, "__root__"),
    ({"kind": "measurement", "indicator": "  ", "value": 3}, "__root__"),
    ({"kind": "measurement", "indicator": "délai", "value": "beaucoup"}, "value"),
    ({"kind": "note", "body": "   "}, "__root__"),
    ({"kind": "note", "body": "x", "occurred_on": "not a date"}, "occurred_on"),
]


def test_invalid_entries_are_refused_with_field_messages(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    for data, field in INVALID_ENTRIES:
        with pytest.raises(Invalid) as refused:
            add(session, world.agent_a, experiment, **data)
        assert refused.value.status == 422 and field in refused.value.errors, data
    assert (
        journal_service.entries(session=session, actor=world.agent_a, experiment_id=experiment.id)
        == []
    )


def test_inactive_owner_cannot_log(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    user_service.set_active(
        session=session, actor=world.admin_a, user_id=world.agent_a.id, active=False
    )
    with pytest.raises(Forbidden):
        add(session, world.agent_a, experiment, kind="note", body="Encore moi.")


def test_entry_remembers_author_state_iteration_and_dates(session, world):
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
    entry = add(session, world.agent_a, experiment, kind="note", body="Maquette testée.")
    dated = add(
        session, world.agent_a, experiment, kind="note", body="Avant.", occurred_on="2026-11-01"
    )
    stored = session.get(JournalEntry, entry.id)
    assert (stored.author_id, stored.logged_in_state, stored.iteration) == (
        world.agent_a.id,
        "prototype",
        1,
    )
    assert stored.occurred_on == LATER.date() and stored.created_at == LATER
    assert session.get(JournalEntry, dated.id).occurred_on == date(2026, 11, 1)


def test_entry_bumps_last_activity_but_not_the_version(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    add(session, world.agent_a, experiment, kind="note", body="Rien à signaler.")
    stored = session.exec(select(Experiment).where(Experiment.id == experiment.id)).one()
    session.refresh(stored)
    assert stored.last_activity_at == LATER
    assert stored.version == 1 and stored.updated_at == NOW
    events = session.exec(select(Event).where(Event.experiment_id == experiment.id)).all()
    assert [e.trigger for e in events] == ["create"]


def test_team_member_may_log(session, world):
    experiment = make_experiment(session, world.agent_a, NOW, team=["colleague@a.example"])
    entry = add(session, world.colleague_a, experiment, kind="note", body="Vu sur place.")
    assert entry.author_id == world.colleague_a.id


@pytest.mark.parametrize("who", ["colleague_a", "reviewer_a", "admin_a"])
def test_others_of_the_organisation_may_read_but_not_log(session, world, who):
    experiment = make_experiment(session, world.agent_a, NOW)
    add(session, world.agent_a, experiment, kind="note", body="Visible.")
    actor = getattr(world, who)
    with pytest.raises(Forbidden):
        add(session, actor, experiment, kind="note", body="Intrus.")
    logged = journal_service.entries(session=session, actor=actor, experiment_id=experiment.id)
    assert [e.body for e in logged] == ["Visible."]


def test_other_organisation_cannot_see_an_internal_journal(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    with pytest.raises(NotFound):
        add(session, world.agent_b, experiment, kind="note", body="Intrus.")
    with pytest.raises(NotFound):
        journal_service.entries(session=session, actor=world.agent_b, experiment_id=experiment.id)


def test_other_organisation_reads_a_public_journal_but_cannot_log(session, world):
    experiment = make_experiment(session, world.agent_a, NOW, visibility="public")
    with pytest.raises(Forbidden):
        add(session, world.agent_b, experiment, kind="note", body="Intrus.")
    assert (
        journal_service.entries(session=session, actor=world.agent_b, experiment_id=experiment.id)
        == []
    )


def test_unknown_experiment_is_not_found(session, world):
    with pytest.raises(NotFound):
        journal_service.entries(session=session, actor=world.agent_a, experiment_id=999_999)
