"""lessons library

Revision ID: 0007
Revises: 0006

Lessons and their reuses, plus the full-text index of each engine: an FTS5 table on SQLite
(accent-insensitive tokenizer), a GIN expression index on PostgreSQL over the `tracker_french`
text search configuration (French stemming, unaccent when the extension can be installed).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString)
from alembic import op

import tracker.models.types  # noqa: F401  (UTCDateTime)

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The service queries this exact expression (tracker/services/lessons_search.py): keep them equal.
PG_DOCUMENT = (
    "(setweight(to_tsvector('tracker_french'::regconfig, title), 'A') || "
    "setweight(to_tsvector('tracker_french'::regconfig, body), 'B'))"
)

PG_SEARCH_SETUP = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent')
       AND EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent') THEN
        BEGIN
            CREATE EXTENSION IF NOT EXISTS unaccent;
        EXCEPTION WHEN OTHERS THEN
            RAISE NOTICE 'unaccent could not be installed: search stays accent-sensitive';
        END;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'tracker_french') THEN
        CREATE TEXT SEARCH CONFIGURATION tracker_french (COPY = pg_catalog.french);
        IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent') THEN
            ALTER TEXT SEARCH CONFIGURATION tracker_french
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END IF;
END
$$;
"""


def upgrade() -> None:
    op.create_table(
        "lessons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("experiment_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("gate_id", sa.Integer(), nullable=True),
        sa.Column("retrospective_id", sa.Integer(), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("stop_reason", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("cause_tags", sa.JSON(), nullable=False),
        sa.Column("territory", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("theme", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("visibility", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("publication", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column(
            "public_requested_at", tracker.models.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("public_requested_by", sa.Integer(), nullable=True),
        sa.Column(
            "public_approved_at", tracker.models.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("public_approved_by", sa.Integer(), nullable=True),
        sa.Column("created_at", tracker.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('retrospective', 'adapt', 'scale')", name=op.f("ck_lessons_kind")
        ),
        sa.CheckConstraint("outcome IN ('scale', 'adapt', 'stop')", name=op.f("ck_lessons_outcome")),
        sa.CheckConstraint(
            "visibility IN ('internal', 'public')", name=op.f("ck_lessons_visibility")
        ),
        sa.CheckConstraint(
            "publication IN ('none', 'requested', 'approved', 'declined')",
            name=op.f("ck_lessons_publication"),
        ),
        sa.ForeignKeyConstraint(
            ["experiment_id"], ["experiments.id"], name=op.f("fk_lessons_experiment_id_experiments")
        ),
        sa.ForeignKeyConstraint(["gate_id"], ["gates.id"], name=op.f("fk_lessons_gate_id_gates")),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_lessons_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["public_approved_by"], ["users.id"], name=op.f("fk_lessons_public_approved_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["public_requested_by"], ["users.id"], name=op.f("fk_lessons_public_requested_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["retrospective_id"],
            ["retrospectives.id"],
            name=op.f("fk_lessons_retrospective_id_retrospectives"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lessons")),
    )
    with op.batch_alter_table("lessons", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lessons_experiment_id"), ["experiment_id"])
        batch_op.create_index(
            "ix_lessons_org_created", ["organisation_id", "created_at", "id"], unique=False
        )
        batch_op.create_index(
            "ix_lessons_visibility_created", ["visibility", "created_at", "id"], unique=False
        )

    op.create_table(
        "lesson_reuses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("experiment_id", sa.Integer(), nullable=False),
        sa.Column("marked_by", sa.Integer(), nullable=False),
        sa.Column("marked_at", tracker.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["experiment_id"],
            ["experiments.id"],
            name=op.f("fk_lesson_reuses_experiment_id_experiments"),
        ),
        sa.ForeignKeyConstraint(
            ["lesson_id"], ["lessons.id"], name=op.f("fk_lesson_reuses_lesson_id_lessons")
        ),
        sa.ForeignKeyConstraint(
            ["marked_by"], ["users.id"], name=op.f("fk_lesson_reuses_marked_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lesson_reuses")),
        sa.UniqueConstraint(
            "lesson_id", "experiment_id", name=op.f("uq_lesson_reuses_lesson_id_experiment_id")
        ),
    )
    with op.batch_alter_table("lesson_reuses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lesson_reuses_experiment_id"), ["experiment_id"])

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        # External content: the text lives in `lessons`; the service inserts each new row.
        op.execute(
            "CREATE VIRTUAL TABLE lessons_fts USING fts5(title, body, content='lessons', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
        )
    elif dialect == "postgresql":
        op.execute(PG_SEARCH_SETUP)
        op.execute(f"CREATE INDEX ix_lessons_search ON lessons USING gin ({PG_DOCUMENT})")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TABLE IF EXISTS lessons_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_lessons_search")
        # The unaccent extension stays: other schemas may use it.
        op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS tracker_french")
    with op.batch_alter_table("lesson_reuses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lesson_reuses_experiment_id"))
    op.drop_table("lesson_reuses")
    with op.batch_alter_table("lessons", schema=None) as batch_op:
        batch_op.drop_index("ix_lessons_visibility_created")
        batch_op.drop_index("ix_lessons_org_created")
        batch_op.drop_index(batch_op.f("ix_lessons_experiment_id"))
    op.drop_table("lessons")
