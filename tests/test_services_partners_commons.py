"""Partners (inventory and roles in experiments) and the commons ledger with its totals."""

from datetime import date

import pytest
from sqlmodel import select

from tests.conftest import NOW
from tests.factories import make_experiment
from tracker.models import Event
from tracker.services import commons
from tracker.services import partners as partner_service
from tracker.services import territories as territory_service
from tracker.services.errors import Conflict, Forbidden, Invalid, NotFound


def _partner(session, actor, **data):
    values = {"name": "Tiers-lieu du Causse", "kind": "association", **data}
    return partner_service.create(session=session, actor=actor, data=values, now=NOW)


def _triggers(session, experiment):
    rows = session.exec(select(Event).where(Event.experiment_id == experiment.id)).all()
    return [e.trigger for e in rows]


@pytest.mark.parametrize("siret", ["123", "1234567890123A", "123456789012345"])
def test_a_siret_has_fourteen_digits(session, world, siret):
    with pytest.raises(Invalid) as refused:
        _partner(session, world.agent_a, siret=siret)
    assert "siret" in refused.value.errors


def test_siret_spaces_are_dropped_and_one_siret_is_one_partner(session, world):
    partner = _partner(session, world.agent_a, siret="123 456 789 00012")
    assert partner.siret == "12345678900012"
    with pytest.raises(Invalid):
        _partner(session, world.agent_b, name="Autre", siret="12345678900012")


def test_the_recording_organisation_edits_a_partner_others_only_read(session, world):
    partner = _partner(session, world.agent_a)
    assert partner_service.get(session=session, actor=world.agent_b, partner_id=partner.id)
    with pytest.raises(Forbidden):
        partner_service.update(
            session=session,
            actor=world.agent_b,
            partner_id=partner.id,
            version=1,
            changes={"name": "X"},
            now=NOW,
        )
    changed = partner_service.update(
        session=session,
        actor=world.colleague_a,
        partner_id=partner.id,
        version=1,
        changes={"kind": "citizen_collective"},
        now=NOW,
    )
    assert (changed.kind, changed.version) == ("citizen_collective", 2)
    with pytest.raises(Forbidden):
        partner_service.update(
            session=session,
            actor=world.admin_b,
            partner_id=partner.id,
            version=1,
            changes={"name": "Y"},
            now=NOW,
        )


def test_team_links_a_partner_with_a_role_and_withdraws_it(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    partner = _partner(session, world.agent_b)
    link = partner_service.link(
        session=session,
        actor=world.agent_a,
        experiment_id=experiment.id,
        partner_id=partner.id,
        role="funder",
        now=NOW,
    )
    with pytest.raises(Conflict):
        partner_service.link(
            session=session,
            actor=world.agent_a,
            experiment_id=experiment.id,
            partner_id=partner.id,
            role="funder",
            now=NOW,
        )
    with pytest.raises(Invalid):
        partner_service.link(
            session=session,
            actor=world.agent_a,
            experiment_id=experiment.id,
            partner_id=partner.id,
            role="sponsor",
            now=NOW,
        )
    partner_service.update_link(
        session=session,
        actor=world.agent_a,
        experiment_id=experiment.id,
        link_id=link.id,
        changes={"withdrawn": True},
        now=NOW,
    )
    assert (
        partner_service.links_of(session=session, actor=world.agent_a, experiment_id=experiment.id)
        == []
    )
    assert _triggers(session, experiment)[-2:] == ["partner_linked", "partner_withdrawn"]


def test_only_the_team_links_partners_and_other_organisations_see_nothing(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    partner = _partner(session, world.agent_a)
    with pytest.raises(Forbidden):
        partner_service.link(
            session=session,
            actor=world.reviewer_a,
            experiment_id=experiment.id,
            partner_id=partner.id,
            role="host",
            now=NOW,
        )
    with pytest.raises(NotFound):
        partner_service.link(
            session=session,
            actor=world.agent_b,
            experiment_id=experiment.id,
            partner_id=partner.id,
            role="host",
            now=NOW,
        )
    partner_service.link(
        session=session,
        actor=world.agent_a,
        experiment_id=experiment.id,
        partner_id=partner.id,
        role="host",
        now=NOW,
    )
    # The partner page of another organisation does not reveal an internal experiment.
    assert (
        partner_service.experiments_of(session=session, actor=world.agent_b, partner_id=partner.id)
        == []
    )
    assert (
        len(
            partner_service.experiments_of(
                session=session, actor=world.agent_a, partner_id=partner.id
            )
        )
        == 1
    )


def _add(session, actor, experiment, **data):
    return commons.add(
        session=session, actor=actor, experiment_id=experiment.id, data=data, now=NOW
    )


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "premises", "description": "Salle"},  # neither quantity nor value
        {"kind": "premises", "description": "Salle", "quantity": 3},  # no unit
        {"kind": "gift", "description": "X", "value_eur": 1},
        {"kind": "funding", "description": "X", "value_eur": -5},
        {"kind": "funding", "description": " ", "value_eur": 5},
        {
            "kind": "funding",
            "description": "X",
            "value_eur": 5,
            "start": "2026-05-01",
            "end": "2026-04-01",
        },
    ],
)
def test_invalid_contributions_are_refused(session, world, data):
    experiment = make_experiment(session, world.agent_a, NOW)
    with pytest.raises(Invalid):
        _add(session, world.agent_a, experiment, **data)


def test_only_the_team_writes_the_ledger(session, world):
    experiment = make_experiment(session, world.agent_a, NOW, visibility="public")
    with pytest.raises(Forbidden):
        _add(session, world.agent_b, experiment, kind="data", description="x", value_eur=1)
    _add(session, world.agent_a, experiment, kind="data", description="Open data", value_eur=1)
    # A public experiment's ledger is readable by other organisations.
    assert (
        len(commons.list_for(session=session, actor=world.agent_b, experiment_id=experiment.id))
        == 1
    )


def test_edit_with_version_and_withdraw(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    row = _add(
        session, world.agent_a, experiment, kind="funding", description="Subvention", value_eur=1000
    )
    row = commons.update(
        session=session,
        actor=world.agent_a,
        experiment_id=experiment.id,
        contribution_id=row.id,
        version=1,
        changes={"value_eur": 1500},
        now=NOW,
    )
    assert (row.value_eur, row.version) == (1500, 2)
    with pytest.raises(Conflict):
        commons.update(
            session=session,
            actor=world.agent_a,
            experiment_id=experiment.id,
            contribution_id=row.id,
            version=1,
            changes={"value_eur": 1},
            now=NOW,
        )
    commons.update(
        session=session,
        actor=world.agent_a,
        experiment_id=experiment.id,
        contribution_id=row.id,
        version=2,
        changes={"withdrawn": True},
        now=NOW,
    )
    assert commons.totals(session=session, by="experiment") == []
    assert _triggers(session, experiment)[-3:] == [
        "commons_added",
        "commons_changed",
        "commons_withdrawn",
    ]


def test_totals_per_experiment_territory_and_organisation_on_a_hand_built_ledger(session, world):
    admin = world.admin_a
    mende = territory_service.create(session=session, actor=admin, data={"name": "Mende"}, now=NOW)
    gard = territory_service.create(session=session, actor=admin, data={"name": "Gard"}, now=NOW)
    one = make_experiment(session, world.agent_a, NOW, territory="", territory_ids=[mende.id])
    two = make_experiment(
        session, world.agent_a, NOW, territory="", territory_ids=[mende.id, gard.id]
    )
    other = make_experiment(session, world.agent_b, NOW, territory="Gard")
    _add(session, world.agent_a, one, kind="funding", description="a", value_eur=1000)
    _add(session, world.agent_a, one, kind="funding", description="b", value_eur=500.5)
    _add(
        session,
        world.agent_a,
        one,
        kind="staff_time",
        description="c",
        quantity=10,
        unit="jours",
        value_eur=2000,
    )
    _add(session, world.agent_a, two, kind="staff_time", description="d", quantity=4, unit="jours")
    _add(
        session,
        world.agent_a,
        two,
        kind="premises",
        description="e",
        quantity=12,
        unit="mois",
        start=date(2026, 1, 1),
        end=date(2026, 12, 31),
    )
    _add(session, world.agent_b, other, kind="funding", description="f", value_eur=300)

    by_experiment = commons.totals(session=session, by="experiment", visible_to=world.agent_a)
    assert {
        (t.group_id, t.kind, t.unit): (t.contributions, t.quantity, t.value_eur)
        for t in by_experiment
    } == {
        (one.id, "funding", ""): (2, None, 1500.5),
        (one.id, "staff_time", "jours"): (1, 10.0, 2000.0),
        (two.id, "premises", "mois"): (1, 12.0, None),
        (two.id, "staff_time", "jours"): (1, 4.0, None),
    }
    by_territory = commons.totals(session=session, by="territory")
    assert commons.value_by_group(by_territory) == {mende.id: 3500.5, gard.id: 300.0}
    staff = {(t.group_id, t.kind): t.quantity for t in by_territory if t.unit == "jours"}
    assert staff == {(mende.id, "staff_time"): 14.0, (gard.id, "staff_time"): 4.0}
    by_organisation = commons.totals(session=session, by="organisation")
    assert commons.value_by_group(by_organisation) == {
        world.org_a.id: 3500.5,
        world.org_b.id: 300.0,
    }
    later = commons.totals(session=session, by="experiment", period=(date(2027, 1, 1), None))
    assert {t.kind for t in later if t.group_id == two.id} == {"staff_time"}
