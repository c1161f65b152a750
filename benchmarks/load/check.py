"""After the load: every write the server acknowledged is in the database exactly once."""

from typing import Any

from sqlalchemy import create_engine, text

from benchmarks.load.cast import ORGANISATION

# (what, SQL returning the ids the database holds for the load organisation)
_HELD = {
    "experiments": (
        "SELECT e.id FROM experiments e JOIN organisations o ON o.id = e.organisation_id "
        "WHERE o.name = :organisation"
    ),
    "journal": (
        "SELECT j.id FROM journal_entries j JOIN experiments e ON e.id = j.experiment_id "
        "JOIN organisations o ON o.id = e.organisation_id WHERE o.name = :organisation"
    ),
    "gates": (
        "SELECT g.id FROM gates g JOIN experiments e ON e.id = g.experiment_id "
        "JOIN organisations o ON o.id = e.organisation_id WHERE o.name = :organisation"
    ),
    "votes": (
        "SELECT v.gate_id || ':' || v.voter_id FROM votes v JOIN gates g ON g.id = v.gate_id "
        "JOIN experiments e ON e.id = g.experiment_id "
        "JOIN organisations o ON o.id = e.organisation_id WHERE o.name = :organisation"
    ),
    "decisions": (
        "SELECT d.gate_id FROM gate_decisions d JOIN gates g ON g.id = d.gate_id "
        "JOIN experiments e ON e.id = g.experiment_id "
        "JOIN organisations o ON o.id = e.organisation_id WHERE o.name = :organisation"
    ),
}


def _ids(acknowledged: dict[str, list[Any]], what: str) -> list[Any]:
    # Votes are keyed "gate:voter" (one vote per member and gate); the rest by their own id.
    return list(acknowledged.get(what, []))


def problems(database_url: str, results: dict[str, Any]) -> tuple[dict[str, int], list[str]]:
    """Counts per kind of write, and every discrepancy between the clients and the database."""
    found: list[str] = [f"server error: {line}" for line in results["server_errors"]]
    counts: dict[str, int] = {}
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            for what, sql in _HELD.items():
                held = [
                    row[0] for row in connection.execute(text(sql), {"organisation": ORGANISATION})
                ]
                told = _ids(results["acknowledged"], what)
                counts[what] = len(told)
                if len(set(told)) != len(told):
                    found.append(f"{what}: the server acknowledged the same id twice")
                if what == "decisions" and len(set(held)) != len(held):
                    found.append("decisions: a gate was decided more than once")
                # Writes that failed are absent from `told`; a write told but absent was lost.
                lost = set(told) - set(held)
                if lost:
                    found.append(f"{what}: {len(lost)} acknowledged writes are missing")
                if what in ("experiments", "decisions") and set(held) != set(told):
                    found.append(
                        f"{what}: {len(set(held) - set(told))} written but never acknowledged"
                    )
    finally:
        engine.dispose()
    return counts, found
