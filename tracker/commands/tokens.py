"""`tracker tokens`: personal API tokens for scripts and integrations."""

import click
from flask.cli import AppGroup
from sqlmodel import select

from tracker import clock
from tracker.commands import reports_errors
from tracker.db import session_scope
from tracker.models import User
from tracker.services import auth as auth_service
from tracker.services import users as user_service

group = AppGroup("tokens", help="Manage personal API tokens.")


@group.command("create")
@click.option("--email", required=True, help="The account the token acts as.")
@click.option("--name", default="cli", show_default=True, help="A label to recognise the token.")
@reports_errors
def create(email: str, name: str) -> None:
    """Create a token and print it (only the token, on stdout: it is shown once)."""
    address = user_service.normalise_email(email)
    with session_scope() as session:
        user = session.exec(select(User).where(User.email == address)).first()
        if user is None:
            raise click.ClickException(f"no account with the email {address}")
        if not user.active:
            raise click.ClickException(f"the account {address} is deactivated")
        _token, plain = auth_service.create_token(
            session=session, user=user, name=name, now=clock.now()
        )
    click.echo(plain)
