"""Dedup keys built in SQL, so a rule can leave out in SQL what the outbox already holds.

A rule selects its key as a column and adds `not_enqueued(key)`: the outbox's unique index
on dedup_key answers it, and only new reminders reach Python. The same expressions run on
SQLite and PostgreSQL and give the strings Python would write (`experiment:12:...:2026-12-01`).
"""

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Integer, String, cast, exists, func, literal
from sqlmodel import Session, col

from tracker.models import OutboxMessage


def key(*parts: Any) -> ColumnElement[str]:
    """The concatenation of literal strings and SQL values (ids, dates) as text."""
    expression: ColumnElement[str] | None = None
    for part in parts:
        piece = literal(part, String) if isinstance(part, str) else cast(part, String)
        expression = piece if expression is None else expression + piece
    assert expression is not None
    return expression


def not_enqueued(dedup_key: ColumnElement[str]) -> ColumnElement[bool]:
    """No outbox row holds this key yet (an index lookup per candidate row)."""
    return ~exists().where(col(OutboxMessage.dedup_key) == dedup_key)


def utc_date(session: Session, moment: Any) -> ColumnElement[str]:
    """The UTC calendar date of a stored UTC timestamp, as 'YYYY-MM-DD'."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", moment), "YYYY-MM-DD")
    # SQLite stores UTC timestamps as 'YYYY-MM-DD HH:MM:SS.ffffff'.
    return func.substr(moment, 1, 10)


def day_text(session: Session, day: Any) -> ColumnElement[str]:
    """A date column as 'YYYY-MM-DD' (PostgreSQL's text of a date follows DateStyle)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(day, "YYYY-MM-DD")
    # SQLite stores dates as 'YYYY-MM-DD'.
    return cast(day, String)


def days_before(session: Session, day: Any, days: int) -> ColumnElement[str]:
    """The date `days` before a date column, as 'YYYY-MM-DD'."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(day - literal(days), "YYYY-MM-DD")
    return func.date(day, f"-{days} days")


def days_since(session: Session, day: Any, today: date) -> ColumnElement[int]:
    """Whole days from a date column to `today` (positive when the date is past)."""
    if session.get_bind().dialect.name == "postgresql":
        return literal(today) - day
    return cast(func.julianday(literal(today.isoformat())) - func.julianday(day), Integer)
