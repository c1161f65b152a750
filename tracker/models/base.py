"""Metadata conventions shared by every table."""

from typing import Protocol

from sqlalchemy import CheckConstraint
from sqlmodel import SQLModel

# Named constraints let Alembic alter them on SQLite (batch mode) and diff them cleanly.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def one_of(column: str, values: tuple[str, ...], name: str | None = None) -> CheckConstraint:
    """A CHECK constraint keeping a string column within known values (no database enums)."""
    allowed = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=name or column)


class HasId(Protocol):
    """A table row with a generated integer primary key (None until flushed)."""

    @property
    def id(self) -> int | None: ...


def pk(row: HasId) -> int:
    """The primary key of a row already in the database; a clear error if it was never flushed."""
    # Table models type `id` as optional because the database assigns it on flush.
    if row.id is None:
        raise RuntimeError(f"{type(row).__name__} has no id yet: flush it first")
    return row.id
