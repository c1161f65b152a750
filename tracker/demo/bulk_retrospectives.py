"""Bench retrospectives: every bulk stop opens one, as the services do (test data)."""

from datetime import datetime, timedelta
from typing import Any

from tracker.demo.bulk_gates import Rows

EMPTY = dict.fromkeys(
    ("what_we_tried", "what_happened", "why", "what_we_learned", "do_differently", "advice"),
    "",
)
WRITTEN = {
    **EMPTY,
    "what_we_tried": "Un guichet sans rendez-vous.",
    "what_happened": "Peu d'usagers sont venus.",
    "why": "Horaires inadaptés aux personnes en emploi.",
    "what_we_learned": "Tester les horaires avec les usagers d'abord.",
}


def retrospective(rows: Rows, experiment_id: int, owner: int, at: datetime, now: datetime) -> None:
    """Due 30 days after the stop; four in five stops older than 45 days have theirs published.

    Chosen by id, not by the generator's random stream, so the other rows stay the same.
    """
    published = at < now - timedelta(days=45) and experiment_id % 5 != 0
    row: dict[str, Any] = {
        **(WRITTEN if published else EMPTY),
        "reusable_assets": "",
        "experiment_id": experiment_id,
        "state": "published" if published else "due",
        "version": 3 if published else 1,
        "due_on": (at + timedelta(days=30)).date(),
        "opened_at": at,
        "updated_at": at + timedelta(days=20) if published else at,
        "cause_tags": ["timing"] if published else [],
        "cost_eur": None,
        "agent_days": None,
        "decided_by": "team",
        "published_at": at + timedelta(days=20) if published else None,
        "published_by": owner if published else None,
    }
    rows.add("retrospectives", row)
