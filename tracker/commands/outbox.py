"""`tracker outbox`: see the outbox and put a message back in line."""

import click
from flask.cli import AppGroup
from sqlmodel import col, select

from tracker import clock
from tracker.commands import reports_errors
from tracker.db import session_scope
from tracker.models import OUTBOX_STATUSES, OutboxMessage
from tracker.notifications import admin as outbox_admin

group = AppGroup("outbox", help="Inspect and retry outgoing email.")


@group.command("list")
@click.option(
    "--status", type=click.Choice(OUTBOX_STATUSES), default=None, help="Only this status."
)
@click.option("--limit", type=click.IntRange(1, 100_000), default=200, show_default=True)
@reports_errors
def list_(status: str | None, limit: int) -> None:
    """One line per message: id, status, attempts, recipient, subject (or kind if unsent)."""
    with session_scope() as session:
        query = select(OutboxMessage).order_by(col(OutboxMessage.id)).limit(limit)
        if status:
            query = query.where(OutboxMessage.status == status)
        for row in session.exec(query).all():
            subject = row.subject or f"({row.kind})"
            click.echo(f"{row.id}\t{row.status}\t{row.attempts}\t{row.email}\t{subject}")


@group.command("retry")
@click.argument("message_id", type=click.IntRange(1, 2**31 - 1))
@reports_errors
def retry(message_id: int) -> None:
    """Put a dead or pending message back in line, due now, with fresh attempts."""
    with session_scope() as session:
        outbox_admin.retry(session=session, message_id=message_id, now=clock.now())
    click.echo(f"message {message_id} is pending again")
