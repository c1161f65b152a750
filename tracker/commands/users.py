"""`tracker users`: accounts created from the command line (the first admin, typically)."""

import sys

import click
from flask.cli import AppGroup

from tracker import clock
from tracker.commands import reports_errors
from tracker.db import session_scope
from tracker.models import ROLES
from tracker.services import users as user_service

group = AppGroup("users", help="Manage accounts.")


def _read_password() -> str:
    # The first line of stdin, so `echo "$PASSWORD" | tracker users create ...` works and the
    # password never appears in the process list or the shell history.
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise click.ClickException("--password-stdin: no password on standard input")
    return line


@group.command("create")
@click.option("--email", required=True, help="Sign-in email address.")
@click.option("--name", required=True, help="Full name shown in the app.")
@click.option("--role", required=True, type=click.Choice(ROLES), help="Role in the organisation.")
@click.option(
    "--organisation", required=True, help="Organisation name; created if it does not exist."
)
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input. Without it the "
    "account has no password: it cannot sign in to the web app, API tokens still work.",
)
@reports_errors
def create(email: str, name: str, role: str, organisation: str, password_stdin: bool) -> None:
    """Create an account in an organisation."""
    password = _read_password() if password_stdin else None
    now = clock.now()
    with session_scope() as session:
        org = user_service.get_or_create_organisation(session=session, name=organisation, now=now)
        user = user_service.create_user(
            session=session,
            organisation=org,
            email=email,
            name=name,
            role=role,
            password=password,
            now=now,
        )
        click.echo(f"Created {user.role} {user.email} in {org.name} (user id {user.id})")
    if password is None:
        click.echo("This account has no password: it cannot sign in to the web app.", err=True)
