"""Bulk import of experiments: the export's CSV round trips; a bad file changes nothing."""

import csv
import io

import pytest
from sqlmodel import Session, func, select

from tests.conftest import NOW
from tests.factories import make_experiment
from tracker.exports import sources, writers
from tracker.exports.columns import EXPERIMENTS
from tracker.models import Event, Experiment
from tracker.models.territory import Territory
from tracker.services import imports as import_service
from tracker.services.errors import Forbidden

LIMITS = {"max_bytes": 2_000_000, "max_rows": 100}


def export_csv(session: Session, reader) -> bytes:
    session.expire_all()
    rows = sources.rows(session, "experiments", reader)
    text = "".join(writers.csv_lines(rows, writers.EXCEL, EXPERIMENTS.names()))
    return text.encode("utf-8")


def table(data: bytes) -> list[dict[str, str]]:
    text = data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def to_csv(rows: list[dict[str, str]], delimiter: str = ";") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode()


def run(session: Session, actor, data: bytes, **limits):
    return import_service.apply(
        session=session, actor=actor, data=data, now=NOW, **{**LIMITS, **limits}
    )


def snapshot(session: Session) -> list:
    session.expire_all()
    experiments = session.exec(
        select(Experiment.id, Experiment.title, Experiment.version, Experiment.territory).order_by(
            Experiment.id
        )
    ).all()
    events = session.exec(select(func.count()).select_from(Event)).one()
    return [experiments, events]


@pytest.fixture
def portfolio(session, world):
    session.add_all([Territory(name="Lozère", code="48"), Territory(name="Gironde", code="33")])
    session.commit()
    first = make_experiment(
        session, world.agent_a, NOW, title="=HYPERLINK(1)", team=[world.colleague_a.email]
    )
    second = make_experiment(
        session,
        world.agent_a,
        NOW,
        title="Cantine locale",
        visibility="public",
        territory="Gironde",
    )
    return first, second


def test_reimporting_an_unchanged_export_changes_nothing(session, world, portfolio):
    data = export_csv(session, world.admin_a)
    before = snapshot(session)
    report = run(session, world.admin_a, data)
    assert report.problems == [] and report.created == 0 and report.updated == 0
    assert snapshot(session) == before


def test_edited_export_round_trips_through_the_services(session, world, portfolio):
    rows = table(export_csv(session, world.admin_a))
    rows[0]["title"] = "Guichet révisé"
    rows[1]["stop_criteria"] = '["pas de baisse", "coût doublé"]'
    report = run(session, world.admin_a, to_csv(rows))
    assert report.problems == [] and report.updated == 2
    again = table(export_csv(session, world.admin_a))
    for row in (*rows, *again):
        for name in ("version", "last_activity_at"):
            row.pop(name)
    assert again == rows
    # Each update went through the service: one `update` event each, by the admin.
    events = session.exec(select(Event).where(Event.trigger == "update")).all()
    assert {event.actor_id for event in events} == {world.admin_a.id}
    assert len(events) == 2


def test_rows_without_id_create_experiments_in_the_importers_organisation(
    session, world, portfolio
):
    rows = table(export_csv(session, world.admin_a))
    for row in rows:
        row["id"] = row["version"] = row["team"] = ""
    report = run(session, world.admin_b, to_csv(rows, delimiter=","))
    assert report.problems == [] and report.created == 2
    made = session.exec(
        select(Experiment)
        .where(Experiment.organisation_id == world.org_b.id)
        .order_by(Experiment.id)
    ).all()
    assert [e.title for e in made] == ["=HYPERLINK(1)", "Cantine locale"]
    assert made[1].territory == "Gironde" and made[1].visibility == "public"
    assert made[0].success_criteria == portfolio[0].success_criteria


def test_formula_cells_are_neutralised_and_read_back(session, world, portfolio):
    data = export_csv(session, world.admin_a)
    assert "'=HYPERLINK(1)" in data.decode()
    assert data.startswith("\ufeff".encode())


@pytest.mark.parametrize(
    ("edit", "line", "column"),
    [
        (lambda rows: rows[1].update(planned_start="27/11/2026"), 3, "planned_start"),
        (lambda rows: rows[0].update(visibility="secret"), 2, "visibility"),
        (lambda rows: rows[0].update(title=""), 2, "title"),
        (lambda rows: rows[1].update(id=rows[0]["id"]), 3, "id"),
        (lambda rows: rows[0].update(id="999999"), 2, "id"),
        (lambda rows: rows[0].update(version="1000", title="Autre"), 2, "version"),
        (lambda rows: rows[0].update(success_criteria="pas du json"), 2, "success_criteria"),
        (lambda rows: rows[0].update(team='["inconnu@a.example"]'), 2, "team"),
        (lambda rows: rows[2].update(territory="Atlantide"), 4, "territory"),
    ],
)
def test_a_bad_cell_changes_nothing_and_is_reported_at_its_line_and_column(
    session, world, portfolio, edit, line, column
):
    rows = table(export_csv(session, world.admin_a))
    rows.append({**rows[0], "id": "", "version": "", "title": "Nouvelle"})
    edit(rows)
    rows[1]["title"] = "Changée (ne doit pas rester)"
    before = snapshot(session)
    report = run(session, world.admin_a, to_csv(rows))
    assert [(p.line, p.column) for p in report.problems][:1] == [(line, column)], report.problems
    assert report.created == report.updated == 0
    assert snapshot(session) == before


def test_wrong_columns_are_reported_on_the_header(session, world):
    report = run(session, world.admin_a, b"titre;etat\nA;draft\n")
    assert {(p.line, p.column) for p in report.problems} == {
        (1, "titre"),
        (1, "etat"),
        (1, "title"),
    }


def test_duplicate_new_rows_are_refused(session, world):
    before = snapshot(session)
    report = run(session, world.admin_a, b"title;territory\nA;\nB;\nA;\n")
    assert [(p.line, p.column, p.params) for p in report.problems] == [(4, None, {"line": 2})]
    assert snapshot(session) == before


def test_ten_megabytes_of_garbage_change_nothing(session, world):
    garbage = bytes(range(256)) * (10 * 1024 * 1024 // 256)
    before = snapshot(session)
    report = run(session, world.admin_a, garbage, max_bytes=20 * 1024 * 1024)
    assert [(p.line, p.column) for p in report.problems] == [(0, None)]
    assert snapshot(session) == before
    too_big = run(session, world.admin_a, garbage)
    assert too_big.problems[0].params == {"limit": LIMITS["max_bytes"]}


def test_row_limit(session, world):
    data = b"title\n" + b"".join(f"E{i}\n".encode() for i in range(4))
    report = run(session, world.admin_a, data, max_rows=3)
    assert [(p.line, p.params) for p in report.problems] == [(5, {"limit": 3})]


def test_only_admins_import(session, world):
    with pytest.raises(Forbidden):
        run(session, world.agent_a, b"title\nA\n")


def test_a_refusal_while_writing_rolls_back_every_row(session, world, portfolio, monkeypatch):
    rows = table(export_csv(session, world.admin_a))
    rows[0]["title"] = "Première changée"
    rows[1]["title"] = "Seconde changée"
    from tracker.services import experiments as experiment_service
    from tracker.services.errors import Conflict

    real = experiment_service.update_as_admin
    calls = []

    def second_fails(**kwargs):
        calls.append(kwargs["experiment_id"])
        if len(calls) == 2:
            raise Conflict("stale")
        return real(**kwargs)

    monkeypatch.setattr(experiment_service, "update_as_admin", second_fails)
    before = snapshot(session)
    report = run(session, world.admin_a, to_csv(rows))
    assert [(p.line, p.message) for p in report.problems] == [(3, "stale")]
    assert snapshot(session) == before
