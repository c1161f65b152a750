"""Alembic environment: the metadata of every tracker model."""

from alembic import context
from sqlalchemy import engine_from_config, pool
from sqlmodel import SQLModel

import tracker.models  # noqa: F401  (registers every table on the metadata)

config = context.config
target_metadata = SQLModel.metadata

# Full-text search objects live outside the models (an FTS5 table and its shadow tables on
# SQLite; on PostgreSQL a generated tsvector column and its GIN index); their migrations own them.
UNMODELLED = ("lessons_fts", "ix_lessons_search", "search_document")


def include_object(obj: object, name: str | None, type_: str, reflected: bool, _to: object) -> bool:
    """Leave the hand-written search objects out of the drift comparison."""
    return not (reflected and name is not None and name.startswith(UNMODELLED))


def run_migrations_offline() -> None:
    url = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=url.startswith("sqlite") if url else False,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is None:
        connectable = engine_from_config(
            config.get_section(config.config_ini_section, {}),
            prefix="sqlalchemy.",
            poolclass=pool.NullPool,
        )
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            # SQLite cannot ALTER most things: batch mode copies the table instead.
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            include_object=include_object,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
