"""The few SQL expressions that differ between SQLite and PostgreSQL for the portfolio."""

from typing import Any

from sqlalchemy import Float, Integer, cast, extract, func, literal_column
from sqlmodel import Session


def dialect(session: Session) -> str:
    """ "sqlite" or "postgresql"."""
    return session.get_bind().dialect.name


def year_and_quarter(name: str, column: Any) -> tuple[Any, Any]:
    """The calendar year and quarter (1-4) of a UTC timestamp column."""
    if name == "postgresql":
        utc = func.timezone(literal_column("'UTC'"), column)
        return cast(extract("year", utc), Integer), cast(extract("quarter", utc), Integer)
    # SQLite keeps UTC timestamps as text: 'YYYY-MM-DD HH:MM:SS.ffffff'.
    year = cast(func.strftime(literal_column("'%Y'"), column), Integer)
    month = cast(func.strftime(literal_column("'%m'"), column), Integer)
    return year, (month + 2) // 3


def days_between(name: str, start: Any, end: Any) -> Any:
    """The time from `start` to `end` in days, as a float."""
    if name == "postgresql":
        return cast(extract("epoch", end - start), Float) / 86400.0
    return func.julianday(end) - func.julianday(start)
