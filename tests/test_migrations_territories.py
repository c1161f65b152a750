"""Migration 0010: free-text experiment territories become the inventory, on both databases."""

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.pool import NullPool

from tests import test_migrations
from tracker import migrate

# The scratch databases of tests/test_migrations.py, on each configured backend.
empty_database = test_migrations.empty_database
scratch_postgres = test_migrations.scratch_postgres
AT = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def _filler(column: dict[str, Any]) -> Any:
    kind = column["type"]
    if isinstance(kind, sa.Boolean):
        return False
    if isinstance(kind, sa.Integer):
        return 1
    if isinstance(kind, sa.Float | sa.Numeric):
        return 0
    if isinstance(kind, sa.DateTime):
        return AT
    if isinstance(kind, sa.Date):
        return AT.date()
    if isinstance(kind, sa.JSON):
        return "[]"
    return ""


def _insert(connection: Any, table: str, **values: Any) -> int:
    """A row with every required column filled (what the test names, then neutral values)."""
    columns = inspect(connection).get_columns(table)
    row = {
        c["name"]: _filler(c)
        for c in columns
        if not c["nullable"] and c["name"] != "id" and c.get("default") is None
    }
    row.update(values)
    names = ", ".join(row)
    marks = ", ".join(f":{name}" for name in row)
    result = connection.execute(
        text(f"INSERT INTO {table} ({names}) VALUES ({marks}) RETURNING id"), row
    )
    return int(result.scalar_one())


def test_free_text_territories_become_the_inventory_and_links(empty_database: str):
    migrate.upgrade(empty_database, "0009")
    engine = create_engine(empty_database, poolclass=NullPool)
    labels = ["Lozère", "  Lozère ", "LOZÈRE", "Gard", "", "   ", "Bassin d'Arcachon", "gard"]
    with engine.begin() as connection:
        org = _insert(connection, "organisations", name="Préfecture")
        owner = _insert(
            connection, "users", organisation_id=org, email="a@a.example", name="A",
            role="agent", locale="fr", session_nonce="n", active=True,
        )  # fmt: skip
        ids = [
            _insert(
                connection,
                "experiments",
                organisation_id=org,
                owner_id=owner,
                title=f"E{i}",
                territory=label,
                state="draft",
                visibility="internal",
                iteration=1,
                version=1,
                success_criteria="[]",
                stop_criteria="[]",
            )  # fmt: skip
            for i, label in enumerate(labels)
        ]
    engine.dispose()

    migrate.upgrade(empty_database, "0010")
    engine = create_engine(empty_database, poolclass=NullPool)
    with engine.connect() as connection:
        territories = connection.execute(
            text("SELECT id, name, level, code FROM territories ORDER BY id")
        ).all()
        links = dict(
            connection.execute(
                text("SELECT experiment_id, territory_id FROM experiment_territories")
            ).all()
        )
        kept = dict(connection.execute(text("SELECT id, territory FROM experiments")).all())
    engine.dispose()
    by_name = {name: territory_id for territory_id, name, _level, _code in territories}
    # Spaces and ASCII case are ignored on both databases, each spelt as first written;
    # "LOZÈRE" differs beyond ASCII: SQLite's LOWER keeps it apart, PostgreSQL's folds it.
    assert {"Lozère", "Gard", "Bassin d'Arcachon"} <= set(by_name)
    assert all(level is None and code is None for _id, _name, level, code in territories)
    assert links[ids[0]] == links[ids[1]] == by_name["Lozère"]
    assert links[ids[3]] == links[ids[7]] == by_name["Gard"]
    assert links[ids[6]] == by_name["Bassin d'Arcachon"]
    assert ids[4] not in links and ids[5] not in links
    assert ids[2] in links
    assert len(territories) in (3, 4)
    # The label stays as it was.
    assert kept[ids[1]] == "  Lozère "

    migrate.downgrade(empty_database, "0009")
    engine = create_engine(empty_database, poolclass=NullPool)
    try:
        assert "territories" not in inspect(engine).get_table_names()
        with engine.connect() as connection:
            count = connection.execute(text("SELECT count(*) FROM experiments")).scalar_one()
        assert count == len(labels)
    finally:
        engine.dispose()
