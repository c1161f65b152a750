"""Alembic driven from the application's settings (`tracker db ...`)."""

from alembic import command
from alembic.config import Config

from tracker.resources import resource_dir


def alembic_config(database_url: str) -> Config:
    """An Alembic configuration for this database, without an alembic.ini."""
    config = Config()
    config.set_main_option("script_location", str(resource_dir("migrations")))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Bring the schema up to `revision`."""
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    """Take the schema down to `revision` (`base` empties it)."""
    command.downgrade(alembic_config(database_url), revision)


def check(database_url: str) -> None:
    """Raise when the models and the migrated schema differ."""
    command.check(alembic_config(database_url))
