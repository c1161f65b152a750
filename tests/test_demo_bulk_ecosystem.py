"""Bulk benchmark data: every bulk experiment in its territory, partners and commons on some."""

import pytest
from sqlalchemy import text
from sqlmodel import Session, col, select

from tests.conftest import NOW
from tracker.db import get_engine
from tracker.demo import bulk, bulk_ecosystem, bulk_experiments
from tracker.models import (
    CommonsContribution,
    Experiment,
    ExperimentPartner,
    ExperimentTerritory,
    Territory,
)


def test_bulk_experiments_are_linked_to_territories_partners_and_commons(app):
    engine = get_engine(app)
    with Session(engine, expire_on_commit=False) as session:
        cast = bulk.prepare_cast(session, NOW)
        assert bulk.generate(engine, cast, 40, NOW) == 40
        # A second run reuses the bench territories and partners.
        bulk.prepare_cast(session, NOW)
        experiments = session.exec(select(Experiment).order_by(col(Experiment.id))).all()
        places = dict(
            session.exec(
                select(ExperimentTerritory.experiment_id, Territory.name).join(
                    Territory, col(Territory.id) == ExperimentTerritory.territory_id
                )
            ).all()
        )
        partners = session.exec(select(ExperimentPartner)).all()
        commons = session.exec(select(CommonsContribution)).all()
        territories = session.exec(select(Territory)).all()
    assert len(experiments) == 40
    assert all(places[e.id] == e.territory for e in experiments)
    assert len(territories) == len(bulk_experiments.TERRITORIES)
    assert len(partners) == 40 // bulk_ecosystem.PARTNER_EVERY
    assert {p.role for p in partners} == {role for _n, _k, role in bulk_ecosystem.BENCH_PARTNERS}
    assert len(commons) == 40 // bulk_ecosystem.COMMONS_EVERY


def test_on_postgresql_the_bulk_load_leaves_planner_statistics(app):
    engine = get_engine(app)
    if engine.dialect.name != "postgresql":
        pytest.skip("planner statistics after a bulk load are PostgreSQL's concern")
    with Session(engine, expire_on_commit=False) as session:
        bulk.generate(engine, bulk.prepare_cast(session, NOW), 20, NOW)
        analysed = session.exec(
            text(
                "SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL"
                " AND relname IN ('experiments', 'events', 'lessons')"
            )
        ).all()
    assert sorted(row[0] for row in analysed) == ["events", "experiments", "lessons"]
