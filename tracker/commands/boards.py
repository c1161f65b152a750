"""`tracker boards`: review boards created from the command line."""

import click
from flask.cli import AppGroup
from sqlmodel import Session, col, select

from tracker import clock
from tracker.commands import reports_errors
from tracker.db import session_scope
from tracker.models import Organisation, User
from tracker.services import boards as board_service

group = AppGroup("boards", help="Manage review boards.")


def _organisation(session: Session, name: str) -> Organisation:
    found = session.exec(select(Organisation).where(Organisation.name == name.strip())).first()
    if found is None:
        raise click.ClickException(f"no organisation named {name.strip()!r}")
    return found


def _admin_of(session: Session, organisation: Organisation) -> User:
    # Boards are an admin's decision: the command acts as the organisation's first active
    # admin (recorded as the board's creator), so the service applies its usual checks.
    admin = session.exec(
        select(User)
        .where(
            User.organisation_id == organisation.id,
            User.role == "admin",
            col(User.active),
        )
        .order_by(col(User.id))
    ).first()
    if admin is None:
        raise click.ClickException(
            f"{organisation.name} has no active admin: create one first with "
            "`tracker users create --role admin`"
        )
    return admin


@group.command("create")
@click.option("--organisation", required=True, help="The organisation's exact name.")
@click.option("--name", required=True, help="The board's name, unique in the organisation.")
@click.option(
    "--chair", "chairs", multiple=True, required=True, help="A chair's email (repeatable)."
)
@click.option("--member", "members", multiple=True, help="A member's email (repeatable).")
@click.option(
    "--quorum", type=click.IntRange(min=1), default=2, show_default=True, help="Votes needed."
)
@click.option(
    "--default",
    "is_default",
    is_flag=True,
    help="Make it the organisation's default board (the first board always is).",
)
@reports_errors
def create(
    organisation: str,
    name: str,
    chairs: tuple[str, ...],
    members: tuple[str, ...],
    quorum: int,
    is_default: bool,
) -> None:
    """Create a review board; chairs are members who also decide."""
    with session_scope() as session:
        org = _organisation(session, organisation)
        board = board_service.create_board(
            session=session,
            actor=_admin_of(session, org),
            data={
                "name": name,
                "chairs": list(chairs),
                "members": list(members),
                "quorum": quorum,
                "is_default": is_default,
            },
            now=clock.now(),
        )
        people = board_service.members(session=session, board=board)
        default = " (default)" if board.is_default else ""
        click.echo(
            f"Created board {board.name!r}{default} in {org.name} (board id {board.id}): "
            f"{len(people)} members, quorum {board.quorum}"
        )
