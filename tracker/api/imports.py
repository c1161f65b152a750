"""POST /imports/experiments: the bulk CSV import of /admin/import and `tracker import`.

The body is the CSV itself (`text/csv`, the export's format, `;` or `,`, with or without BOM),
read here rather than by the registry's JSON reader. A body over TRACKER_IMPORT_MAX_BYTES is
refused (413) before it is read; every row is checked and nothing is applied if one is wrong
(422 with `errors` as `{"line", "column", "message"}`).
"""

from flask import Response, current_app, request
from flask_babel import gettext
from pydantic import BaseModel, Field

from tracker import clock
from tracker.api import problems
from tracker.api.auth import current_user
from tracker.api.registry import Reply, operation
from tracker.api.schemas import Problem
from tracker.db import get_session
from tracker.exports.download import CSV
from tracker.services import imports as import_service
from tracker.services.permissions import require_admin
from workflows.definition import N_

TAG = "imports"
TOO_BIG = N_("The file is larger than %(limit)s bytes: split it.")
NOT_CSV = N_("Send the file as text/csv, in the export's format.")
REFUSED = N_("Nothing was imported: %(count)s problems, listed by line and column.")


class ImportQuery(BaseModel):
    dry_run: bool = Field(default=False, description="Check and count, apply nothing.")


class ImportReport(BaseModel):
    """What the import did (or, with dry_run, would do)."""

    created: int
    updated: int
    unchanged: int
    dry_run: bool


class LineError(BaseModel):
    """One refusal: line 1 is the header, 0 the whole file; column is null for a whole row."""

    line: int
    column: str | None
    message: str


class ImportProblem(Problem):
    """A refused file: every problem by line and column (or field errors of the query)."""

    errors: list[LineError] | dict[str, list[str]] | None = None  # type: ignore[assignment]


@operation(
    "POST",
    "/imports/experiments",
    summary="Import experiments from a CSV (admins)",
    tag=TAG,
    query=ImportQuery,
    raw_body=CSV,
    replies={
        200: Reply("Applied (or checked, with dry_run): the counts.", ImportReport),
        422: Reply(
            "A row is wrong: nothing was applied; `errors` lists each problem.",
            ImportProblem,
            media_type=problems.MEDIA_TYPE,
        ),
    },
    problems=(403, 413, 415),
)
def import_experiments(*, query: ImportQuery) -> Response | tuple[ImportReport, int]:
    """Create (no id) or update (id and version) your organisation's experiments, all or none."""
    actor = current_user()
    require_admin(actor)
    settings = current_app.config["TRACKER"]
    max_bytes, max_rows = settings["IMPORT_MAX_BYTES"], settings["IMPORT_MAX_ROWS"]
    if request.mimetype != CSV:
        return problems.problem(415, gettext(NOT_CSV))
    if (request.content_length or 0) > max_bytes:
        return problems.problem(413, gettext(TOO_BIG, limit=max_bytes))
    # A body without a length stops at the limit (werkzeug answers 413 past it).
    request.max_content_length = max_bytes
    report = import_service.apply(
        session=get_session(),
        actor=actor,
        data=request.get_data(cache=False),
        max_bytes=max_bytes,
        max_rows=max_rows,
        now=clock.now(),
        dry_run=query.dry_run,
    )
    if report.problems:
        errors = [
            {"line": p.line, "column": p.column, "message": gettext(p.message, **p.params)}
            for p in report.problems
        ]
        detail = gettext(REFUSED, count=len(errors))
        return problems.problem(422, detail, errors=errors)
    counts = ImportReport(
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        dry_run=query.dry_run,
    )
    return counts, 200
