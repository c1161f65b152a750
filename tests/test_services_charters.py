"""The right-to-fail charter: versions, and the acknowledgements at go to pilot."""

from datetime import timedelta

import pytest
from sqlmodel import col, select

from tests import gate_steps as steps
from tests.conftest import NOW
from tracker.models import CharterAcknowledgement, CharterVersion, Experiment
from tracker.services import charters as charter_service
from tracker.services.errors import Forbidden, Invalid

TEXT = {
    "acceptable_failure": "Un essai honnête qui n'a pas marché.",
    "non_sanction": "Personne n'est sanctionné pour un arrêt motivé.",
    "duty_to_share": "Chaque arrêt se termine par un retour d'expérience publié.",
}


def write(session, admin, now=NOW, **changes):
    return charter_service.save(session=session, actor=admin, data={**TEXT, **changes}, now=now)


def test_every_save_is_a_new_version_and_the_old_ones_stay(session, world):
    first = write(session, world.admin_a)
    second = write(session, world.admin_a, NOW + timedelta(days=1), non_sanction="Aucune.")
    assert (first.number, second.number) == (1, 2)
    current = charter_service.current(session=session, organisation_id=world.org_a.id)
    assert current is not None and current.id == second.id
    history = charter_service.history(session=session, actor=world.agent_a)
    assert [v.number for v in history] == [2, 1]
    assert history[1].non_sanction == TEXT["non_sanction"]
    # Organisations number their versions apart.
    assert write(session, world.admin_b).number == 1
    assert charter_service.history(session=session, actor=world.agent_b)[0].number == 1


def test_only_admins_write_and_every_commitment_is_needed(session, world):
    with pytest.raises(Forbidden):
        write(session, world.reviewer_a)
    with pytest.raises(Invalid) as refused:
        write(session, world.admin_a, duty_to_share="   ")
    assert "duty_to_share" in refused.value.errors
    assert session.exec(select(CharterVersion)).all() == []


def acknowledgements(session, experiment):
    session.expire_all()
    return session.exec(
        select(CharterAcknowledgement)
        .where(CharterAcknowledgement.experiment_id == experiment.id)
        .order_by(col(CharterAcknowledgement.id))
    ).all()


def test_without_a_charter_nothing_is_asked_nor_recorded(session, world):
    cast = steps.build_cast(session, world)
    experiment = steps.in_prototype(session, cast)
    request = {k: v for k, v in steps.PILOT_REQUEST.items() if k != "charter_acknowledged"}
    gate = steps.request(session, cast.owner, experiment, "pilot", request)
    steps.vote(session, cast.chair, gate, "go")
    steps.vote(session, cast.member, gate, "go")
    steps.decide(session, cast.chair, gate, "go", charter_acknowledged=False)
    assert session.get(Experiment, experiment.id).state == "pilot"
    assert acknowledgements(session, experiment) == []


def test_the_owner_acknowledges_with_the_pilot_request(session, world):
    cast = steps.build_cast(session, world)
    charter = write(session, world.admin_a)
    experiment = steps.in_prototype(session, cast)
    refused_request = {**steps.PILOT_REQUEST, "charter_acknowledged": False}
    with pytest.raises(Invalid) as refused:
        steps.request(session, cast.owner, experiment, "pilot", refused_request)
    assert list(refused.value.errors) == ["charter_acknowledged"]
    gate = steps.request(session, cast.owner, experiment, "pilot", steps.PILOT_REQUEST)
    [ack] = acknowledgements(session, experiment)
    assert (ack.user_id, ack.role, ack.charter_version_id) == (cast.owner.id, "owner", charter.id)
    assert (ack.gate_id, ack.acknowledged_at) == (gate.id, steps.NOW)


def test_the_chair_acknowledges_the_current_version_at_go(session, world):
    cast = steps.build_cast(session, world)
    write(session, world.admin_a)
    experiment = steps.in_prototype(session, cast)
    gate = steps.request(session, cast.owner, experiment, "pilot", steps.PILOT_REQUEST)
    revised = write(session, world.admin_a, NOW + timedelta(hours=1), acceptable_failure="Tout.")
    steps.vote(session, cast.chair, gate, "go")
    steps.vote(session, cast.member, gate, "go")
    with pytest.raises(Invalid) as refused:
        steps.decide(session, cast.chair, gate, "go", charter_acknowledged=False)
    assert "charter_acknowledged" in refused.value.errors
    assert session.get(Experiment, experiment.id).state == "prototype"
    steps.decide(session, cast.chair, gate, "go")
    owner_ack, chair_ack = acknowledgements(session, experiment)
    assert owner_ack.charter_version_id != revised.id
    assert (chair_ack.user_id, chair_ack.role) == (cast.chair.id, "chair")
    assert chair_ack.charter_version_id == revised.id
    rows = charter_service.acknowledgements(session=session, experiment=experiment)
    assert [(a.role, user.id, version.number) for a, user, version in rows] == [
        ("owner", cast.owner.id, 1),
        ("chair", cast.chair.id, 2),
    ]


def test_other_decisions_need_no_acknowledgement(session, world):
    cast = steps.build_cast(session, world)
    write(session, world.admin_a)
    experiment = steps.in_prototype(session, cast)
    gate = steps.request(session, cast.owner, experiment, "pilot", steps.PILOT_REQUEST)
    steps.vote(session, cast.chair, gate, "stop")
    steps.vote(session, cast.member, gate, "stop")
    steps.decide(session, cast.chair, gate, "stop", charter_acknowledged=False)
    assert [a.role for a in acknowledgements(session, experiment)] == ["owner"]
