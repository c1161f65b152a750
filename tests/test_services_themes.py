"""Experiment themes: the vocabulary, the list and portal filters, lessons and the portfolio."""

import importlib.util
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import select

from tests import gate_steps as steps
from tests import portfolio_data
from tests.conftest import NOW
from tests.factories import make_experiment
from tests.lesson_steps import published
from tests.test_services_imports import export_csv, run, table, to_csv
from tracker.models import Experiment, Lesson
from tracker.services import experiments as experiment_service
from tracker.services import listing
from tracker.services import portfolio as portfolio_service
from tracker.services import public as public_service
from tracker.services.errors import Invalid
from tracker.services.portfolio_scope import Filters


def titles(page) -> list[str]:
    return sorted(experiment.title for experiment in page.items)


def test_an_experiment_keeps_a_theme_of_the_vocabulary(session, world):
    made = make_experiment(session, world.agent_a, NOW, theme=" Health ")
    assert made.theme == "health"  # any case, trimmed
    blank = make_experiment(session, world.agent_a, NOW, theme="")
    assert blank.theme is None
    with pytest.raises(Invalid) as refused:
        make_experiment(session, world.agent_a, NOW, theme="santé publique")
    assert "theme" in refused.value.errors


def test_editing_the_theme_is_a_recorded_change(session, world):
    made = make_experiment(session, world.agent_a, NOW, theme="housing")
    edited = experiment_service.update(
        session=session,
        actor=world.agent_a,
        experiment_id=made.id,
        version=made.version,
        changes={"theme": "mobility"},
        now=NOW,
    )
    assert (edited.theme, edited.version) == ("mobility", 2)
    [event] = [e for e in experiment_service.events(
        session=session, actor=world.agent_a, experiment_id=made.id
    ) if e.trigger == "update"]  # fmt: skip
    assert event.data == {"fields": ["theme"]}


def test_the_list_filters_by_theme(session, world):
    make_experiment(session, world.agent_a, NOW, title="Bus à la demande", theme="mobility")
    make_experiment(session, world.agent_a, NOW, title="Maison de santé", theme="health")
    make_experiment(session, world.agent_a, NOW, title="Sans thème")

    def listed(theme: str) -> list[str]:
        return titles(listing.list_(session=session, actor=world.agent_a, theme=theme))

    assert listed("mobility") == ["Bus à la demande"]
    assert listed("HEALTH") == ["Maison de santé"]
    assert listed("") == ["Bus à la demande", "Maison de santé", "Sans thème"]
    with pytest.raises(Invalid):
        listed("transport")


def test_lessons_copy_the_theme_of_their_experiment(session, world):
    cast = steps.build_cast(session, world)
    # A stop lesson (retrospective published).
    experiment, lesson = published(session, cast, theme="employment")
    assert lesson.theme == "employment"
    # An adapt lesson (decision gate).
    adapted = steps.in_evaluation(session, cast)
    adapted = experiment_service.update(
        session=session,
        actor=cast.owner,
        experiment_id=adapted.id,
        version=adapted.version,
        changes={"theme": "education"},
        now=NOW,
    )
    gate = steps.request(session, cast.owner, adapted, "decision", steps.DECISION_REQUEST)
    steps.reviewed(session, cast, gate, "adapt", restart_at="pilot")
    themes = session.exec(select(Lesson.theme).where(Lesson.experiment_id == adapted.id)).all()
    assert list(themes) == ["education"]
    # An experiment without a theme gives lessons an empty one (the column is not nullable).
    _, untitled = published(session, cast)
    assert untitled.theme == ""


def test_the_portfolio_counts_experiments_of_a_theme(session, world):
    data = portfolio_data.build(session, world)
    admins = frozenset({world.admin_b.email})

    def total(actor, theme: str, everywhere: bool = False) -> int:
        _applied, board = portfolio_service.dashboard(
            session=session,
            actor=actor,
            filters=Filters(theme=theme),
            all_organisations=everywhere,
            instance_admins=admins,
            cache=None,
            now=NOW,
        )
        return board.total

    # E2 (A) and E6 (B) are about mobility; E1 (A) about health.
    assert total(world.agent_a, "mobility") == 1
    assert total(world.admin_b, "mobility", everywhere=True) == 2
    assert total(world.agent_a, "health") == 1
    assert total(world.agent_a, "housing") == 0
    # A lesson's theme no longer counts: E2's lesson says mobility, not E1's.
    data.experiments["E1"].theme = None
    session.add(data.experiments["E1"])
    session.commit()
    assert total(world.agent_a, "health") == 0
    with pytest.raises(Invalid):
        total(world.agent_a, "Mobilité")


def test_the_public_portal_filters_by_theme(session, world):
    make_experiment(
        session, world.agent_a, NOW, title="Vélo public", theme="mobility", visibility="public"
    )
    make_experiment(session, world.agent_a, NOW, title="Vélo interne", theme="mobility")
    make_experiment(session, world.agent_a, NOW, title="Logement", visibility="public")
    found = public_service.list_experiments(session=session, theme="mobility")
    assert titles(found) == ["Vélo public"]
    with pytest.raises(Invalid):
        public_service.list_experiments(session=session, theme="nowhere")


def test_the_theme_round_trips_through_export_and_import(session, world):
    make_experiment(session, world.agent_a, NOW, title="Bus", theme="mobility")
    make_experiment(session, world.agent_a, NOW, title="Sans thème")
    rows = table(export_csv(session, world.admin_a))
    assert {row["title"]: row["theme"] for row in rows} == {"Bus": "mobility", "Sans thème": ""}
    rows[1]["theme"] = "housing"
    report = run(session, world.admin_a, to_csv(rows))
    assert report.problems == [] and report.updated == 1
    session.expire_all()
    themes = dict(session.exec(select(Experiment.title, Experiment.theme)).all())
    assert themes == {"Bus": "mobility", "Sans thème": "housing"}
    # An unknown theme is refused at its line and column; nothing changes.
    rows[0]["theme"] = "transports"
    refused = run(session, world.admin_a, to_csv(rows))
    assert [(p.line, p.column) for p in refused.problems] == [(2, "theme")]


def test_the_migration_backfills_lessons_from_their_experiment(session, world):
    path = Path(__file__).parents[1] / "migrations/versions/0014_experiment_themes.py"
    spec = importlib.util.spec_from_file_location("migration_0014", path)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    themed = make_experiment(session, world.agent_a, NOW, theme="housing")
    bare = make_experiment(session, world.agent_a, NOW)
    rows = [
        Lesson(experiment_id=themed.id, organisation_id=world.org_a.id, kind="adapt",
               title="Avant les thèmes", outcome="adapt", theme=""),
        Lesson(experiment_id=themed.id, organisation_id=world.org_a.id, kind="adapt",
               title="Déjà classée", outcome="adapt", theme="mobility"),
        Lesson(experiment_id=bare.id, organisation_id=world.org_a.id, kind="adapt",
               title="Sans thème", outcome="adapt", theme=""),
    ]  # fmt: skip
    session.add_all(rows)
    session.commit()
    session.exec(text(migration.BACKFILL_LESSONS))  # type: ignore[call-overload]
    session.commit()
    session.expire_all()
    themes = dict(session.exec(select(Lesson.title, Lesson.theme)).all())
    assert themes == {"Avant les thèmes": "housing", "Déjà classée": "mobility", "Sans thème": ""}
