"""reminders for retrospectives and follow-ups

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString)
from alembic import op

import tracker.models.types  # noqa: F401  (UTCDateTime)

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "planner_marks",
        sa.Column("rule", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("scope", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("through", tracker.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("rule", "scope", name=op.f("pk_planner_marks")),
    )
    with op.batch_alter_table("experiments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_experiments_state_activity", ["state", "last_activity_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("experiments", schema=None) as batch_op:
        batch_op.drop_index("ix_experiments_state_activity")
    op.drop_table("planner_marks")
