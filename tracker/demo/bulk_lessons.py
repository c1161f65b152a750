"""Bench lessons: every published bulk retrospective and every bulk scale decision teaches one,
as the services do (tracker.services.lessons), written as rows (test data).

The lessons stay internal: making one public takes a request and an approval, each an event on
the experiment's timeline, which the bulk timelines do not carry. The SQLite full-text table
(external content) is filled with the rows it indexes; PostgreSQL's expression index follows
the table by itself.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, text

from tracker.demo.bulk_gates import Rows


def _lesson(rows: Rows, experiment: dict[str, Any], at: datetime, **values: Any) -> None:
    rows.add(
        "lessons",
        {
            "experiment_id": experiment["id"],
            "organisation_id": experiment["organisation_id"],
            "gate_id": None,
            "retrospective_id": None,
            "title": experiment["title"],
            "stop_reason": None,
            "cause_tags": [],
            # Copied from the experiment, as the services do: a lesson keeps its context.
            "territory": experiment["territory"] or "",
            "theme": experiment["theme"] or "",
            "visibility": "internal",
            "publication": "none",
            "public_requested_at": None,
            "public_requested_by": None,
            "public_approved_at": None,
            "public_approved_by": None,
            "created_at": at,
            **values,
        },
    )


def _paragraphs(*parts: str | None) -> str:
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def taught(rows: Rows, experiment: dict[str, Any], trigger: str) -> None:
    """The lesson of the step just written, if it teaches one (a published stop, a scale)."""
    if trigger == "stop":
        retrospective = rows.rows["retrospectives"][-1]
        if retrospective["state"] != "published":
            return
        _lesson(
            rows,
            experiment,
            retrospective["published_at"],
            kind="retrospective",
            outcome="stop",
            retrospective_id=retrospective["id"],
            body=_paragraphs(
                retrospective["what_we_learned"],
                retrospective["do_differently"],
                retrospective["advice"],
            ),
            stop_reason=experiment["stop_reason"],
            cause_tags=list(retrospective["cause_tags"]),
        )
    elif trigger == "scale":
        gate, decision = rows.rows["gates"][-1], rows.rows["gate_decisions"][-1]
        _lesson(
            rows,
            experiment,
            decision["decided_at"],
            kind="scale",
            outcome="scale",
            gate_id=gate["id"],
            body=_paragraphs(decision["rationale"], decision.get("scaling_plan")),
        )


def index(connection: Connection, lessons: list[dict[str, Any]]) -> None:
    """Add a batch's lessons to the SQLite full-text table, in the batch's transaction."""
    if lessons and connection.dialect.name == "sqlite":
        connection.execute(
            text("INSERT INTO lessons_fts (rowid, title, body) VALUES (:id, :title, :body)"),
            [{"id": row["id"], "title": row["title"], "body": row["body"]} for row in lessons],
        )
