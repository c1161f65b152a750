"""territories, partners and commons

Revision ID: 0010
Revises: 0009

Also moves the free-text `experiments.territory` values into the inventory: one territory
per distinct non-empty value (ignoring surrounding spaces and ASCII case), each experiment
linked to its own. The text column stays as the experiment's territory label.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString)
from alembic import op

import tracker.models.types  # noqa: F401  (UTCDateTime)

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AutoString = sqlmodel.sql.sqltypes.AutoString
UTC = tracker.models.types.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "transition_clusters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", AutoString(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", UTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transition_clusters")),
        sa.UniqueConstraint("name", name=op.f("uq_transition_clusters_name")),
    )
    op.create_table(
        "territories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", AutoString(length=200), nullable=False),
        sa.Column("level", AutoString(length=20), nullable=True),
        sa.Column("code", AutoString(length=20), nullable=True),
        sa.Column("cluster_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("archived_at", UTC(timezone=True), nullable=True),
        sa.Column("created_at", UTC(timezone=True), nullable=False),
        sa.Column("updated_at", UTC(timezone=True), nullable=False),
        sa.CheckConstraint(
            "level IN ('commune', 'intercommunality', 'department', 'region')",
            name=op.f("ck_territories_level"),
        ),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["transition_clusters.id"],
            name=op.f("fk_territories_cluster_id_transition_clusters"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_territories")),
        sa.UniqueConstraint("code", name=op.f("uq_territories_code")),
    )
    with op.batch_alter_table("territories", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_territories_cluster_id"), ["cluster_id"])
        batch_op.create_index(batch_op.f("ix_territories_name"), ["name"])

    op.create_table(
        "experiment_territories",
        sa.Column("experiment_id", sa.Integer(), nullable=False),
        sa.Column("territory_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["experiment_id"],
            ["experiments.id"],
            name=op.f("fk_experiment_territories_experiment_id_experiments"),
        ),
        sa.ForeignKeyConstraint(
            ["territory_id"],
            ["territories.id"],
            name=op.f("fk_experiment_territories_territory_id_territories"),
        ),
        sa.PrimaryKeyConstraint(
            "experiment_id", "territory_id", name=op.f("pk_experiment_territories")
        ),
    )
    with op.batch_alter_table("experiment_territories", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_experiment_territories_territory_id"), ["territory_id"]
        )

    op.create_table(
        "partners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", AutoString(length=200), nullable=False),
        sa.Column("kind", AutoString(length=30), nullable=False),
        sa.Column("siret", AutoString(length=14), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("archived_at", UTC(timezone=True), nullable=True),
        sa.Column("created_at", UTC(timezone=True), nullable=False),
        sa.Column("updated_at", UTC(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('association', 'company', 'public_body', 'research_team', "
            "'citizen_collective')",
            name=op.f("ck_partners_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_partners_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partners")),
        sa.UniqueConstraint("siret", name=op.f("uq_partners_siret")),
    )
    with op.batch_alter_table("partners", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partners_name"), ["name"])
        batch_op.create_index(batch_op.f("ix_partners_organisation_id"), ["organisation_id"])

    op.create_table(
        "experiment_partners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("experiment_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("role", AutoString(length=30), nullable=False),
        sa.Column("note", AutoString(length=500), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", UTC(timezone=True), nullable=False),
        sa.Column("withdrawn_at", UTC(timezone=True), nullable=True),
        sa.CheckConstraint(
            "role IN ('funder', 'operator', 'evaluator', 'user_representative', "
            "'large_economic_actor', 'host')",
            name=op.f("ck_experiment_partners_role"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_experiment_partners_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["experiment_id"],
            ["experiments.id"],
            name=op.f("fk_experiment_partners_experiment_id_experiments"),
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partners.id"], name=op.f("fk_experiment_partners_partner_id_partners")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experiment_partners")),
        sa.UniqueConstraint(
            "experiment_id",
            "partner_id",
            "role",
            name=op.f("uq_experiment_partners_experiment_id_partner_id_role"),
        ),
    )
    with op.batch_alter_table("experiment_partners", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_experiment_partners_experiment_id"), ["experiment_id"])
        batch_op.create_index(
            "ix_experiment_partners_partner_id_experiment_id", ["partner_id", "experiment_id"]
        )

    op.create_table(
        "commons_contributions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("experiment_id", sa.Integer(), nullable=False),
        sa.Column("kind", AutoString(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=True),
        sa.Column("unit", AutoString(length=50), nullable=False),
        sa.Column("value_eur", sa.Float(), nullable=True),
        sa.Column("start_on", sa.Date(), nullable=True),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", UTC(timezone=True), nullable=False),
        sa.Column("updated_at", UTC(timezone=True), nullable=False),
        sa.Column("withdrawn_at", UTC(timezone=True), nullable=True),
        sa.CheckConstraint(
            "kind IN ('premises', 'data', 'procurement', 'funding', 'staff_time', 'training')",
            name=op.f("ck_commons_contributions_kind"),
        ),
        sa.CheckConstraint(
            "quantity IS NULL OR quantity >= 0",
            name=op.f("ck_commons_contributions_quantity_not_negative"),
        ),
        sa.CheckConstraint(
            "value_eur IS NULL OR value_eur >= 0",
            name=op.f("ck_commons_contributions_value_not_negative"),
        ),
        sa.CheckConstraint(
            "start_on IS NULL OR end_on IS NULL OR end_on >= start_on",
            name=op.f("ck_commons_contributions_period_in_order"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_commons_contributions_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["experiment_id"],
            ["experiments.id"],
            name=op.f("fk_commons_contributions_experiment_id_experiments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commons_contributions")),
    )
    with op.batch_alter_table("commons_contributions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_commons_contributions_experiment_id_kind", ["experiment_id", "kind"]
        )

    _territories_from_free_text()


def _territories_from_free_text() -> None:
    """One territory per distinct label (spaces and case ignored), spelt as the oldest
    experiment spelt it; then each experiment linked to its own."""
    op.execute(
        "INSERT INTO territories (name, version, created_at, updated_at) "
        "SELECT TRIM(experiments.territory), 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP "
        "FROM experiments JOIN ("
        "  SELECT MIN(id) AS first_id FROM experiments WHERE TRIM(territory) <> '' "
        "  GROUP BY LOWER(TRIM(territory))"
        ") AS firsts ON experiments.id = firsts.first_id "
        "ORDER BY experiments.id"
    )
    op.execute(
        "INSERT INTO experiment_territories (experiment_id, territory_id) "
        "SELECT experiments.id, territories.id FROM experiments "
        "JOIN territories ON LOWER(TRIM(experiments.territory)) = LOWER(territories.name)"
    )


def downgrade() -> None:
    # The experiments keep their territory label in experiments.territory.
    with op.batch_alter_table("commons_contributions", schema=None) as batch_op:
        batch_op.drop_index("ix_commons_contributions_experiment_id_kind")
    op.drop_table("commons_contributions")
    with op.batch_alter_table("experiment_partners", schema=None) as batch_op:
        batch_op.drop_index("ix_experiment_partners_partner_id_experiment_id")
        batch_op.drop_index(batch_op.f("ix_experiment_partners_experiment_id"))
    op.drop_table("experiment_partners")
    with op.batch_alter_table("partners", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partners_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_partners_name"))
    op.drop_table("partners")
    with op.batch_alter_table("experiment_territories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_experiment_territories_territory_id"))
    op.drop_table("experiment_territories")
    with op.batch_alter_table("territories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_territories_name"))
        batch_op.drop_index(batch_op.f("ix_territories_cluster_id"))
    op.drop_table("territories")
    op.drop_table("transition_clusters")
