"""Command groups of the `tracker` CLI, and the one way they report refusals."""

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click
from alembic.util import CommandError
from sqlalchemy.exc import DBAPIError

from tracker.services.errors import GuardFailed, Invalid, ServiceError

F = TypeVar("F", bound=Callable[..., Any])


def one_line(error: ServiceError) -> str:
    """A service refusal as one readable line, field messages included."""
    parts = [error.message.rstrip(".")]
    if isinstance(error, GuardFailed):
        parts.append("missing: " + "; ".join(error.reasons))
    elif isinstance(error, Invalid) and error.errors:
        parts.append(
            "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in sorted(error.errors.items()))
        )
    return ": ".join(parts)


def _database_problem(error: DBAPIError) -> str:
    # The driver's first line names the cause (missing table, refused connection) without
    # the SQL statement or parameters.
    first = (str(error.orig).strip().splitlines() or ["unknown error"])[0]
    return f"database error: {first} (is the database reachable, and did `tracker db upgrade` run?)"


def reports_errors(command: F) -> F:
    """Turn service, migration and database errors into a ClickException (exit 1, one line)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ServiceError as error:
            raise click.ClickException(one_line(error)) from None
        except CommandError as error:
            raise click.ClickException(str(error).splitlines()[0]) from None
        except DBAPIError as error:
            raise click.ClickException(_database_problem(error)) from None

    return wrapper  # type: ignore[return-value]
