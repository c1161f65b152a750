"""The demo data: built through the services, idempotent, realistic, and its logins work."""

from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import SQLModel, col, select

from tests.conftest import NOW
from tracker import demo
from tracker.demo import replication
from tracker.demo.builder import steps_of
from tracker.demo.specs import Spec
from tracker.models import (
    JOURNAL_KINDS,
    Board,
    Event,
    Experiment,
    Gate,
    GateCondition,
    GateDecision,
    JournalEntry,
    Organisation,
    Vote,
)
from tracker.services import auth as auth_service
from workflows.experiment import STATES, STOP_REASONS
from workflows.gate import DECISIONS


def row_counts(session) -> dict[str, int]:
    session.rollback()  # a fresh snapshot after the CLI's own commits
    return {
        table.name: session.exec(select(func.count()).select_from(table)).one()
        for table in SQLModel.metadata.sorted_tables
    }


@pytest.fixture
def built(session):
    demo.build(session=session, now=NOW)
    return session


def test_running_twice_creates_nothing_new(runner, session):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    after_first = row_counts(session)
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    assert row_counts(session) == after_first
    assert "Already loaded" in second.stdout
    # Every catalogued experiment, the one that took over a stopped experiment, the replicas.
    catalogued = sum(len(specs) for _, specs in demo.CATALOGUES)
    assert after_first["experiments"] == catalogued + 1 + replication.REPLICAS


def test_prints_every_login_and_the_password(runner):
    result = runner.invoke(args=["demo"])
    assert demo.DEMO_PASSWORD in result.stdout
    for organisation, _ in demo.CATALOGUES:
        assert organisation.name in result.stdout
        for person in organisation.people:
            assert person.email in result.stdout


def test_builds_only_the_organisations_that_are_missing(session):
    first = demo.build(session=session, now=NOW)
    assert first.created == [org.name for org, _ in demo.CATALOGUES] and first.existing == []
    again = demo.build(session=session, now=NOW)
    assert again.created == [] and again.experiments == 0
    assert again.existing == first.created


def test_each_organisation_has_an_agent_a_reviewer_and_an_admin():
    for organisation, specs in demo.CATALOGUES:
        assert {p.role for p in organisation.people} == {"agent", "reviewer", "admin"}
        assert 10 <= len(specs) <= 15


def test_every_login_signs_in(built):
    for organisation, _ in demo.CATALOGUES:
        for person in organisation.people:
            user = auth_service.authenticate(
                session=built,
                email=person.email,
                password=demo.DEMO_PASSWORD,
                remote_addr=None,
                now=NOW,
                max_failures=5,
                window=timedelta(minutes=15),
            )
            assert user.role == person.role


def test_covers_every_state_across_the_organisations(built):
    assert set(demo.REACH) == set(STATES)
    assert set(built.exec(select(Experiment.state))) == set(STATES)
    for organisation, _ in demo.CATALOGUES:
        org = built.exec(select(Organisation).where(Organisation.name == organisation.name)).one()
        states = set(
            built.exec(select(Experiment.state).where(Experiment.organisation_id == org.id)).all()
        )
        assert len(states) >= 6


def test_past_the_prototype_only_through_a_decided_gate(built):
    gated = built.exec(
        select(Experiment).where(
            col(Experiment.state).in_(["pilot", "evaluation", "scaling", "scaled"])
        )
    ).all()
    assert gated
    for experiment in gated:
        triggers = list(
            built.exec(select(Event.trigger).where(Event.experiment_id == experiment.id))
        )
        assert triggers.count("go_pilot") == 1 and "gate_decided" in triggers
        assert (experiment.state in {"scaling", "scaled"}) == ("scale" in triggers)


def test_shows_every_stop_reason_journal_kind_and_both_visibilities(built):
    reasons = set(built.exec(select(Experiment.stop_reason).where(Experiment.state == "stopped")))
    assert reasons == set(STOP_REASONS)
    assert set(built.exec(select(JournalEntry.kind))) == set(JOURNAL_KINDS)
    assert {"draft", "prototype"} <= set(built.exec(select(JournalEntry.logged_in_state)))
    visibilities = list(built.exec(select(Experiment.visibility)))
    assert visibilities.count("public") >= 4 and visibilities.count("internal") >= 12


def test_history_is_consistent_and_spread_over_months(built):
    for experiment in built.exec(select(Experiment)):
        events = list(
            built.exec(select(Event).where(Event.experiment_id == experiment.id).order_by(Event.id))
        )
        assert events[0].trigger == "create"
        assert events[-1].to_state == experiment.state
        times = [event.at for event in events]
        assert times == sorted(times) and times[-1] < NOW
    oldest = built.exec(select(func.min(Event.at))).one()
    assert NOW - oldest > timedelta(days=180)


def test_a_step_in_the_future_is_refused():
    spec = Spec(title="Trop tôt", owner="agent", state="draft", started=3, fields={}, journal=())
    late = Spec(**{**spec.__dict__, "started": 3, "late_fields": ("problem",), "completed_on": 5})
    assert len(steps_of(spec)) == 1
    with pytest.raises(ValueError, match="in the future"):
        steps_of(late)


def _decisions(session) -> list[tuple[str, str, str | None]]:
    """(gate kind, decision, restart point) of every decided gate."""
    rows = session.exec(
        select(Gate.kind, GateDecision.decision, GateDecision.restart_at).join(
            GateDecision, col(GateDecision.gate_id) == Gate.id
        )
    ).all()
    return [tuple(row) for row in rows]


def test_boards_decide_every_kind_of_outcome(built):
    decisions = _decisions(built)
    assert {decision for _kind, decision, _restart in decisions} == set(DECISIONS)
    assert ("pilot", "stop", None) in decisions and ("decision", "stop", None) in decisions
    assert ("pilot", "adapt", "prototype") in decisions
    assert {("decision", "adapt", "prototype"), ("decision", "adapt", "pilot")} <= set(decisions)
    stopping = (
        select(Gate.experiment_id)
        .join(GateDecision, col(GateDecision.gate_id) == Gate.id)
        .where(GateDecision.decision == "stop")
    )
    stopped = built.exec(select(Experiment).where(col(Experiment.id).in_(stopping))).all()
    assert len(stopped) == 2 and {e.state for e in stopped} == {"stopped"}


def test_each_organisation_has_a_board_and_open_gates_with_votes(built):
    for organisation, _ in demo.CATALOGUES:
        org = built.exec(select(Organisation).where(Organisation.name == organisation.name)).one()
        board = built.exec(select(Board).where(Board.organisation_id == org.id)).one()
        assert board.is_default and board.quorum == 2
        open_gates = built.exec(
            select(Gate).where(Gate.board_id == board.id, Gate.status == "open")
        ).all()
        assert open_gates
        for gate in open_gates:
            assert built.exec(select(Vote).where(Vote.gate_id == gate.id)).first() is not None


def test_a_hold_and_a_conditional_go_whose_condition_is_met(built):
    held = built.exec(select(GateDecision).where(GateDecision.decision == "hold")).all()
    assert held and all(row.next_review_date is not None for row in held)
    conditions = built.exec(select(GateCondition)).all()
    assert conditions and all(condition.met for condition in conditions)


def test_adapted_experiments_start_a_new_iteration(built):
    adapted = built.exec(select(Experiment).where(Experiment.iteration > 1)).all()
    assert {experiment.state for experiment in adapted} == {"prototype", "pilot"}


def test_stopped_experiments_show_every_retrospective_state(built):
    from tracker.models import FollowUp, Retrospective, RetrospectiveAddendum
    from workflows.retrospective import STATES as RETROSPECTIVE_STATES

    rows = built.exec(select(Retrospective)).all()
    stopped = built.exec(select(Experiment).where(Experiment.state == "stopped")).all()
    assert len(rows) == len(stopped)
    assert {row.state for row in rows} == set(RETROSPECTIVE_STATES)
    published = [row for row in rows if row.state == "published"]
    for row in published:
        assert row.published_at is not None and row.what_we_learned
    ids = [row.id for row in published]
    follow_ups = built.exec(select(FollowUp).where(col(FollowUp.retrospective_id).in_(ids))).all()
    assert {f.status for f in follow_ups} == {"open", "done", "not_doing"}
    addenda = built.exec(
        select(RetrospectiveAddendum).where(col(RetrospectiveAddendum.retrospective_id).in_(ids))
    ).all()
    assert addenda and all(
        a.at > row.published_at
        for a in addenda
        for row in published
        if row.id == a.retrospective_id
    )
    changes = built.exec(
        select(Event).where(Event.trigger == "retrospective_changes_requested")
    ).all()
    assert changes, "one retrospective went back to its team before publication"


def test_each_organisation_has_a_charter_and_a_takeover_links_two_of_them(built):
    from tracker.models import CharterAcknowledgement, CharterVersion

    organisations = built.exec(select(Organisation.id)).all()
    with_charter = built.exec(select(CharterVersion.organisation_id)).all()
    assert set(with_charter) == set(organisations)
    # Every go at a pilot gate after the charter carries both acknowledgements.
    roles = built.exec(select(CharterAcknowledgement.role)).all()
    assert "owner" in roles and "chair" in roles
    taken = built.exec(select(Experiment).where(col(Experiment.taken_over_from_id).is_not(None)))
    [taken] = taken.all()
    source = built.get(Experiment, taken.taken_over_from_id)
    assert source.state == "stopped" and source.organisation_id != taken.organisation_id


def test_the_demo_has_replication_chains_a_scaling_plan_and_derogations(built):
    from tracker.models import Derogation, ScalingMilestone, User
    from tracker.services import replication as replication_service

    session = built
    apa = session.exec(select(Experiment).where(Experiment.title == replication.APA)).one()
    gironde = session.exec(select(User).where(User.email == "agent@gironde.demo.example")).one()
    root = replication_service.lineage(session=session, actor=gironde, experiment_id=apa.id)
    assert max(node.depth for node in root.walk()) == 3
    assert len(root.children) == 2
    # Lozère's internal replicas are redacted for Gironde, its public one is not.
    assert [node.redacted for node in root.walk()] == [False, False, True, True, False]
    bus = session.exec(select(Experiment).where(Experiment.title == replication.BUS)).one()
    assert (
        session.exec(
            select(func.count())
            .select_from(Experiment)
            .where(Experiment.replicated_from_id == bus.id)
        ).one()
        == 1
    )
    assert session.exec(select(func.count()).select_from(ScalingMilestone)).one() == 3
    assert session.exec(select(func.count()).select_from(Derogation)).one() == 3
