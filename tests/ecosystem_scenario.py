"""Territories, partners and commons in the security matrix: standing rows of org A to read,
fresh rows on the fresh experiments of writing routes."""

from typing import Any

from tests.conftest import NOW
from tracker.models import Experiment, Partner, Territory
from tracker.services import commons as commons_service
from tracker.services import partners as partner_service
from tracker.services import territories as territory_service

_STANDING: dict[str, str] = {"territory": "_eco_territory", "partner": "_eco_partner"}


def _cached(scenario: Any, key: str, make: Any) -> int:
    if not hasattr(scenario, key):
        setattr(scenario, key, make())
    return getattr(scenario, key)


def territory_id(scenario: Any, _experiment: Experiment | None) -> int:
    """A territory of the shared inventory (created by org A's admin)."""

    def make() -> int:
        row = territory_service.create(
            session=scenario.gates.session, actor=scenario.world.admin_a,
            data={"name": "Matrice", "level": "commune"}, now=NOW,
        )  # fmt: skip
        return row.id or 0

    return _cached(scenario, _STANDING["territory"], make)


def partner_id(scenario: Any, _experiment: Experiment | None) -> int:
    """A partner recorded by org A."""

    def make() -> int:
        row = partner_service.create(
            session=scenario.gates.session, actor=scenario.world.agent_a,
            data={"name": "Matrice", "kind": "association"}, now=NOW,
        )  # fmt: skip
        return row.id or 0

    return _cached(scenario, _STANDING["partner"], make)


def link_id(scenario: Any, experiment: Experiment | None) -> int:
    """The standing partner's link to the experiment (one per experiment)."""
    assert experiment is not None
    key = f"_eco_link_{experiment.id}"

    def make() -> int:
        row = partner_service.link(
            session=scenario.gates.session, actor=scenario.world.agent_a,
            experiment_id=experiment.id, partner_id=partner_id(scenario, None),
            role="operator", now=NOW,
        )  # fmt: skip
        return row.id or 0

    return _cached(scenario, key, make)


def contribution_id(scenario: Any, experiment: Experiment | None) -> int:
    """A contribution to the experiment (one per experiment)."""
    assert experiment is not None
    key = f"_eco_commons_{experiment.id}"

    def make() -> int:
        row = commons_service.add(
            session=scenario.gates.session, actor=scenario.world.agent_a,
            experiment_id=experiment.id,
            data={"kind": "premises", "description": "Salle", "quantity": 1, "unit": "mois"},
            now=NOW,
        )  # fmt: skip
        return row.id or 0

    return _cached(scenario, key, make)


def _version(scenario: Any, model: Any, row_id: int) -> int:
    session = scenario.gates.session
    session.expire_all()
    row = session.get(model, row_id)
    return row.version if row else 1


def territory_patch(scenario: Any, experiment: Experiment | None) -> dict[str, Any]:
    """The version the territory has now (earlier actors may have changed it)."""
    version = _version(scenario, Territory, territory_id(scenario, experiment))
    return {"version": version, "level": "commune"}


def partner_patch(scenario: Any, experiment: Experiment | None) -> dict[str, Any]:
    version = _version(scenario, Partner, partner_id(scenario, experiment))
    return {"version": version, "kind": "association"}


def link_body(scenario: Any, _experiment: Experiment | None) -> dict[str, Any]:
    return {"partner_id": partner_id(scenario, None), "role": "host"}


COMMONS = {"kind": "data", "description": "Jeu de données", "value_eur": 100}


def territory_form(scenario: Any, experiment: Experiment | None) -> dict[str, Any]:
    version = _version(scenario, Territory, territory_id(scenario, experiment))
    return {"name": "Matrice", "level": "commune", "code": "", "cluster_id": "", "version": version}


def partner_form(scenario: Any, experiment: Experiment | None) -> dict[str, Any]:
    version = _version(scenario, Partner, partner_id(scenario, experiment))
    return {"name": "Matrice", "kind": "association", "siret": "", "version": version}


def link_form(scenario: Any, _experiment: Experiment | None) -> dict[str, Any]:
    return {"partner_id": str(partner_id(scenario, None)), "role": "host"}


COMMONS_FORM = {"kind": "premises", "description": "Salle", "quantity": "1", "unit": "mois"}
