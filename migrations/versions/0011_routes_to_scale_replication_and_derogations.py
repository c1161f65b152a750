"""routes to scale, replication and derogations

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString)
from alembic import op

import tracker.models.types  # noqa: F401  (UTCDateTime)

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROUTES = "route IN ('grow_structure', 'replication', 'public_policy', 'partnership')"
KINDS = (
    "kind IN ('france_experimentation', 'constitution_37_1', 'constitution_72', 'prefect', 'other')"
)


def upgrade() -> None:
    with op.batch_alter_table("experiments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("replicated_from_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_experiments_replicated_from_id"), ["replicated_from_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_experiments_replicated_from_id_experiments"),
            "experiments",
            ["replicated_from_id"],
            ["id"],
        )

    op.create_table(
        "scaling_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("experiment_id", sa.Integer(), nullable=False),
        sa.Column("route", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("carrier", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("report", sa.Text(), nullable=True),
        sa.Column("completed_at", tracker.models.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", tracker.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", tracker.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.CheckConstraint(ROUTES, name=op.f("ck_scaling_plans_route")),
        sa.ForeignKeyConstraint(
            ["experiment_id"],
            ["experiments.id"],
            name=op.f("fk_scaling_plans_experiment_id_experiments"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name=op.f("fk_scaling_plans_updated_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scaling_plans")),
        sa.UniqueConstraint("experiment_id", name=op.f("uq_scaling_plans_experiment_id")),
    )
    op.create_table(
        "scaling_milestones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("done_at", tracker.models.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["scaling_plans.id"],
            name=op.f("fk_scaling_milestones_plan_id_scaling_plans"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scaling_milestones")),
    )
    with op.batch_alter_table("scaling_milestones", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_scaling_milestones_plan_id"), ["plan_id"], unique=False
        )

    op.create_table(
        "derogations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("experiment_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("reference", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("report_due_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", tracker.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", tracker.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.CheckConstraint(KINDS, name=op.f("ck_derogations_kind")),
        sa.CheckConstraint(
            "expires_on >= starts_on", name=op.f("ck_derogations_expires_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["experiment_id"],
            ["experiments.id"],
            name=op.f("fk_derogations_experiment_id_experiments"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name=op.f("fk_derogations_updated_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_derogations")),
        sa.UniqueConstraint("experiment_id", name=op.f("uq_derogations_experiment_id")),
    )
    with op.batch_alter_table("derogations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_derogations_expires_on"), ["expires_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_derogations_report_due_on"), ["report_due_on"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("derogations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_derogations_report_due_on"))
        batch_op.drop_index(batch_op.f("ix_derogations_expires_on"))
    op.drop_table("derogations")
    with op.batch_alter_table("scaling_milestones", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scaling_milestones_plan_id"))
    op.drop_table("scaling_milestones")
    op.drop_table("scaling_plans")
    with op.batch_alter_table("experiments", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_experiments_replicated_from_id_experiments"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_experiments_replicated_from_id"))
        batch_op.drop_column("replicated_from_id")
