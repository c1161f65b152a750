"""Replication: replicas derived from a visible source, and the lineage tree (recursive CTE)."""

import pytest
from sqlalchemy import event
from sqlmodel import select

from tests.conftest import NOW
from tests.factories import make_experiment
from tests.scaling_steps import replicate
from tracker.models import Event, Lesson
from tracker.services import experiments as experiment_service
from tracker.services import replication as replication_service
from tracker.services.errors import Invalid, NotFound


def _public(session, owner, **fields):
    experiment = make_experiment(session, owner, NOW, **fields)
    return experiment_service.update(
        session=session,
        actor=owner,
        experiment_id=experiment.id,
        version=experiment.version,
        changes={"visibility": "public"},
        now=NOW,
    )


def test_a_replica_is_a_draft_of_the_callers_organisation_prefilled_and_linked(session, world):
    source = _public(session, world.agent_a, problem="Les dossiers se perdent.")
    replica = replicate(session, world.agent_b, source, territory="Gironde")
    assert replica.replicated_from_id == source.id
    assert (replica.organisation_id, replica.owner_id) == (world.org_b.id, world.agent_b.id)
    assert (replica.state, replica.visibility) == ("draft", "internal")
    assert replica.problem == "Les dossiers se perdent."
    assert replica.hypothesis == source.hypothesis
    assert replica.success_criteria == source.success_criteria
    assert replica.territory == "Gironde"
    marks = session.exec(select(Event).where(Event.experiment_id == source.id)).all()
    assert [e.data for e in marks if e.trigger == "replicated"] == [
        {"replica_id": replica.id, "organisation_id": world.org_b.id}
    ]


def test_an_internal_source_of_another_organisation_cannot_be_replicated(session, world):
    source = make_experiment(session, world.agent_a, NOW)
    with pytest.raises(NotFound):
        replicate(session, world.agent_b, source)


def test_a_blank_title_is_refused(session, world):
    source = make_experiment(session, world.agent_a, NOW)
    with pytest.raises(Invalid):
        replicate(session, world.colleague_a, source, title="")


def _chain(session, world):
    """origin (A, public) -> r1 (B, internal) -> r11 (B, public), r12 (A, internal);
    origin -> r2 (A, internal) -> r21 (A, internal) -> r211 (A, internal)."""
    origin = _public(session, world.agent_a, title="Origine")
    r1 = replicate(session, world.agent_b, origin, title="R1")
    r11 = replicate(session, world.agent_b, r1, title="R1.1")
    r11 = experiment_service.update(
        session=session,
        actor=world.agent_b,
        experiment_id=r11.id,
        version=r11.version,
        changes={"visibility": "public"},
        now=NOW,
    )
    r12 = replicate(session, world.agent_b, r1, title="R1.2")
    # r12 handed to organisation A's view: replicate again from A's side to branch.
    r2 = replicate(session, world.colleague_a, origin, title="R2")
    r21 = replicate(session, world.agent_a, r2, title="R2.1")
    r211 = replicate(session, world.agent_a, r21, title="R2.1.1")
    return origin, r1, r11, r12, r2, r21, r211


def _shape(node):
    return (node.title, node.redacted, [_shape(child) for child in node.children])


def test_the_lineage_is_the_whole_tree_from_any_of_its_members(session, world):
    origin, r1, r11, r12, r2, r21, r211 = _chain(session, world)
    for member in (origin, r21, r211):
        root = replication_service.lineage(
            session=session, actor=world.agent_a, experiment_id=member.id
        )
        assert root.id == origin.id
        assert [n.depth for n in root.walk()] == [0, 1, 2, 2, 1, 2, 3]
        assert [n.current for n in root.walk()].count(True) == 1
        assert next(n for n in root.walk() if n.current).id == member.id
    deepest = root.children[1].children[0].children[0]
    assert (deepest.id, deepest.title, deepest.state) == (r211.id, "R2.1.1", "draft")
    assert deepest.organisation == world.org_a.name and deepest.territory == "Lozère"


def test_nodes_of_another_organisation_are_redacted_but_keep_their_place(session, world):
    origin, r1, r11, r12, *_ = _chain(session, world)
    root = replication_service.lineage(
        session=session, actor=world.agent_a, experiment_id=origin.id
    )
    assert _shape(root) == (
        "Origine",
        False,
        [
            (None, True, [("R1.1", False, []), (None, True, [])]),
            ("R2", False, [("R2.1", False, [("R2.1.1", False, [])])]),
        ],
    )
    hidden = root.children[0]
    assert (hidden.id, hidden.state, hidden.outcome, hidden.organisation, hidden.territory) == (
        None,
        None,
        None,
        None,
        None,
    )
    # Organisation B sees its own replicas, the public origin, and none of A's internal ones.
    seen_by_b = replication_service.lineage(
        session=session, actor=world.agent_b, experiment_id=r12.id
    )
    assert _shape(seen_by_b) == (
        "Origine",
        False,
        [
            ("R1", False, [("R1.1", False, []), ("R1.2", False, [])]),
            (None, True, [(None, True, [(None, True, [])])]),
        ],
    )


def test_the_lineage_of_an_invisible_experiment_is_not_found(session, world):
    _origin, _r1, _r11, r12, *_ = _chain(session, world)
    with pytest.raises(NotFound):
        replication_service.lineage(session=session, actor=world.agent_a, experiment_id=r12.id)


def test_the_lineage_costs_one_query_whatever_its_depth(session, world, app):
    origin, *_rest, r211 = _chain(session, world)
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        replication_service.lineage(session=session, actor=world.agent_a, experiment_id=r211.id)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    tree = [s for s in statements if "lineage_down" in s]
    assert len(tree) == 1
    # The experiment itself (visibility check), then the tree: nothing per node.
    assert len(statements) <= 2


def test_lessons_of_replicas_flow_back_to_the_origin(session, world):
    origin, r1, r11, r12, r2, r21, r211 = _chain(session, world)
    for experiment, visibility, title in (
        (r211, "internal", "Leçon de R2.1.1"),
        (r12, "internal", "Leçon interne de B"),
        (r11, "public", "Leçon publique de B"),
    ):
        session.add(
            Lesson(
                experiment_id=experiment.id,
                organisation_id=experiment.organisation_id,
                kind="scale",
                title=title,
                outcome="scale",
                visibility=visibility,
                created_at=NOW,
            )
        )
    session.commit()
    titles = {
        lesson.title
        for lesson in replication_service.replica_lessons(
            session=session, actor=world.agent_a, experiment_id=origin.id
        )
    }
    assert titles == {"Leçon de R2.1.1", "Leçon publique de B"}
    below_r2 = replication_service.replica_lessons(
        session=session, actor=world.agent_a, experiment_id=r2.id
    )
    assert [lesson.title for lesson in below_r2] == ["Leçon de R2.1.1"]
