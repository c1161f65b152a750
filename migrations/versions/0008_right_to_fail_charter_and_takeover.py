"""right-to-fail charter and takeover

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa  # noqa: F401
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString)
from alembic import op  # noqa: F401

import tracker.models.types  # noqa: F401  (UTCDateTime)

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('charter_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('acceptable_failure', sa.Text(), nullable=False),
    sa.Column('non_sanction', sa.Text(), nullable=False),
    sa.Column('duty_to_share', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', tracker.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_charter_versions_author_id_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_charter_versions_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_charter_versions')),
    sa.UniqueConstraint('organisation_id', 'number', name=op.f('uq_charter_versions_organisation_id_number'))
    )
    op.create_table('charter_acknowledgements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('experiment_id', sa.Integer(), nullable=False),
    sa.Column('gate_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('charter_version_id', sa.Integer(), nullable=False),
    sa.Column('acknowledged_at', tracker.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('owner', 'chair')", name=op.f('ck_charter_acknowledgements_role')),
    sa.ForeignKeyConstraint(['charter_version_id'], ['charter_versions.id'], name=op.f('fk_charter_acknowledgements_charter_version_id_charter_versions')),
    sa.ForeignKeyConstraint(['experiment_id'], ['experiments.id'], name=op.f('fk_charter_acknowledgements_experiment_id_experiments')),
    sa.ForeignKeyConstraint(['gate_id'], ['gates.id'], name=op.f('fk_charter_acknowledgements_gate_id_gates')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_charter_acknowledgements_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_charter_acknowledgements'))
    )
    with op.batch_alter_table('charter_acknowledgements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_charter_acknowledgements_experiment_id'), ['experiment_id'], unique=False)

    with op.batch_alter_table('experiments', schema=None) as batch_op:
        # Existing rows are not seeking a taker: a server default fills them.
        batch_op.add_column(sa.Column('seeking_taker', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('taken_over_from_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_experiments_taken_over_from_id'), ['taken_over_from_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_experiments_taken_over_from_id_experiments'), 'experiments', ['taken_over_from_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('experiments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_experiments_taken_over_from_id_experiments'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_experiments_taken_over_from_id'))
        batch_op.drop_column('taken_over_from_id')
        batch_op.drop_column('seeking_taker')

    with op.batch_alter_table('charter_acknowledgements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_charter_acknowledgements_experiment_id'))

    op.drop_table('charter_acknowledgements')
    op.drop_table('charter_versions')
