"""Territories: the shared inventory, experiments linked to it, the ?territory= filter."""

import pytest
from sqlmodel import select

from tests.conftest import NOW
from tests.factories import make_experiment
from tracker.models import Event, ExperimentTerritory, Territory
from tracker.services import experiments as experiment_service
from tracker.services import listing
from tracker.services import territories as territory_service
from tracker.services.errors import Conflict, Forbidden, Invalid


def _territory(session, world, **data):
    values = {"name": "Mende", "level": "commune", "code": "48095", **data}
    return territory_service.create(session=session, actor=world.admin_a, data=values, now=NOW)


def _links(session, experiment):
    return sorted(
        session.exec(
            select(ExperimentTerritory.territory_id).where(
                ExperimentTerritory.experiment_id == experiment.id
            )
        ).all()
    )


def test_admins_of_any_organisation_curate_one_shared_inventory(session, world):
    mende = _territory(session, world)
    gard = territory_service.create(
        session=session, actor=world.admin_b, data={"name": "Gard", "level": "department"}, now=NOW
    )
    seen = territory_service.list_(session=session, actor=world.agent_b).items
    assert [t.name for t in seen] == ["Gard", "Mende"]
    assert mende.code == "48095" and gard.code is None


def test_agents_cannot_create_or_edit_territories(session, world):
    mende = _territory(session, world)
    with pytest.raises(Forbidden):
        territory_service.create(session=session, actor=world.agent_a, data={"name": "X"}, now=NOW)
    with pytest.raises(Forbidden):
        territory_service.update(
            session=session,
            actor=world.agent_a,
            territory_id=mende.id,
            version=1,
            changes={"name": "Y"},
            now=NOW,
        )


@pytest.mark.parametrize(
    "data, field",
    [
        ({"name": " "}, "name"),
        ({"name": "A", "level": "canton"}, "level"),
        ({"name": "A", "code": "12-34"}, "code"),
        ({"name": "A", "cluster_id": 999}, "cluster_id"),
    ],
)
def test_invalid_territories_are_refused_by_field(session, world, data, field):
    with pytest.raises(Invalid) as refused:
        territory_service.create(session=session, actor=world.admin_a, data=data, now=NOW)
    assert field in refused.value.errors


def test_a_code_belongs_to_one_territory(session, world):
    _territory(session, world)
    with pytest.raises(Invalid) as refused:
        _territory(session, world, name="Autre")
    assert "code" in refused.value.errors


def test_stale_version_is_a_conflict(session, world):
    mende = _territory(session, world)
    territory_service.update(
        session=session,
        actor=world.admin_a,
        territory_id=mende.id,
        version=1,
        changes={"level": "commune", "name": "Mende (ville)"},
        now=NOW,
    )
    with pytest.raises(Conflict):
        territory_service.update(
            session=session,
            actor=world.admin_a,
            territory_id=mende.id,
            version=1,
            changes={"name": "Z"},
            now=NOW,
        )


def test_experiment_naming_a_territory_matches_by_name_or_code_or_adds_it(session, world):
    mende = _territory(session, world)
    by_name = make_experiment(session, world.agent_a, NOW, territory="  MENDE ")
    by_code = make_experiment(session, world.agent_b, NOW, territory="48095")
    added = make_experiment(session, world.agent_a, NOW, territory="Aubrac")
    assert _links(session, by_name) == _links(session, by_code) == [mende.id]
    assert by_name.territory == "Mende"
    aubrac = session.exec(select(Territory).where(Territory.name == "Aubrac")).one()
    assert _links(session, added) == [aubrac.id] and aubrac.level is None


def test_territory_ids_pick_several_and_the_label_follows(session, world):
    mende = _territory(session, world)
    gard = _territory(session, world, name="Gard", level="department", code="30")
    experiment = make_experiment(
        session, world.agent_a, NOW, territory="", territory_ids=[mende.id, gard.id]
    )
    assert _links(session, experiment) == sorted([mende.id, gard.id])
    assert experiment.territory == "Gard, Mende"
    updated = experiment_service.update(
        session=session,
        actor=world.agent_a,
        experiment_id=experiment.id,
        version=1,
        changes={"territory_ids": [gard.id]},
        now=NOW,
    )
    assert _links(session, updated) == [gard.id] and updated.territory == "Gard"
    last = session.exec(
        select(Event).where(Event.experiment_id == experiment.id).order_by(Event.id.desc())
    ).first()
    assert last.data == {"fields": ["territory"]}


def test_unknown_territory_ids_are_refused(session, world):
    with pytest.raises(Invalid) as refused:
        make_experiment(session, world.agent_a, NOW, territory_ids=[4242])
    assert "territory_ids" in refused.value.errors


def test_an_archived_territory_cannot_be_picked_but_stays_linked(session, world):
    mende = _territory(session, world)
    kept = make_experiment(session, world.agent_a, NOW, territory="", territory_ids=[mende.id])
    territory_service.set_archived(
        session=session, actor=world.admin_a, territory_id=mende.id, archived=True, now=NOW
    )
    assert _links(session, kept) == [mende.id]
    events = session.exec(select(Event).where(Event.experiment_id == kept.id)).all()
    assert [e.trigger for e in events][-1] == "territory_archived"
    with pytest.raises(Invalid):
        make_experiment(session, world.agent_a, NOW, territory="", territory_ids=[mende.id])
    # Re-saving the experiment with its archived territory is not a refusal.
    experiment_service.update(
        session=session,
        actor=world.agent_a,
        experiment_id=kept.id,
        version=1,
        changes={"territory_ids": [mende.id], "title": "Encore"},
        now=NOW,
    )


def test_renaming_a_territory_renames_the_label_of_its_experiments(session, world):
    mende = _territory(session, world)
    experiment = make_experiment(session, world.agent_a, NOW, territory="Mende")
    territory_service.update(
        session=session,
        actor=world.admin_a,
        territory_id=mende.id,
        version=1,
        changes={"name": "Mende-Ville"},
        now=NOW,
    )
    session.expire_all()
    assert (
        experiment_service.get(
            session=session, actor=world.agent_a, experiment_id=experiment.id
        ).territory
        == "Mende-Ville"
    )


def test_list_filter_by_name_or_code_through_the_links(session, world):
    mende = _territory(session, world)
    gard = _territory(session, world, name="Gard", level="department", code="30")
    both = make_experiment(
        session, world.agent_a, NOW, title="Both", territory="", territory_ids=[mende.id, gard.id]
    )
    make_experiment(session, world.agent_a, NOW, title="Gard only", territory="Gard")

    def titles(territory):
        page = listing.list_(session=session, actor=world.agent_a, territory=territory)
        return {e.title for e in page.items}

    assert titles("mende") == titles("48095") == {both.title}
    assert titles("30") == titles("GARD") == {"Both", "Gard only"}


def test_the_territory_page_lists_replications_received_and_sent(session, world):
    from tracker.models import Experiment
    from tracker.services import territory_page

    origin = make_experiment(session, world.agent_a, NOW, title="Origine", territory="Mende")
    replica = make_experiment(
        session, world.agent_b, NOW, title="Réplique", territory="Gard", visibility="public"
    )
    hidden = make_experiment(session, world.agent_b, NOW, title="Cachée", territory="Gard")
    for row in (replica, hidden):
        session.get(Experiment, row.id).replicated_from_id = origin.id
    session.commit()
    mende = session.exec(select(Territory).where(Territory.name == "Mende")).one()
    gard = session.exec(select(Territory).where(Territory.name == "Gard")).one()
    here = territory_page.view(session=session, actor=world.agent_a, territory_id=mende.id)
    assert [(r.title, s.title) for r, s in here.sent] == [("Réplique", "Origine")]
    assert here.received == [] and [e.title for e in here.experiments] == ["Origine"]
    there = territory_page.view(session=session, actor=world.agent_a, territory_id=gard.id)
    assert [(r.title, s.title) for r, s in there.received] == [("Réplique", "Origine")]
    # agent_b cannot see the internal origin: no pair names it.
    other = territory_page.view(session=session, actor=world.agent_b, territory_id=gard.id)
    assert other.received == []
