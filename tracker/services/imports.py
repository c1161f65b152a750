"""Bulk import of experiments from a CSV in the export's format: every row or none.

Every row is checked first (cells, the input model, ids of the admin's organisation, current
versions, known territories, duplicates); if anything is wrong nothing is written and the
problems are reported by line and column. Then the rows go through the experiment services
(versions, events, team checks) in one transaction: the services' commits become flushes
until the last row, and any refusal rolls the whole file back.
"""

import importlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from tracker.exports.reader import WRITABLE, Problem, Row, parse
from tracker.models import Experiment, ExperimentCreate, User
from tracker.services import experiments as experiment_service
from tracker.services.errors import Invalid, ServiceError
from tracker.services.permissions import require_admin
from workflows.definition import N_
from workflows.experiment import TERMINAL


@dataclass
class Report:
    """What an import did, or why it did nothing."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)


class _OneTransaction(Session):
    """A session whose commit only flushes: the import commits once, at the end."""

    def commit(self) -> None:
        self.flush()

    def commit_for_real(self) -> None:
        """Commit the whole import."""
        super().commit()


def apply(
    *,
    session: Session,
    actor: User,
    data: bytes,
    max_bytes: int,
    max_rows: int,
    now: datetime,
    dry_run: bool = False,
) -> Report:
    """Check every row, then create or update them all in one transaction (admins only).

    With `dry_run` every row is also written, then the transaction is rolled back: the
    report is the one a real import would give, and nothing changes.
    """
    require_admin(actor)
    parsed = parse(data, max_bytes=max_bytes, max_rows=max_rows)
    report = Report(problems=parsed.problems)
    if report.problems:
        return report
    current = _current(session, actor, parsed.rows)
    problems, unchanged = _check(session, parsed.rows, current)
    report.problems.extend(problems)
    if report.problems:
        return report
    with _OneTransaction(session.get_bind(), expire_on_commit=False) as writer:
        for row in parsed.rows:
            if row.line in unchanged:
                continue
            try:
                _write(writer, actor, row, now, report)
            except ServiceError as refused:
                writer.rollback()
                report.created = report.updated = 0
                report.problems.extend(_refusal(row, refused))
                return report
        report.unchanged = len(parsed.rows) - report.created - report.updated
        if dry_run:
            writer.rollback()
        else:
            writer.commit_for_real()
    return report


def _changes(row: Row) -> dict[str, Any]:
    return {name: value for name, value in row.values.items() if name in WRITABLE}


def _write(writer: Session, actor: User, row: Row, now: datetime, report: Report) -> None:
    changes = _changes(row)
    experiment_id = row.values.get("id")
    if experiment_id is None:
        experiment_service.create(session=writer, actor=actor, data=changes, now=now)
        report.created += 1
        return
    experiment = writer.get(Experiment, experiment_id)
    before = experiment.version if experiment else None
    updated = experiment_service.update_as_admin(
        session=writer,
        actor=actor,
        experiment_id=experiment_id,
        version=row.values.get("version"),
        changes=changes,
        now=now,
    )
    if updated.version != before:
        report.updated += 1


def _current(session: Session, actor: User, rows: list[Row]) -> dict[int, Experiment]:
    ids = {row.values["id"] for row in rows if row.values.get("id") is not None}
    if not ids:
        return {}
    found = session.exec(
        select(Experiment).where(
            col(Experiment.id).in_(ids), Experiment.organisation_id == actor.organisation_id
        )
    ).all()
    return {experiment.id: experiment for experiment in found if experiment.id is not None}


def _check(
    session: Session, rows: list[Row], current: dict[int, Experiment]
) -> tuple[list[Problem], set[int]]:
    """The problems of every row, and the lines that would change nothing."""
    problems: list[Problem] = []
    unchanged: set[int] = set()
    seen_ids: dict[int, int] = {}
    seen_rows: dict[tuple[str, ...], int] = {}
    territories = _known_territories(session, rows)
    for row in rows:
        experiment_id = row.values.get("id")
        first = seen_ids.get(experiment_id) if experiment_id is not None else seen_rows.get(row.raw)
        if first is not None:
            column = "id" if experiment_id is not None else None
            problems.append(
                Problem(row.line, column, N_("Duplicate of line %(line)s."), {"line": first})
            )
            continue
        if experiment_id is not None:
            seen_ids[experiment_id] = row.line
        else:
            seen_rows[row.raw] = row.line
        found, same = _check_row(session, row, current, territories)
        problems.extend(found)
        if same:
            unchanged.add(row.line)
    return problems, unchanged


def _check_row(
    session: Session, row: Row, current: dict[int, Experiment], territories: set[str] | None
) -> tuple[list[Problem], bool]:
    problems = []
    changes = _changes(row)
    experiment_id = row.values.get("id")
    before: dict[str, Any] | None = None
    experiment = current.get(experiment_id) if experiment_id is not None else None
    if experiment_id is not None:
        if experiment is None:
            message = N_("No experiment with this id in your organisation.")
            return [Problem(row.line, "id", message)], False
        before = experiment_service.current_values(session, experiment)
        changes = {**before, **changes}
    try:
        after = ExperimentCreate.model_validate(changes)
    except ValidationError as error:
        for item in error.errors():
            column = str(item["loc"][0]) if item["loc"] else None
            message = str(item["msg"]).removeprefix("Value error, ")
            problems.append(Problem(row.line, column, message))
        return problems, False
    if experiment is not None and before is not None:
        if _same(before, after):
            # An unchanged row is fine even on a closed experiment or an older version.
            return problems, True
        if experiment.state in TERMINAL:
            message = N_("A closed experiment can no longer be edited.")
            return [Problem(row.line, "id", message)], False
        if row.values.get("version") != experiment.version:
            message = N_("Changed since this file was made: version %(current)s now.")
            problems.append(Problem(row.line, "version", message, {"current": experiment.version}))
    territory = after.territory.strip().lower()
    old = str((before or {}).get("territory") or "").strip().lower()
    # A territory is checked when it is written, so an old free-text value does not block.
    if territory and territory != old and territories is not None and territory not in territories:
        problems.append(Problem(row.line, "territory", N_("Unknown territory.")))
    return problems, False


def _same(before: dict[str, Any], after: ExperimentCreate) -> bool:
    old = ExperimentCreate.model_validate(before)
    if {e.lower() for e in old.team} != {e.lower() for e in after.team}:
        return False
    return old.model_dump(exclude={"team"}) == after.model_dump(exclude={"team"})


def _known_territories(session: Session, rows: list[Row]) -> set[str] | None:
    """The names and codes of the inventory among the file's territories (lower case).

    None while the inventory (tracker.models.territory) is absent: any text is then accepted.
    """
    try:
        territory = importlib.import_module("tracker.models.territory").Territory
    except (ImportError, AttributeError):
        return None
    wanted = {str(row.values.get("territory") or "").strip().lower() for row in rows} - {""}
    if not wanted:
        return set()
    found = session.exec(
        select(func.lower(territory.name), func.lower(territory.code)).where(
            or_(func.lower(territory.name).in_(wanted), func.lower(territory.code).in_(wanted))
        )
    ).all()
    return {value for pair in found for value in pair if value}


def _refusal(row: Row, refused: ServiceError) -> list[Problem]:
    if isinstance(refused, Invalid) and refused.errors:
        return [
            Problem(row.line, name.split(".")[0], message)
            for name, messages in refused.errors.items()
            for message in messages
        ]
    return [Problem(row.line, None, refused.message)]
