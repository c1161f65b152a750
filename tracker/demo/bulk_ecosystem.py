"""Bulk benchmark data, continued: each bulk experiment linked to its territory, every fourth
to a partner with a role, every tenth with a commons contribution (executemany per batch)."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert
from sqlmodel import Session, col, select

from tracker.models import (
    CommonsContribution,
    ExperimentPartner,
    ExperimentTerritory,
    Partner,
    Territory,
    User,
)
from tracker.services import partners as partner_service
from tracker.services import territories as territory_service

BENCH_PARTNERS = (
    ("Association du banc d'essai", "association", "user_representative"),
    ("Entreprise du banc d'essai", "company", "operator"),
    ("Laboratoire du banc d'essai", "research_team", "evaluator"),
    ("Fondation du banc d'essai", "public_body", "funder"),
)
PARTNER_EVERY = 4
COMMONS_EVERY = 10


def prepare(session: Session, territories: tuple[str, ...], recorder: User, now: datetime) -> None:
    """The bench's territories and partners, made once through the services."""
    for name in territories:
        territory_service.match_or_add(session, name, now)
    session.commit()
    for name, kind, _role in BENCH_PARTNERS:
        if session.exec(select(Partner).where(Partner.name == name)).first() is None:
            partner_service.create(
                session=session, actor=recorder, data={"name": name, "kind": kind}, now=now
            )


@dataclass
class Links:
    """Territory ids by bench territory name, partner ids in BENCH_PARTNERS order, and the
    link rows of the current batch."""

    territory_ids: dict[str, int]
    partner_ids: list[int]
    rows: dict[Any, list[dict[str, Any]]] = field(default_factory=dict)

    @classmethod
    def load(cls, connection: Connection, territories: tuple[str, ...]) -> "Links":
        found = dict(
            connection.execute(
                select(col(Territory.name), col(Territory.id)).where(
                    col(Territory.name).in_(territories)
                )
            ).all()
        )
        names = [name for name, _kind, _role in BENCH_PARTNERS]
        partners = dict(
            connection.execute(
                select(col(Partner.name), col(Partner.id)).where(col(Partner.name).in_(names))
            ).all()
        )
        return cls(
            territory_ids={name: int(i or 0) for name, i in found.items()},
            partner_ids=[int(partners[name] or 0) for name in names if name in partners],
        )

    def add(self, experiment: dict[str, Any], index: int) -> None:
        """The links of one bulk experiment (its territory label names its territory)."""
        experiment_id = experiment["id"]
        territory_id = self.territory_ids.get(experiment["territory"])
        if territory_id is not None:
            self._row(
                ExperimentTerritory, {"experiment_id": experiment_id, "territory_id": territory_id}
            )
        if self.partner_ids and index % PARTNER_EVERY == 0:
            position = (index // PARTNER_EVERY) % len(self.partner_ids)
            self._row(
                ExperimentPartner,
                {
                    "experiment_id": experiment_id,
                    "partner_id": self.partner_ids[position],
                    "role": BENCH_PARTNERS[position][2],
                    "note": "",
                    "created_by": experiment["owner_id"],
                    "created_at": experiment["created_at"],
                    "withdrawn_at": None,
                },
            )
        if index % COMMONS_EVERY == 0:
            self._row(
                CommonsContribution,
                {
                    "experiment_id": experiment_id,
                    "kind": "staff_time",
                    "description": "Temps d'agent (données de test)",
                    "quantity": float(1 + index % 20),
                    "unit": "jours",
                    "value_eur": float(300 * (1 + index % 20)),
                    "start_on": experiment["created_at"].date(),
                    "end_on": None,
                    "version": 1,
                    "created_by": experiment["owner_id"],
                    "created_at": experiment["created_at"],
                    "updated_at": experiment["created_at"],
                    "withdrawn_at": None,
                },
            )

    def _row(self, model: Any, row: dict[str, Any]) -> None:
        self.rows.setdefault(model, []).append(row)

    def flush(self, connection: Connection) -> None:
        """Insert the batch's links (after their experiments) and start the next batch."""
        for model in (ExperimentTerritory, ExperimentPartner, CommonsContribution):
            if self.rows.get(model):
                connection.execute(insert(model), self.rows[model])
        self.rows = {}
