"""`tracker db`: schema migrations through Alembic (tracker.migrate)."""

import click
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from tracker import migrate
from tracker.commands import reports_errors

group = AppGroup("db", help="Create and migrate the database schema.")


def _url() -> str:
    return current_app.config["TRACKER"]["DATABASE_URL"]


def current_revisions(database_url: str) -> list[str]:
    """The revisions the database is at (empty before the first upgrade)."""
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return sorted(MigrationContext.configure(connection).get_current_heads())
    finally:
        engine.dispose()


def head_revisions(database_url: str) -> list[str]:
    """The newest revisions the code knows."""
    return sorted(ScriptDirectory.from_config(migrate.alembic_config(database_url)).get_heads())


def _describe(database_url: str) -> str:
    revisions = current_revisions(database_url)
    if not revisions:
        return "empty (no migration applied)"
    heads = head_revisions(database_url)
    return ", ".join(f"{rev} (head)" if rev in heads else rev for rev in revisions)


@group.command("upgrade")
@click.argument("revision", default="head")
@reports_errors
def upgrade(revision: str) -> None:
    """Apply the migrations up to REVISION (default: head)."""
    migrate.upgrade(_url(), revision)
    click.echo(f"Database at {_describe(_url())}")


@group.command("downgrade")
@click.argument("revision")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@reports_errors
def downgrade(revision: str, yes: bool) -> None:
    """Revert the migrations down to REVISION (`base` empties the schema)."""
    # Downgrades drop tables and columns: the one CLI path that destroys data asks first.
    if not yes:
        click.confirm(
            f"Downgrading to {revision} can drop tables and their data. Continue?", abort=True
        )
    migrate.downgrade(_url(), revision)
    click.echo(f"Database at {_describe(_url())}")


@group.command("current")
@reports_errors
def current() -> None:
    """Show the revision the database is at."""
    click.echo(_describe(_url()))
