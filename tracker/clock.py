"""The only reader of the wall clock: services and jobs receive `now` from their caller."""

from datetime import UTC, datetime


def now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)
