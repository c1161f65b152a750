"""`tracker demo`: load the demo organisations once and print their logins."""

import click
from flask import current_app
from flask.cli import with_appcontext

from tracker import clock
from tracker import demo as demo_data
from tracker.commands import reports_errors
from tracker.db import get_engine, session_scope
from tracker.demo import bulk


def _print_logins() -> None:
    base_url = current_app.config["TRACKER"]["BASE_URL"]
    click.echo(f"Demo logins (password for all: {demo_data.DEMO_PASSWORD}) at {base_url}")
    for organisation, _specs in demo_data.CATALOGUES:
        click.echo(f"  {organisation.name}")
        for person in organisation.people:
            click.echo(f"    {person.role:<9} {person.email:<32} {person.name}")


def _bulk(count: int) -> None:
    """Add `count` bulk benchmark experiments (test data, written without the services)."""
    now = clock.now()
    with session_scope() as session:
        cast = bulk.prepare_cast(session, now)
    with click.progressbar(
        length=count, label="Experiments", file=click.get_text_stream("stderr")
    ) as bar:
        made = bulk.generate(get_engine(), cast, count, now, progress=lambda done: bar.update(done))
    click.echo(f"Added {made} bulk experiments to {bulk.BENCH_ORGANISATION}.")
    for _key, email, name, role in bulk.BENCH_PEOPLE:
        click.echo(f"    {role:<9} {email:<32} {name}")


@click.command("demo")
@click.option(
    "--scale",
    type=click.IntRange(1, 10_000_000),
    default=None,
    help="Also add N bulk benchmark experiments (test data) to a bench organisation.",
)
@with_appcontext
@reports_errors
def demo(scale: int | None) -> None:
    """Load demo data (idempotent: organisations already there are left as they are)."""
    with session_scope() as session:
        report = demo_data.build(session=session, now=clock.now())
    for name in report.created:
        click.echo(f"Created demo organisation {name}")
    if report.created:
        click.echo(f"Added {report.experiments} demo experiments.")
    if report.existing:
        click.echo(f"Already loaded, left unchanged: {', '.join(report.existing)}")
    if scale:
        _bulk(scale)
    _print_logins()
