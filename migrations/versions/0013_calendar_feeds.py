"""calendar feeds: a private nonce per user

Revision ID: 0013
Revises: 0012
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa  # noqa: F401
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString)
from alembic import op  # noqa: F401

import tracker.models.types  # noqa: F401  (UTCDateTime)

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("calendar_nonce", sa.String(length=64), nullable=True))
    # Every existing account gets its own private calendar feed, as new accounts do.
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("calendar_nonce", sa.String))
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.select(users.c.id)).all():
        connection.execute(
            users.update().where(users.c.id == user_id).values(calendar_nonce=secrets.token_hex(16))
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("calendar_nonce")
