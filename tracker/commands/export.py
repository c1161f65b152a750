"""`tracker export` and `tracker import`: the portfolio in and out as CSV, JSON or open data."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlmodel import select

from tracker import clock
from tracker.commands import reports_errors
from tracker.db import session_scope
from tracker.exports import datapackage, sources, writers
from tracker.exports.columns import RESOURCES
from tracker.models import User
from tracker.services import imports as import_service
from tracker.services import users as user_service


def _account(session: object, email: str) -> User:
    address = user_service.normalise_email(email)
    user = session.exec(select(User).where(User.email == address)).first()  # type: ignore[attr-defined]
    if user is None or not user.active:
        raise click.ClickException(f"no active account with the email {address}")
    return user


@click.command("export")
@click.option(
    "--format",
    "kind",
    required=True,
    type=click.Choice(["csv", "json", "datapackage"]),
    help="csv (UTF-8 with BOM, `;`), json, or datapackage (the open-data dump into a folder).",
)
@click.option(
    "--what",
    type=click.Choice(sorted(RESOURCES)),
    help="What to export (csv and json).",
)
@click.option(
    "--email",
    default=None,
    help="Export what this account may see; without it, only what is public.",
)
@click.argument("target", type=click.Path(path_type=Path))
@with_appcontext
@reports_errors
def export(kind: str, what: str | None, email: str | None, target: Path) -> None:
    """Write an export to TARGET (a file; a folder, created if missing, for datapackage)."""
    with session_scope() as session:
        if kind == "datapackage":
            if what or email:
                raise click.ClickException(
                    "datapackage exports everything public: no --what/--email"
                )
            if target.exists() and not target.is_dir():
                raise click.ClickException(f"{target} exists and is not a folder")
            written = datapackage.write(session, target, clock.now())
            click.echo(f"wrote {len(written)} files to {target}")
            return
        if what is None:
            raise click.ClickException("--what is required with --format csv or json")
        if target.is_dir():
            raise click.ClickException(f"{target} is a folder: name a file")
        if not target.parent.is_dir():
            raise click.ClickException(f"no folder {target.parent} to write {target.name} into")
        reader = _account(session, email) if email else None
        names = RESOURCES[what].names(public_only=reader is None)
        rows = sources.rows(session, what, reader)
        chunks = (
            writers.csv_lines(rows, writers.EXCEL, names)
            if kind == "csv"
            else writers.json_chunks(rows, names)
        )
        count = -1
        with target.open("w", encoding="utf-8", newline="") as out:
            for count, chunk in enumerate(chunks):  # noqa: B007 (the count is reported)
                out.write(chunk)
        rows_written = count if kind == "csv" else max(count - 1, 0)
        click.echo(f"wrote {rows_written} {what} to {target}")


@click.command("import")
@click.option("--email", required=True, help="The administrator the import acts as.")
@click.argument("source", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@with_appcontext
@reports_errors
def import_(email: str, source: Path) -> None:
    """Create or update experiments from a CSV in the export's format (all rows or none)."""
    settings = current_app.config["TRACKER"]
    with source.open("rb") as raw:
        data = raw.read(settings["IMPORT_MAX_BYTES"] + 1)
    with session_scope() as session:
        actor = _account(session, email)
        report = import_service.apply(
            session=session,
            actor=actor,
            data=data,
            max_bytes=settings["IMPORT_MAX_BYTES"],
            max_rows=settings["IMPORT_MAX_ROWS"],
            now=clock.now(),
        )
    if report.problems:
        first = report.problems[0]
        more = f" (and {len(report.problems) - 1} more)" if len(report.problems) > 1 else ""
        raise click.ClickException(f"nothing imported: {first.text()}{more}")
    click.echo(f"imported: {report.created} created, {report.updated} updated")
