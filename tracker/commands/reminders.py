"""`tracker reminders`: one planner or dispatcher pass (cron, debugging, tests)."""

from datetime import UTC, datetime

import click
from flask import current_app
from flask.cli import AppGroup

from tracker import clock
from tracker.commands import reports_errors
from tracker.jobs import dispatcher, planner

group = AppGroup("reminders", help="Plan reminders and send the outbox.")


class IsoTime(click.ParamType):
    """An ISO 8601 date-time; without a zone it is UTC."""

    name = "ISO"

    def convert(self, value: object, param: object, ctx: click.Context | None) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            parsed = datetime.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not an ISO date-time such as 2026-12-01T08:00:00Z", param, ctx)  # type: ignore[arg-type]
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


NOW_OPTION = click.option(
    "--now", type=IsoTime(), default=None, help="Act as if at this time (ISO 8601, UTC default)."
)


@group.command("plan")
@NOW_OPTION
@reports_errors
def plan(now: datetime | None) -> None:
    """Find what is due and enqueue the reminders (one pass)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    report = planner.plan(app, now=now or clock.now())
    if not report.ran:
        click.echo("skipped: another planner is running")
        return
    details = ", ".join(f"{rule} {count}" for rule, count in sorted(report.enqueued.items()))
    click.echo(f"enqueued {report.total}" + (f" ({details})" if details else ""))
    if report.failures:
        raise click.ClickException("failed: " + ", ".join(report.failures))


@group.command("dispatch")
@NOW_OPTION
@reports_errors
def dispatch(now: datetime | None) -> None:
    """Send the due messages of the outbox (one pass)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    report = dispatcher.dispatch(app, now=now or clock.now())
    click.echo(
        f"sent {report.sent}, failed {report.failed}, dead {report.dead}, "
        f"reclaimed {report.reclaimed}"
    )
