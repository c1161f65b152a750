"""experiment themes

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa  # noqa: F401
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString)
from alembic import op  # noqa: F401

import tracker.models.types  # noqa: F401  (UTCDateTime)

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The vocabulary as it was at this revision (tracker/models/themes.py may grow later).
THEMES = (
    "mobility",
    "social_inclusion",
    "employment",
    "health",
    "housing",
    "education",
    "ecological_transition",
    "agriculture_food",
    "culture_sport",
    "security_justice",
    "digital_services",
    "citizen_participation",
    "public_administration",
    "other",
)
THEME_CHECK = "theme IN (" + ", ".join(f"'{theme}'" for theme in THEMES) + ")"
# Lessons without a theme take their experiment's (tests run it on both databases).
BACKFILL_LESSONS = (
    "UPDATE lessons SET theme = (SELECT experiments.theme FROM experiments"
    " WHERE experiments.id = lessons.experiment_id)"
    " WHERE theme = '' AND EXISTS (SELECT 1 FROM experiments"
    " WHERE experiments.id = lessons.experiment_id AND experiments.theme IS NOT NULL)"
)


def upgrade() -> None:
    with op.batch_alter_table("experiments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("theme", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True)
        )
        batch_op.create_index(batch_op.f("ix_experiments_theme"), ["theme"], unique=False)
        batch_op.create_check_constraint(batch_op.f("ck_experiments_theme"), THEME_CHECK)
    # Lessons keep their experiment's theme: copy it to those written before themes existed
    # (a no-op on databases where no experiment has one yet).
    op.execute(BACKFILL_LESSONS)


def downgrade() -> None:
    with op.batch_alter_table("experiments", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_experiments_theme"), type_="check")
        batch_op.drop_index(batch_op.f("ix_experiments_theme"))
        batch_op.drop_column("theme")
