"""Rows of bulk benchmark gates: requests, votes and decisions (see tracker.demo.bulk)."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tracker.models.board import DEFAULT_SCORECARD


@dataclass
class Cast:
    """The bench organisation's people and board, by key."""

    organisation_id: int
    people: dict[str, int]
    board_id: int


@dataclass
class Rows:
    """The rows of one batch, per table, and the next free id of each table."""

    next_id: dict[str, int]
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, table: str, row: dict[str, Any]) -> int:
        """Append a row with the next id of its table (ids are set here so rows can refer)."""
        if table != "experiment_members":
            row["id"] = self.next_id[table]
            self.next_id[table] += 1
        self.rows.setdefault(table, []).append(row)
        return int(row.get("id", 0))


def _gate(
    rows: Rows, cast: Cast, experiment_id: int, owner: int, kind: str, status: str, at: datetime
) -> int:
    return rows.add(
        "gates",
        {
            "experiment_id": experiment_id,
            "board_id": cast.board_id,
            "kind": kind,
            "status": status,
            "iteration": 1,
            "requested_by": owner,
            "requested_at": at,
            "review_date": (at + timedelta(days=14)).date(),
            "quorum": 2,
            "scorecard": DEFAULT_SCORECARD,
            "evidence_level": 1 if kind == "pilot" else 3,
            "verdict": "conclusive_positive" if kind == "decision" else None,
            "analysis": "Les mesures du pilote sont nettes." if kind == "decision" else None,
            "version": 1,
            "closed_at": None,
            "closed_by": None,
        },
    )


def decided_gate(
    rows: Rows,
    cast: Cast,
    experiment_id: int,
    owner: int,
    outcome: tuple[str, str],
    at: datetime,
    experiment: dict[str, Any],
) -> None:
    """A decided gate (kind, decision) with two votes and the chair's decision, closed at `at`."""
    kind, decision = outcome
    gate_id = _gate(rows, cast, experiment_id, owner, kind, "decided", at - timedelta(days=20))
    rows.rows["gates"][-1].update(closed_at=at, closed_by=cast.people["reviewer"])
    for voter in ("reviewer", "admin"):
        rows.add(
            "votes",
            {
                "gate_id": gate_id,
                "voter_id": cast.people[voter],
                "recommendation": decision,
                "scores": {},
                "comment": "",
                "cast_at": at - timedelta(days=1),
                "updated_at": at - timedelta(days=1),
            },
        )
    frozen = None
    if decision == "go":
        experiment["criteria_frozen_at"] = at
        frozen = {key: experiment[key] for key in ("success_criteria", "stop_criteria")}
    rows.add(
        "gate_decisions",
        {
            "gate_id": gate_id,
            "decision": decision,
            "rationale": "Décision du comité après examen.",
            "decided_by": cast.people["reviewer"],
            "decided_at": at,
            "route": "replication" if decision == "scale" else None,
            "stop_reason": "no_impact" if decision == "stop" else None,
            "vote_count": 2,
            "frozen_criteria": frozen,
        },
    )


def open_gate(rows: Rows, cast: Cast, experiment_id: int, owner: int, at: datetime) -> int:
    """An open pilot gate waiting for the board's votes."""
    return _gate(rows, cast, experiment_id, owner, "pilot", "open", at)
