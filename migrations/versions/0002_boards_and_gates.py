"""boards and gates: review boards, gates, votes, decisions, conditions; experiments.board_id

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 01:59:36.703167
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString)
from alembic import op

import tracker.models.types  # noqa: F401  (UTCDateTime)


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('boards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('quorum', sa.Integer(), nullable=False),
    sa.Column('is_default', sa.Boolean(), nullable=False),
    sa.Column('scorecard', sa.JSON(), nullable=False),
    sa.Column('evidence_levels', sa.JSON(), nullable=False),
    sa.Column('meeting_cadence', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', tracker.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('quorum >= 1', name=op.f('ck_boards_quorum_positive')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_boards_created_by_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_boards_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_boards')),
    sa.UniqueConstraint('organisation_id', 'name', name=op.f('uq_boards_organisation_id_name'))
    )
    with op.batch_alter_table('boards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_boards_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index('uq_boards_default_per_organisation', ['organisation_id'], unique=True, sqlite_where=sa.text('is_default'), postgresql_where=sa.text('is_default'))

    op.create_table('board_members',
    sa.Column('board_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('is_chair', sa.Boolean(), nullable=False),
    sa.Column('added_at', tracker.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['board_id'], ['boards.id'], name=op.f('fk_board_members_board_id_boards')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_board_members_user_id_users')),
    sa.PrimaryKeyConstraint('board_id', 'user_id', name=op.f('pk_board_members'))
    )
    with op.batch_alter_table('board_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_board_members_user_id'), ['user_id'], unique=False)

    op.create_table('gates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('experiment_id', sa.Integer(), nullable=False),
    sa.Column('board_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('iteration', sa.Integer(), nullable=False),
    sa.Column('requested_by', sa.Integer(), nullable=False),
    sa.Column('requested_at', tracker.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('review_date', sa.Date(), nullable=False),
    sa.Column('quorum', sa.Integer(), nullable=False),
    sa.Column('scorecard', sa.JSON(), nullable=False),
    sa.Column('evidence_level', sa.Integer(), nullable=True),
    sa.Column('prototype_learnings', sa.Text(), nullable=True),
    sa.Column('pilot_plan', sa.JSON(), nullable=True),
    sa.Column('verdict', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
    sa.Column('analysis', sa.Text(), nullable=True),
    sa.Column('cost_eur', sa.Float(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('closed_at', tracker.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_by', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('pilot', 'decision')", name=op.f('ck_gates_kind')),
    sa.CheckConstraint("status IN ('open', 'decided', 'withdrawn')", name=op.f('ck_gates_status')),
    sa.CheckConstraint("verdict IN ('conclusive_positive', 'conclusive_negative', 'inconclusive', 'not_finished')", name=op.f('ck_gates_verdict')),
    sa.CheckConstraint('quorum >= 1', name=op.f('ck_gates_quorum_positive')),
    sa.ForeignKeyConstraint(['board_id'], ['boards.id'], name=op.f('fk_gates_board_id_boards')),
    sa.ForeignKeyConstraint(['closed_by'], ['users.id'], name=op.f('fk_gates_closed_by_users')),
    sa.ForeignKeyConstraint(['experiment_id'], ['experiments.id'], name=op.f('fk_gates_experiment_id_experiments')),
    sa.ForeignKeyConstraint(['requested_by'], ['users.id'], name=op.f('fk_gates_requested_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gates'))
    )
    with op.batch_alter_table('gates', schema=None) as batch_op:
        batch_op.create_index('ix_gates_board_id_status', ['board_id', 'status'], unique=False)
        batch_op.create_index('ix_gates_experiment_id_id', ['experiment_id', 'id'], unique=False)
        batch_op.create_index('uq_gates_open_per_experiment', ['experiment_id'], unique=True, sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'"))

    op.create_table('gate_conditions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gate_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('met', sa.Boolean(), nullable=False),
    sa.Column('met_by', sa.Integer(), nullable=True),
    sa.Column('met_at', tracker.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', tracker.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['gate_id'], ['gates.id'], name=op.f('fk_gate_conditions_gate_id_gates')),
    sa.ForeignKeyConstraint(['met_by'], ['users.id'], name=op.f('fk_gate_conditions_met_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gate_conditions'))
    )
    with op.batch_alter_table('gate_conditions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gate_conditions_gate_id'), ['gate_id'], unique=False)

    op.create_table('gate_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gate_id', sa.Integer(), nullable=False),
    sa.Column('decision', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('decided_by', sa.Integer(), nullable=False),
    sa.Column('decided_at', tracker.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('route', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('scaling_plan', sa.Text(), nullable=True),
    sa.Column('restart_at', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
    sa.Column('changes', sa.Text(), nullable=True),
    sa.Column('stop_reason', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
    sa.Column('next_review_date', sa.Date(), nullable=True),
    sa.Column('vote_count', sa.Integer(), nullable=False),
    sa.Column('frozen_criteria', sa.JSON(), nullable=True),
    sa.CheckConstraint("decision IN ('go', 'scale', 'adapt', 'stop', 'hold')", name=op.f('ck_gate_decisions_decision')),
    sa.CheckConstraint("restart_at IN ('prototype', 'pilot')", name=op.f('ck_gate_decisions_restart_at')),
    sa.CheckConstraint("route IN ('grow_structure', 'replication', 'public_policy', 'partnership')", name=op.f('ck_gate_decisions_route')),
    sa.CheckConstraint("stop_reason IN ('no_impact', 'existing_solution', 'constraints', 'cost', 'budget_cut', 'legal', 'owner_left', 'political', 'other')", name=op.f('ck_gate_decisions_stop_reason')),
    sa.ForeignKeyConstraint(['decided_by'], ['users.id'], name=op.f('fk_gate_decisions_decided_by_users')),
    sa.ForeignKeyConstraint(['gate_id'], ['gates.id'], name=op.f('fk_gate_decisions_gate_id_gates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gate_decisions')),
    sa.UniqueConstraint('gate_id', name=op.f('uq_gate_decisions_gate_id'))
    )
    op.create_table('votes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gate_id', sa.Integer(), nullable=False),
    sa.Column('voter_id', sa.Integer(), nullable=False),
    sa.Column('recommendation', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('cast_at', tracker.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', tracker.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("recommendation IN ('go', 'scale', 'adapt', 'stop', 'hold')", name=op.f('ck_votes_recommendation')),
    sa.ForeignKeyConstraint(['gate_id'], ['gates.id'], name=op.f('fk_votes_gate_id_gates')),
    sa.ForeignKeyConstraint(['voter_id'], ['users.id'], name=op.f('fk_votes_voter_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_votes')),
    sa.UniqueConstraint('gate_id', 'voter_id', name=op.f('uq_votes_gate_id_voter_id'))
    )
    with op.batch_alter_table('votes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_votes_voter_id'), ['voter_id'], unique=False)

    with op.batch_alter_table('experiments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('board_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('criteria_frozen_at', tracker.models.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_experiments_board_id'), ['board_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_experiments_board_id_boards'), 'boards', ['board_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('experiments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_experiments_board_id_boards'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_experiments_board_id'))
        batch_op.drop_column('criteria_frozen_at')
        batch_op.drop_column('board_id')

    with op.batch_alter_table('votes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_votes_voter_id'))

    op.drop_table('votes')
    op.drop_table('gate_decisions')
    with op.batch_alter_table('gate_conditions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gate_conditions_gate_id'))

    op.drop_table('gate_conditions')
    with op.batch_alter_table('gates', schema=None) as batch_op:
        batch_op.drop_index('uq_gates_open_per_experiment', sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'"))
        batch_op.drop_index('ix_gates_experiment_id_id')
        batch_op.drop_index('ix_gates_board_id_status')

    op.drop_table('gates')
    with op.batch_alter_table('board_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_board_members_user_id'))

    op.drop_table('board_members')
    with op.batch_alter_table('boards', schema=None) as batch_op:
        batch_op.drop_index('uq_boards_default_per_organisation', sqlite_where=sa.text('is_default'), postgresql_where=sa.text('is_default'))
        batch_op.drop_index(batch_op.f('ix_boards_organisation_id'))

    op.drop_table('boards')
