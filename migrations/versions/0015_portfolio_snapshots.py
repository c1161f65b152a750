"""portfolio snapshots: unfiltered dashboards computed ahead of time

Revision ID: 0015
Revises: 0014
"""

from collections.abc import Sequence

import sqlalchemy as sa  # noqa: F401
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString)
from alembic import op  # noqa: F401

import tracker.models.types  # noqa: F401  (UTCDateTime)

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Starts empty: the first dashboard read (or the scheduler's first pass) fills it.
    op.create_table(
        "portfolio_snapshots",
        sa.Column("scope", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("fingerprint", sa.JSON(), nullable=False),
        sa.Column("computed_at", tracker.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_portfolio_snapshots")),
    )


def downgrade() -> None:
    op.drop_table("portfolio_snapshots")
