"""`tracker demo`: load the demo organisations once and print their logins."""

import click
from flask import current_app
from flask.cli import with_appcontext

from tracker import clock
from tracker import demo as demo_data
from tracker.commands import reports_errors
from tracker.db import session_scope


def _print_logins() -> None:
    base_url = current_app.config["TRACKER"]["BASE_URL"]
    click.echo(f"Demo logins (password for all: {demo_data.DEMO_PASSWORD}) at {base_url}")
    for organisation, _specs in demo_data.CATALOGUES:
        click.echo(f"  {organisation.name}")
        for person in organisation.people:
            click.echo(f"    {person.role:<9} {person.email:<32} {person.name}")


@click.command("demo")
@with_appcontext
@reports_errors
def demo() -> None:
    """Load demo data (idempotent: organisations already there are left as they are)."""
    with session_scope() as session:
        report = demo_data.build(session=session, now=clock.now())
    for name in report.created:
        click.echo(f"Created demo organisation {name}")
    if report.created:
        click.echo(f"Added {report.experiments} demo experiments.")
    if report.existing:
        click.echo(f"Already loaded, left unchanged: {', '.join(report.existing)}")
    _print_logins()
